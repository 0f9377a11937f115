import { Link } from 'react-router';
import { absoluteTime } from '../lib/time';
import { RelativeTime } from './relative-time';

/** Onboarding's last step: waiting for the first event, then saying when it came. */
export function FirstEventStatus({
  firstEvent,
  issuesUrl,
}: {
  firstEvent: string | null;
  issuesUrl: string;
}) {
  if (!firstEvent) {
    return (
      <div className="first-event waiting" role="status" data-testid="first-event">
        <span className="pulse" aria-hidden="true" />
        <div>
          <strong>Waiting for the first event…</strong>
          <p className="muted">Run your app with the snippet above; this page checks every two seconds.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="first-event arrived" role="status" data-testid="first-event">
      <span className="check" aria-hidden="true">
        ✓
      </span>
      <div>
        <strong>
          First event received <RelativeTime date={firstEvent} />
        </strong>
        <p className="muted">At {absoluteTime(firstEvent)}.</p>
      </div>
      <Link className="btn btn-primary" to={issuesUrl}>
        Take me to the issue
      </Link>
    </div>
  );
}
