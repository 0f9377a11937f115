// How a stack trace is laid out: the reader's own code open, library code folded away, as Sentry does.
// Pure functions, so the layout rules are testable without a browser.

import type { Frame } from './event-data';

/** A row of the rendered stack trace. */
export type FrameRow =
  | { kind: 'frame'; frame: Frame; index: number; open: boolean; crashing: boolean }
  | { kind: 'folded'; frames: Array<{ frame: Frame; index: number }> };

/**
 * Lays frames out newest first (the crashing frame on top) or oldest first. In-app frames are shown
 * open with their source; runs of library frames fold into one row. When no frame is marked in-app
 * (an SDK without in-app rules), nothing folds and only the crashing frame opens, so the trace is
 * never hidden entirely.
 */
export function layoutFrames(frames: Frame[], newestFirst: boolean): FrameRow[] {
  const anyInApp = frames.some((f) => f.inApp);
  const indexed = frames.map((frame, index) => ({ frame, index }));
  if (newestFirst) indexed.reverse();
  const crashingIndex = frames.length - 1;
  const rows: FrameRow[] = [];
  for (const item of indexed) {
    const crashing = item.index === crashingIndex;
    if (!anyInApp || item.frame.inApp) {
      rows.push({
        kind: 'frame',
        ...item,
        crashing,
        open: anyInApp ? true : crashing,
      });
      continue;
    }
    const last = rows[rows.length - 1];
    if (last?.kind === 'folded') last.frames.push(item);
    else rows.push({ kind: 'folded', frames: [item] });
  }
  return rows;
}

/** Source lines around a frame with their line numbers; empty when the SDK sent no context. */
export function sourceLines(frame: Frame): Array<{ lineno: number | null; text: string; current: boolean }> {
  if (frame.contextLine === null) return [];
  const at = frame.lineno;
  const num = (offset: number) => (at === null ? null : at + offset);
  return [
    ...frame.preContext.map((text, i) => ({
      lineno: num(i - frame.preContext.length),
      text,
      current: false,
    })),
    { lineno: at, text: frame.contextLine, current: true },
    ...frame.postContext.map((text, i) => ({ lineno: num(i + 1), text, current: false })),
  ];
}

/** "app/worker.js in step at line 20:9", Sentry's one-line frame summary. */
export function frameLocation(frame: Frame): string {
  const where = frame.filename ?? frame.module ?? '<unknown>';
  const line =
    frame.lineno === null ? '' : `:${frame.lineno}${frame.colno === null ? '' : `:${frame.colno}`}`;
  return `${where}${line}`;
}
