import { describe, expect, it } from 'vitest';
import { encodedSizeBound } from './size-bound.js';

const exact = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

describe('encodedSizeBound', () => {
  it('never undercounts, even for the costliest characters', () => {
    const values: unknown[] = [
      { a: 'x', b: [1, -1.7976931348623157e308, null, true, false], c: {} },
      { s: '\u0001\u001f"\\\n', lone: '\ud800', pair: '😀', bmp: 'é€' },
      [undefined, 'x', { u: undefined }],
      { nested: { deeper: { list: Array.from({ length: 50 }, (_, i) => ({ i, s: 'v'.repeat(i) })) } } },
      'plain',
      Number.NaN,
    ];
    for (const v of values)
      expect(encodedSizeBound(v, Number.MAX_SAFE_INTEGER)).toBeGreaterThanOrEqual(exact(v));
  });

  it('gives up (Infinity) above the cap and on anything but plain JSON data', () => {
    expect(encodedSizeBound({ s: 'x'.repeat(100) }, 50)).toBe(Infinity);
    expect(encodedSizeBound({ d: new Date(0) }, 1e9)).toBe(Infinity);
    expect(encodedSizeBound({ f: () => 1 }, 1e9)).toBe(Infinity);
    expect(encodedSizeBound({ s: 'x' }, 1e9)).toBeLessThan(100);
  });
});
