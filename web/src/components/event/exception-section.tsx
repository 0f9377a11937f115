import { useState } from 'react';
import type { ExceptionValue } from '../../lib/event-data';
import { Section } from './section';
import { StackTrace } from './stack-trace';

/**
 * The exception chain. The protocol sends the oldest cause first; people read the error that surfaced
 * first, so the chain is shown newest first with "caused by" between links, like most runtimes print it.
 */
export function ExceptionSection({ values }: { values: ExceptionValue[] }) {
  const [newestFirst, setNewestFirst] = useState(true);
  const chain = [...values].reverse();
  return (
    <Section
      title={chain.length > 1 ? `Exception (${chain.length} chained)` : 'Exception'}
      testId="exception"
      actions={
        <button type="button" className="btn btn-small" onClick={() => setNewestFirst(!newestFirst)}>
          {newestFirst ? 'Most recent call first' : 'Most recent call last'}
        </button>
      }
    >
      {chain.map((ex, i) => (
        <div className="exception" key={i}>
          {i > 0 && <div className="caused-by">Caused by</div>}
          <div className="exception-head">
            <span className="exception-type">{ex.module ? `${ex.module}.${ex.type}` : ex.type}</span>
            {ex.mechanism && (
              <span className={`pill ${ex.mechanism.handled === false ? 'pill-unhandled' : ''}`}>
                {ex.mechanism.type ?? 'mechanism'}
                {ex.mechanism.handled === false ? ' · unhandled' : ex.mechanism.handled ? ' · handled' : ''}
              </span>
            )}
          </div>
          {ex.value && <pre className="exception-value">{ex.value}</pre>}
          <StackTrace frames={ex.frames} newestFirst={newestFirst} />
        </div>
      ))}
    </Section>
  );
}
