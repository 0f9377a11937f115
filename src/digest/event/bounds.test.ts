import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  MAX_DEPTH_MARKER,
  dropMiddle,
  encodedSize,
  keepLast,
  toBoundedJson,
  truncate,
} from './bounds.js';
import { processEvent } from './process-event.js';

const ctx = { projectId: 1, receivedAt: Date.parse('2026-03-01T12:00:00Z') };

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
}

function depthOf(value: unknown): number {
  let depth = 0;
  let current = value;
  while (current && typeof current === 'object' && 'child' in current) {
    current = (current as { child: unknown }).child;
    depth++;
  }
  return current === MAX_DEPTH_MARKER ? depth : -1;
}

describe('helpers', () => {
  it('truncate ends in ... and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 5)).toBe('ab...');
    expect(truncate('a😀bcdef', 5)).toBe('a...');
    expect(truncate('short', 10)).toBe('short');
  });

  it('keepLast keeps the newest, dropMiddle keeps both ends', () => {
    expect(keepLast([1, 2, 3, 4], 2)).toEqual([3, 4]);
    expect(dropMiddle([1, 2, 3, 4, 5, 6, 7], 4)).toEqual([1, 2, 6, 7]);
  });

  it('toBoundedJson replaces deep containers with a marker and drops non-JSON values', () => {
    expect(toBoundedJson({ a: { b: { c: 1 } } }, { depth: 2 })).toEqual({ a: { b: MAX_DEPTH_MARKER } });
    expect(toBoundedJson({ n: NaN, f: () => 1, u: undefined, ok: [1, undefined] }, { depth: 3 })).toEqual({
      n: null,
      ok: [1, null],
    });
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as unknown;
    const out = toBoundedJson(proto, { depth: 3 }) as Record<string, unknown>;
    expect(out).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('hostile events are bounded, never fatal', () => {
  it('a 100-level deep extra is cut at the depth limit', () => {
    const ev = processEvent({ message: 'm', extra: { deep: nested(100) } }, ctx);
    const extra = ev.data['extra'] as { deep: unknown };
    expect(depthOf(extra.deep)).toBe(LIMITS.depth - 1);
  });

  it('a 10 MB string is truncated everywhere it can appear', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const ev = processEvent(
      {
        message: huge,
        exception: [{ type: huge, value: huge }],
        extra: { huge },
        tags: { t: huge },
        user: { id: huge },
        request: { url: huge, headers: { h: huge } },
      },
      ctx,
    );
    expect(ev.title.length).toBeLessThan(400);
    expect(encodedSize(ev.data)).toBeLessThanOrEqual(LIMITS.encodedBytes);
    expect(ev.hashes.length).toBeGreaterThanOrEqual(1);
  });

  it('10,000 breadcrumbs keep the newest 100, in order', () => {
    const breadcrumbs = Array.from({ length: 10_000 }, (_, i) => ({ message: `crumb ${i}` }));
    const ev = processEvent({ message: 'm', breadcrumbs }, ctx);
    const values = (ev.data['breadcrumbs'] as { values: Array<{ message: string }> }).values;
    expect(values).toHaveLength(100);
    expect(values[0]!.message).toBe('crumb 9900');
    expect(values[99]!.message).toBe('crumb 9999');
  });

  it('frames, exceptions and tags are capped', () => {
    const frames = Array.from({ length: 1000 }, (_, i) => ({ function: `f${i}`, filename: 'a.py' }));
    const exceptions = Array.from({ length: 100 }, (_, i) => ({ type: `E${i}`, stacktrace: { frames } }));
    const tags = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`t${i}`, 'v']));
    const ev = processEvent({ platform: 'python', exception: exceptions, tags }, ctx);
    const values = (
      ev.data['exception'] as {
        values: Array<{ type: string; stacktrace: { frames: Array<{ function: string }> } }>;
      }
    ).values;
    expect(values).toHaveLength(LIMITS.exceptions);
    expect(values[values.length - 1]!.type).toBe('E99');
    const kept = values[0]!.stacktrace.frames;
    expect(kept).toHaveLength(LIMITS.frames);
    expect(kept[0]!.function).toBe('f0');
    expect(kept[kept.length - 1]!.function).toBe('f999');
    expect(ev.tags.filter(([k]) => k.startsWith('t')).length).toBe(LIMITS.tags);
    expect(encodedSize(ev.data)).toBeLessThanOrEqual(LIMITS.encodedBytes + 64 * 1024);
  });

  it('an event far over the size budget sheds optional parts', () => {
    const blob = 'y'.repeat(200 * 1024);
    const extra = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, blob]));
    const contexts = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`c${i}`, { blob }]));
    const ev = processEvent({ message: 'big', extra, contexts }, ctx);
    expect(encodedSize(ev.data)).toBeLessThanOrEqual(LIMITS.encodedBytes + 64 * 1024);
    expect(ev.title).toBe('big');
  });
});
