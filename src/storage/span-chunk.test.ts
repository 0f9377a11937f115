import { describe, expect, it } from 'vitest';
import type { ProcessedSpan } from '../digest/performance/types.js';
import type { SpanRow } from './performance-types.js';
import {
  mergeSpanRows,
  newSpanChunks,
  packSpanChunks,
  spanIdKey,
  spanIdKeys,
  unpackSpanChunk,
  withoutStored,
  type SpanChunk,
} from './span-chunk.js';

const TRACE = 'ab'.repeat(16);
const OTHER_TRACE = 'cd'.repeat(16);
const TX = 'ef'.repeat(16);
const id = (n: number): string => n.toString(16).padStart(16, '0');

function span(n: number, o: Partial<ProcessedSpan> = {}): ProcessedSpan {
  return {
    projectId: 4,
    traceId: TRACE,
    spanId: id(n),
    parentSpanId: n === 1 ? null : id(1),
    segmentId: id(1),
    transactionEventId: TX,
    op: n === 1 ? 'http.server' : 'db.query',
    description: `span ${n}`,
    status: 'ok',
    origin: n === 1 ? null : 'auto.db',
    startTimestamp: 1_763_700_000_000 + n,
    endTimestamp: 1_763_700_000_010 + n,
    durationMs: 10.000123,
    exclusiveTimeMs: n === 1 ? 4.5 : null,
    isSegment: n === 1,
    data: { 'db.system': 'postgresql', nested: { list: [1, 'two', null, true] } },
    tags: [['shard', String(n)]],
    receivedAt: 1_763_700_001_000,
    ...o,
  };
}

/** What storage hands back for a span it was given. */
function rowOf(s: ProcessedSpan): SpanRow {
  return {
    projectId: s.projectId,
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    segmentId: s.segmentId,
    transactionEventId: s.transactionEventId,
    op: s.op,
    description: s.description,
    status: s.status,
    startTimestamp: s.startTimestamp,
    durationMs: s.durationMs,
    exclusiveTimeMs: s.exclusiveTimeMs,
    isSegment: s.isSegment,
    data: s.data,
    tags: s.tags,
    origin: s.origin,
  };
}

const unpack = (c: SpanChunk): SpanRow[] => unpackSpanChunk(c, c.body);

