import { useState } from 'react';
import type { Frame } from '../../lib/event-data';
import { frameLocation, sourceLines } from '../../lib/frames';
import { KeyValueTable } from '../key-value-table';

/** One stack frame: its location line, and when open its source context and local variables. */
export function FrameView({ frame, open, crashing }: { frame: Frame; open: boolean; crashing: boolean }) {
  const [expanded, setExpanded] = useState(open);
  const lines = sourceLines(frame);
  const vars = frame.vars ? Object.entries(frame.vars) : [];
  const hasDetail = lines.length > 0 || vars.length > 0;
  return (
    <li className={`frame${frame.inApp ? ' in-app' : ' system'}${crashing ? ' crashing' : ''}`}>
      <button
        type="button"
        className="frame-line"
        aria-expanded={hasDetail ? expanded : undefined}
        disabled={!hasDetail}
        onClick={() => setExpanded(!expanded)}
      >
        <span className="frame-file">{frameLocation(frame)}</span>
        {frame.function && (
          <>
            <span className="muted"> in </span>
            <span className="frame-function">{frame.function}</span>
          </>
        )}
        {frame.inApp && <span className="pill pill-app">In app</span>}
        {hasDetail && (
          <span className="frame-toggle" aria-hidden="true">
            {expanded ? '−' : '+'}
          </span>
        )}
      </button>
      {expanded && hasDetail && (
        <div className="frame-detail">
          {lines.length > 0 && (
            <ol className="source" aria-label="Source context">
              {lines.map((l, i) => (
                <li key={i} className={l.current ? 'current' : undefined}>
                  <span className="lineno">{l.lineno ?? ''}</span>
                  <code>{l.text}</code>
                </li>
              ))}
            </ol>
          )}
          {vars.length > 0 && (
            <div className="frame-vars">
              <div className="frame-vars-title">Local variables</div>
              <KeyValueTable rows={vars} />
            </div>
          )}
        </div>
      )}
    </li>
  );
}
