import { displayValue, type RequestInfo } from '../../lib/event-data';
import { KeyValueTable } from '../key-value-table';
import { Section } from './section';

/**
 * The HTTP request. The URL is shown as text, never as a link: it came from the event, and a
 * `javascript:` URL one click away from a signed-in user is exactly what an attacker would send.
 */
export function RequestSection({ request }: { request: RequestInfo }) {
  return (
    <Section title="Request" testId="request">
      <div className="request-line">
        {request.method && <span className="pill">{request.method}</span>}
        <code className="request-url">{request.url ?? '(no URL)'}</code>
      </div>
      {request.queryString && (
        <>
          <h3>Query string</h3>
          <pre className="block">{request.queryString}</pre>
        </>
      )}
      {request.data !== undefined && request.data !== null && (
        <>
          <h3>Body</h3>
          <pre className="block">{displayValue(request.data)}</pre>
        </>
      )}
      {request.headers.length > 0 && (
        <>
          <h3>Headers</h3>
          <KeyValueTable rows={request.headers} />
        </>
      )}
      {request.cookies.length > 0 && (
        <>
          <h3>Cookies</h3>
          <KeyValueTable rows={request.cookies} />
        </>
      )}
      {request.env && (
        <>
          <h3>Environment</h3>
          <KeyValueTable rows={Object.entries(request.env)} />
        </>
      )}
    </Section>
  );
}