describe('span chunks', () => {
  it('pack every field of a span and give each one back as stored', () => {
    const spans = [
      span(1),
      span(2),
      // A span of the same transaction naming another trace (transaction items allow it).
      span(3, { traceId: OTHER_TRACE, description: null, tags: [] }),
      span(4, { segmentId: id(9) }),
      span(5, { traceId: OTHER_TRACE, segmentId: id(9), status: 'internal_error' }),
    ];
    const [chunk, ...rest] = packSpanChunks(spans);
    expect(rest).toEqual([]);
    expect(chunk).toMatchObject({
      projectId: 4,
      transactionEventId: TX,
      receivedAt: 1_763_700_001_000,
      startTimestamp: 1_763_700_000_001,
      count: 5,
    });
    expect(spanIdKeys(chunk!.spanIds)).toEqual(spans.map((s) => s.spanId));
    expect(unpack(chunk!)).toEqual(spans.map(rowOf));
  });

  it('make one chunk per transaction and delivery, keeping a repeated span id once', () => {
    const other = 'aa'.repeat(16);
    const chunks = packSpanChunks([
      span(1),
      span(2, { transactionEventId: other }),
      span(3),
      span(3, { description: 'the repeat' }),
      span(4, { receivedAt: 1 }),
    ]);
    expect(chunks.map((c) => [c.transactionEventId, c.receivedAt, spanIdKeys(c.spanIds)])).toEqual([
      [TX, 1_763_700_001_000, [id(1), id(3)]],
      [other, 1_763_700_001_000, [id(2)]],
      [TX, 1, [id(4)]],
    ]);
    expect(unpack(chunks[0]!)[1]!.description).toBe('span 3');
    expect(packSpanChunks([])).toEqual([]);
  });

  it('key span ids that are not 16 hex digits by a hash, the same every time', () => {
    expect(spanIdKey(id(255))).toBe(id(255));
    expect(spanIdKey('not-hex')).toMatch(/^[0-9a-f]{16}$/);
    expect(spanIdKey('not-hex')).toBe(spanIdKey('not-hex'));
    expect(spanIdKey('not-hex')).not.toBe(spanIdKey('not-hex2'));
    const [chunk] = packSpanChunks([span(1, { spanId: 'not-hex' })]);
    expect(spanIdKeys(chunk!.spanIds)).toEqual([spanIdKey('not-hex')]);
    expect(unpack(chunk!)[0]!.spanId).toBe('not-hex');
  });

  it('leave out spans already stored, and nothing when all are', () => {
    const [chunk] = packSpanChunks([span(1), span(2), span(3)]);
    expect(withoutStored(chunk!, new Set([id(7)]))).toBe(chunk);
    const left = withoutStored(chunk!, new Set([id(2)]))!;
    expect(left.count).toBe(2);
    expect(spanIdKeys(left.spanIds)).toEqual([id(1), id(3)]);
    expect(unpack(left)).toEqual([rowOf(span(1)), rowOf(span(3))]);
    expect(withoutStored(chunk!, new Set([id(1), id(2), id(3)]))).toBeNull();
  });

  it('store a span delivered twice once, across a batch and against what is stored', () => {
    // One segment over three envelopes: the second repeats a span of the first, the third is a replay.
    const first = packSpanChunks([span(1), span(2)]);
    const second = packSpanChunks([span(2, { receivedAt: 5 }), span(3, { receivedAt: 5 })]);
    const asked: string[] = [];
    const fresh = newSpanChunks([...first, ...second, ...first], (p, e) => {
      asked.push(`${p}:${e}`);
      return [];
    });
    expect(asked).toEqual([`4:${TX}`]); // once per transaction
    expect(fresh.map((c) => spanIdKeys(c.spanIds))).toEqual([[id(1), id(2)], [id(3)]]);
    expect(unpack(fresh[1]!)).toEqual([rowOf(span(3, { receivedAt: 5 }))]);
    // Stored already (an earlier batch): only the new span is left.
    const later = newSpanChunks(second, () => [id(1), id(2)]);
    expect(later.map((c) => spanIdKeys(c.spanIds))).toEqual([[id(3)]]);
    expect(newSpanChunks(first, () => [id(1), id(2)])).toEqual([]);
  });

  it('merge rows of several sources in waterfall order, each span once (the first source wins)', () => {
    const a = rowOf(span(2, { startTimestamp: 10 }));
    const root = rowOf(span(1, { startTimestamp: 10 }));
    const b = rowOf(span(3, { startTimestamp: 5 }));
    const c = rowOf(span(4, { startTimestamp: 10 }));
    const again = { ...a, description: 'a later delivery' };
    const otherTrace = { ...a, traceId: OTHER_TRACE };
    expect(mergeSpanRows([[c, a], [again, b, root], [otherTrace]])).toEqual([b, root, a, otherTrace, c]);
    expect(mergeSpanRows([])).toEqual([]);
  });

  it('read a body of an unknown format as no spans rather than guessing', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const key = { projectId: 1, transactionEventId: TX };
    expect(unpackSpanChunk(key, deflateRawSync(JSON.stringify([2, TRACE, id(1), [[id(1)]]])))).toEqual([]);
    expect(unpackSpanChunk(key, deflateRawSync(JSON.stringify({ spans: [] })))).toEqual([]);
    // Malformed entries inside a format-1 body are skipped one by one.
    const body = deflateRawSync(JSON.stringify([1, TRACE, id(1), [7, [id(2)], null]]));
    expect(unpackSpanChunk(key, body)).toEqual([
      expect.objectContaining({ spanId: id(2), op: 'default', status: 'unknown', data: {}, tags: [] }),
    ]);
  });
});
