import { useState } from 'react';
import type { Frame } from '../../lib/event-data';
import { layoutFrames, type FrameRow } from '../../lib/frames';
import { FrameView } from './frame-view';

function Folded({ row }: { row: Extract<FrameRow, { kind: 'folded' }> }) {
  const [open, setOpen] = useState(false);
  if (open) {
    return (
      <>
        {row.frames.map(({ frame, index }) => (
          <FrameView key={index} frame={frame} open={false} crashing={false} />
        ))}
      </>
    );
  }
  return (
    <li className="frame folded">
      <button type="button" className="frame-line" onClick={() => setOpen(true)}>
        <span className="muted">
          {row.frames.length} library frame{row.frames.length === 1 ? '' : 's'} hidden
        </span>
        <span className="frame-toggle" aria-hidden="true">
          +
        </span>
      </button>
    </li>
  );
}

/** A stack trace, crashing frame first by default, library frames folded. */
export function StackTrace({ frames, newestFirst }: { frames: Frame[]; newestFirst: boolean }) {
  if (frames.length === 0) return <p className="muted">No stack trace was sent.</p>;
  const rows = layoutFrames(frames, newestFirst);
  return (
    <ol className="stack-trace" data-testid="stack-trace">
      {rows.map((row) =>
        row.kind === 'frame' ? (
          <FrameView key={`f${row.index}`} frame={row.frame} open={row.open} crashing={row.crashing} />
        ) : (
          <Folded key={`g${row.frames[0]?.index ?? 0}`} row={row} />
        ),
      )}
    </ol>
  );
}
