import { randomBytes } from 'node:crypto';
import { segmentEventId } from '../../src/digest/performance/ids.js';
import type {
  ProcessedSpan,
  ProcessedTransaction,
  SegmentMeasurement,
} from '../../src/digest/performance/types.js';
import type { TransactionBatch } from '../../src/storage/performance-types.js';
import { packSpanChunks } from '../../src/storage/span-chunk.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A fresh 32-hex trace id. */
export const newTraceId = (): string => hex(16);
/** A fresh 16-hex span id. */
export const newSpanId = (): string => hex(8);

/** A processed transaction for storage tests, with overridable fields (a `transaction` item by default). */
export function makeTransaction(
  projectId: number,
  overrides: Partial<ProcessedTransaction> = {},
): ProcessedTransaction {
  const startTimestamp = overrides.startTimestamp ?? Date.now() - 1_000;
  const durationMs = overrides.durationMs ?? 120.5;
  const name = overrides.name ?? 'GET /checkout';
  return {
    eventId: hex(16),
    projectId,
    kind: 'transaction',
    traceId: newTraceId(),
    spanId: newSpanId(),
    parentSpanId: null,
    name,
    nameSource: 'route',
    nameFromEventId: null,
    op: 'http.server',
    status: 'ok',
    startTimestamp,
    endTimestamp: Math.round(startTimestamp + durationMs),
    durationMs,
    release: 'app@1.0.0',
    environment: 'production',
    dist: null,
    platform: 'node',
    userKey: null,
    userId: null,
    userEmail: null,
    userName: null,
    userIp: null,
    httpMethod: 'GET',
    httpStatusCode: 200,
    url: null,
    browserName: null,
    osName: null,
    measurements: {},
    breakdown: null,
    replayId: null,
    tags: [['transaction', name]],
    receivedAt: startTimestamp + Math.ceil(durationMs) + 50,
    data: { type: 'transaction', transaction: name, transaction_info: { source: 'route' }, tags: [] },
    ...overrides,
  };
}

/** A v2 segment root as a transaction: its event id derives from trace and span id, as the digest's does. */
export function makeSegment(
  projectId: number,
  overrides: Partial<ProcessedTransaction> = {},
): ProcessedTransaction {
  const traceId = overrides.traceId ?? newTraceId();
  const spanId = overrides.spanId ?? newSpanId();
  const name = overrides.name ?? '/index.html';
  return makeTransaction(projectId, {
    kind: 'segment',
    op: 'pageload',
    nameSource: 'url',
    platform: 'javascript',
    data: { type: 'transaction', transaction: name, tags: [['transaction', name]] },
    ...overrides,
    name,
    traceId,
    spanId,
    eventId: segmentEventId(traceId, spanId),
  });
}

/** A span of `tx` (its root when `root` is set). */
export function makeSpan(
  tx: ProcessedTransaction,
  overrides: Partial<ProcessedSpan> = {},
  root = false,
): ProcessedSpan {
  const startTimestamp = overrides.startTimestamp ?? tx.startTimestamp + 5;
  const durationMs = overrides.durationMs ?? 10;
  return {
    projectId: tx.projectId,
    traceId: tx.traceId,
    spanId: root ? tx.spanId : newSpanId(),
    parentSpanId: root ? tx.parentSpanId : tx.spanId,
    segmentId: tx.spanId,
    transactionEventId: tx.eventId,
    op: root ? tx.op : 'db.query',
    description: root ? tx.name : 'SELECT 1',
    status: 'ok',
    origin: 'manual',
    startTimestamp,
    endTimestamp: Math.round(startTimestamp + durationMs),
    durationMs,
    exclusiveTimeMs: durationMs,
    isSegment: root,
    data: { 'db.system': 'postgresql' },
    tags: [['shard', 'a']],
    receivedAt: tx.receivedAt,
    ...overrides,
  };
}

/** A web vital arriving on its own for `segment` (identified by trace and span id). */
export function makeMeasurement(
  segment: { projectId: number; traceId: string; spanId: string },
  name: string,
  value: number,
  unit = 'millisecond',
): SegmentMeasurement {
  return {
    projectId: segment.projectId,
    traceId: segment.traceId,
    segmentSpanId: segment.spanId,
    transactionEventId: segmentEventId(segment.traceId, segment.spanId),
    name,
    measurement: { value, unit },
    sourceSpanId: newSpanId(),
    receivedAt: Date.now(),
  };
}

/** A batch from its parts, the spans packed as the digest packs them. */
export function batchOf(
  transactions: ProcessedTransaction[],
  spans: ProcessedSpan[] = [],
  measurements: SegmentMeasurement[] = [],
): TransactionBatch {
  return { transactions, spanChunks: packSpanChunks(spans), measurements };
}
