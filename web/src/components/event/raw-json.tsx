import { useState } from 'react';
import { CopyButton } from '../copy-button';
import { Section } from './section';

/** The whole event as indented JSON text, folded until asked for (it can be large). */
export function RawJson({ event }: { event: unknown }) {
  const [open, setOpen] = useState(false);
  const text = open ? JSON.stringify(event, null, 2) : '';
  return (
    <Section
      title="Raw JSON"
      testId="raw-json"
      actions={
        <span className="row-gap">
          {open && <CopyButton text={text} />}
          <button type="button" className="btn btn-small" onClick={() => setOpen(!open)}>
            {open ? 'Hide' : 'Show raw JSON'}
          </button>
        </span>
      }
    >
      {open ? (
        <pre className="block raw-json">{text}</pre>
      ) : (
        <p className="muted">The event exactly as stored.</p>
      )}
    </Section>
  );
}
