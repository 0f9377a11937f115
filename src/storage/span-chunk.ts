/**
 * How spans are stored: in chunks. A chunk holds the spans of one transaction or segment that arrived
 * in one item (a `transaction` item's spans, or one segment's share of a v2 container), packed into one
 * deflated blob, plus the span ids as 8 bytes each so duplicate checks need not unpack anything.
 *
 * Why: a row per span cost a row, three B-tree entries (two of them at random keys) and a deflate call
 * per span, about half of the ~65 µs of server CPU per span the span bench measured, most of it fixed
 * per-call and per-row overhead. One row and one deflate per transaction spreads that over its spans. Nothing queries spans by their own fields: they are only ever
 * read whole, per transaction (the waterfall, the trace view's span owners), so packing loses no query.
 *
 * Body: raw deflate of the JSON `[1, traceId, segmentId, [span, …]]`, each span a positional array
 * (see {@link SpanTuple}); a span whose trace or segment differs from the chunk's carries its own. The
 * leading 1 is the format version.
 */
import { createHash } from 'node:crypto';
import { constants, inflateRawSync } from 'node:zlib';
import type { ProcessedSpan } from '../digest/performance/types.js';
import { isObject, type JsonObject, type JsonValue } from '../protocol/json.js';
import { deflateExact } from './deflate.js';
import type { SpanRow } from './performance-types.js';

/** The spans of one transaction or segment from one item, packed for storage. */
export interface SpanChunk {
  projectId: number;
  /** Event id of the transaction or segment the spans belong to (what readers look chunks up by). */
  transactionEventId: string;
  /** Unix ms; the same for every span of an item. */
  receivedAt: number;
  /** Earliest span start, Unix ms: no earlier delivery of these spans can have been received long before. */
  startTimestamp: number;
  /** The span ids in body order, 8 bytes each (see {@link spanIdBytes}). */
  spanIds: Buffer;
  /** Number of spans (`spanIds.length / 8`). */
  count: number;
  /** The packed spans. */
  body: Buffer;
}

const FORMAT = 1;
const ID_BYTES = 8;
/**
 * As event bodies. On the bench's chunks (about 6 KB of JSON each) levels 1 to 3 and smaller windows
 * all took the same ~24 µs a call, most of it zlib's fixed per-call cost, so the better ratio wins.
 */
const DEFLATE = { level: 3, strategy: constants.Z_DEFAULT_STRATEGY };
/** What unpacking may inflate to: chunks are written bounded (1,000 spans, 2 MiB of data per item). */
const MAX_INFLATED = 64 * 1024 * 1024;

/**
 * A span as the body holds it: id, parent, op, description, status, origin, start (Unix ms), duration
 * (ms, precise), exclusive time (ms), 1 for a segment root else 0, data, tags, then the trace id and
 * segment id only when they differ from the chunk's (null or absent otherwise).
 */
type SpanTuple = [
  string,
  string | null,
  string,
  string | null,
  string,
  string | null,
  number,
  number,
  number | null,
  0 | 1,
  JsonObject,
  Array<[string, string]>,
  (string | null)?,
  string?,
];

/**
 * The 8 bytes standing for a span id in `spanIds`: the id itself for a 16-hex id (all the digest
 * stores), else the start of its md5, so any string still maps to the same bytes every time.
 */
export function spanIdBytes(spanId: string, into: Buffer, offset: number): void {
  if (spanId.length === 16 && /^[0-9a-f]{16}$/.test(spanId)) into.write(spanId, offset, ID_BYTES, 'hex');
  else createHash('md5').update(spanId).digest().copy(into, offset, 0, ID_BYTES);
}

/** The key of one span id in duplicate checks: the hex of its {@link spanIdBytes}. */
export function spanIdKey(spanId: string): string {
  const bytes = Buffer.allocUnsafe(ID_BYTES);
  spanIdBytes(spanId, bytes, 0);
  return bytes.toString('hex');
}

