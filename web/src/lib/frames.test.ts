import { describe, expect, it } from 'vitest';
import type { Frame } from './event-data';
import { layoutFrames, sourceLines } from './frames';

const frame = (name: string, inApp: boolean, extra: Partial<Frame> = {}): Frame => ({
  filename: `${name}.js`,
  function: name,
  module: null,
  lineno: 10,
  colno: null,
  inApp,
  contextLine: null,
  preContext: [],
  postContext: [],
  vars: null,
  ...extra,
});

describe('stack trace layout', () => {
  it('puts the crashing frame first, opens app frames and folds runs of library frames', () => {
    const rows = layoutFrames(
      [
        frame('lib1', false),
        frame('lib2', false),
        frame('main', true),
        frame('lib3', false),
        frame('crash', true),
      ],
      true,
    );
    expect(rows.map((r) => (r.kind === 'frame' ? r.frame.function : `folded ${r.frames.length}`))).toEqual([
      'crash',
      'folded 1',
      'main',
      'folded 2',
    ]);
    expect(rows[0]).toMatchObject({ kind: 'frame', open: true, crashing: true });
  });

  it('folds nothing when no frame is in-app, opening only the crashing frame', () => {
    const rows = layoutFrames([frame('a', false), frame('b', false)], true);
    expect(rows).toMatchObject([
      { kind: 'frame', open: true, crashing: true },
      { kind: 'frame', open: false, crashing: false },
    ]);
  });

  it('numbers source context around the frame line', () => {
    const lines = sourceLines(
      frame('x', true, { lineno: 5, contextLine: 'c', preContext: ['a', 'b'], postContext: ['d'] }),
    );
    expect(lines).toEqual([
      { lineno: 3, text: 'a', current: false },
      { lineno: 4, text: 'b', current: false },
      { lineno: 5, text: 'c', current: true },
      { lineno: 6, text: 'd', current: false },
    ]);
  });
});