/** The span ids of a chunk as duplicate-check keys (see {@link spanIdKey}). */
export function spanIdKeys(spanIds: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i + ID_BYTES <= spanIds.length; i += ID_BYTES) {
    out.push(spanIds.toString('hex', i, i + ID_BYTES));
  }
  return out;
}

/**
 * Packs spans into chunks, one per (project, transaction, receive time), in order of first appearance.
 * A span id repeated within a chunk is kept once (the first), as the per-span rows' unique key did.
 */
export function packSpanChunks(spans: readonly ProcessedSpan[]): SpanChunk[] {
  if (spans.length === 0) return [];
  const groups = new Map<string, ProcessedSpan[]>();
  for (const span of spans) {
    const key = `${span.projectId}:${span.transactionEventId}:${span.receivedAt}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(span);
  }
  const out: SpanChunk[] = [];
  for (const group of groups.values()) out.push(packOne(group));
  return out;
}

function packOne(group: ProcessedSpan[]): SpanChunk {
  const first = group[0]!;
  const seen = new Set<string>();
  const tuples: SpanTuple[] = [];
  const ids = Buffer.allocUnsafe(group.length * ID_BYTES);
  let start = first.startTimestamp;
  for (const s of group) {
    if (seen.has(s.spanId)) continue;
    seen.add(s.spanId);
    spanIdBytes(s.spanId, ids, tuples.length * ID_BYTES);
    if (s.startTimestamp < start) start = s.startTimestamp;
    tuples.push(toTuple(s, first.traceId, first.segmentId));
  }
  return {
    projectId: first.projectId,
    transactionEventId: first.transactionEventId,
    receivedAt: first.receivedAt,
    startTimestamp: start,
    spanIds: ids.subarray(0, tuples.length * ID_BYTES),
    count: tuples.length,
    body: deflateTuples(first.traceId, first.segmentId, tuples),
  };
}

function toTuple(s: ProcessedSpan, traceId: string, segmentId: string): SpanTuple {
  const t: SpanTuple = [
    s.spanId,
    s.parentSpanId,
    s.op,
    s.description,
    s.status,
    s.origin,
    s.startTimestamp,
    s.durationMs,
    s.exclusiveTimeMs,
    s.isSegment ? 1 : 0,
    s.data,
    s.tags,
  ];
  if (s.segmentId !== segmentId) t.push(s.traceId === traceId ? null : s.traceId, s.segmentId);
  else if (s.traceId !== traceId) t.push(s.traceId);
  return t;
}

function deflateTuples(traceId: string, segmentId: string, tuples: SpanTuple[]): Buffer {
  return deflateExact(JSON.stringify([FORMAT, traceId, segmentId, tuples]), DEFLATE);
}

/**
 * The chunk without the spans whose keys (see {@link spanIdKeys}) are in `stored`: what is left to store
 * of a delivery some of whose spans are stored already. Null when nothing is left; the chunk itself when
 * nothing was removed.
 */
export function withoutStored(chunk: SpanChunk, stored: ReadonlySet<string>): SpanChunk | null {
  const keys = spanIdKeys(chunk.spanIds);
  if (!keys.some((k) => stored.has(k))) return chunk;
  const keep = keys.map((k) => !stored.has(k));
  const count = keep.filter(Boolean).length;
  if (count === 0) return null;
  const [, traceId, segmentId, tuples] = readBody(chunk.body);
  const kept = tuples.filter((_, i) => keep[i]);
  const ids = Buffer.allocUnsafe(count * ID_BYTES);
  let n = 0;
  keys.forEach((_, i) => {
    if (keep[i]) chunk.spanIds.copy(ids, ID_BYTES * n++, i * ID_BYTES, (i + 1) * ID_BYTES);
  });
  return { ...chunk, spanIds: ids, count, body: deflateTuples(traceId, segmentId, kept as SpanTuple[]) };
}

/** The body's parts; anything not shaped like a format-1 body reads as no spans. */
function readBody(body: Buffer): [number, string, string, unknown[]] {
  const json: unknown = JSON.parse(inflateRawSync(body, { maxOutputLength: MAX_INFLATED }).toString('utf8'));
  if (!Array.isArray(json) || json[0] !== FORMAT || !Array.isArray(json[3])) return [FORMAT, '', '', []];
  return [FORMAT, String(json[1]), String(json[2]), json[3] as unknown[]];
}

const optStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** The spans of a stored chunk, in stored order. */
export function unpackSpanChunk(
  chunk: { projectId: number; transactionEventId: string },
  body: Buffer,
): SpanRow[] {
  const [, traceId, segmentId, tuples] = readBody(body);
  const out: SpanRow[] = [];
  for (const t of tuples) {
    if (!Array.isArray(t) || typeof t[0] !== 'string') continue;
    out.push({
      projectId: chunk.projectId,
      traceId: optStr(t[12]) ?? traceId,
      spanId: t[0],
      parentSpanId: optStr(t[1]),
      segmentId: optStr(t[13]) ?? segmentId,
      transactionEventId: chunk.transactionEventId,
      op: optStr(t[2]) ?? 'default',
      description: optStr(t[3]),
      status: optStr(t[4]) ?? 'unknown',
      startTimestamp: num(t[6]),
      durationMs: num(t[7]),
      exclusiveTimeMs: typeof t[8] === 'number' ? t[8] : null,
      isSegment: t[9] === 1,
      data: isObject(t[10]) ? (t[10] as JsonObject) : {},
      tags: Array.isArray(t[11]) ? (t[11] as JsonValue[]).filter(isTag) : [],
      origin: optStr(t[5]),
    });
  }
  return out;
}

const isTag = (t: JsonValue): t is [string, string] =>
  Array.isArray(t) && typeof t[0] === 'string' && typeof t[1] === 'string';

/**
 * The spans of one transaction from all its sources (oldest first: per-span rows of before the
 * chunks, then chunks in the order stored), each span once (the first stored wins), in the order the
 * waterfall reads them: by start, the segment root first among equals, then by span id.
 */
export function mergeSpanRows(sources: ReadonlyArray<readonly SpanRow[]>): SpanRow[] {
  const seen = new Set<string>();
  const out: SpanRow[] = [];
  for (const rows of sources) {
    for (const row of rows) {
      const key = `${row.traceId}:${row.spanId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(row);
    }
  }
  return out.sort(
    (a, b) =>
      a.startTimestamp - b.startTimestamp ||
      Number(b.isSegment) - Number(a.isSegment) ||
      (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0),
  );
}

/**
 * The part of a batch's chunks still to store, each span once: without spans already stored for their
 * transaction (`stored` is asked once per transaction, with the keys of {@link spanIdKey}) or stored by
 * an earlier chunk of the batch. A replayed envelope therefore stores nothing, and a segment whose spans
 * come over several envelopes gathers each of them once.
 */
export function newSpanChunks(
  chunks: readonly SpanChunk[],
  stored: (projectId: number, transactionEventId: string) => Iterable<string>,
): SpanChunk[] {
  const keyOf = (c: SpanChunk): string => `${c.projectId}:${c.transactionEventId}`;
  const repeats = new Map<string, number>();
  for (const c of chunks) repeats.set(keyOf(c), (repeats.get(keyOf(c)) ?? 0) + 1);
  const known = new Map<string, Set<string>>();
  const out: SpanChunk[] = [];
  for (const chunk of chunks) {
    const key = keyOf(chunk);
    let keys = known.get(key);
    if (!keys) known.set(key, (keys = new Set(stored(chunk.projectId, chunk.transactionEventId))));
    const left = keys.size === 0 ? chunk : withoutStored(chunk, keys);
    if (!left) continue;
    out.push(left);
    // Only a transaction with more chunks in this batch needs to remember what this one added.
    if ((repeats.get(key) ?? 0) > 1) for (const k of spanIdKeys(left.spanIds)) keys.add(k);
  }
  return out;
}
