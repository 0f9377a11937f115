import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { TransactionForStorage } from '../../digest/performance/types.js';
import { storedBody } from '../event-body.js';
import {
  countFor,
  countsNow,
  emptySaveResult,
  mergeLate,
  pendingOf,
  reconcileKeys,
  ROLLUP_COLUMNS,
  toRollupSource,
  type PendingMeasurement,
} from '../perf-batch.js';
import { RollupAccumulator } from '../perf-rollups.js';
import { measurementsText, parseMeasurements } from '../perf-rows.js';
import type { SaveTransactionsResult, TransactionBatch } from '../performance-types.js';
import { newSpanChunks, spanIdKey, spanIdKeys, type SpanChunk } from '../span-chunk.js';
import { inTransaction, isMissingPartition, withRetry, type Row } from './database.js';
import { DAY_MS, type DayPartitions } from './partitions.js';
import { writeRollupsPostgres } from './write-rollups.js';

/** The partitioned tables a performance batch writes to. */
export interface PerformancePartitions {
  transactions: DayPartitions;
  spanChunks: DayPartitions;
}

/**
 * Stores a performance batch (the steps are described in perf-batch.ts) in two transactions: the
 * insert, then the reconcile. Two processes may store a segment and its late vital (or interaction)
 * at the same moment, each unable to see the other's uncommitted rows; reconciling in a second
 * transaction, started after the first committed, closes that gap: of any two such batches, the one
 * that commits last reconciles after both are visible. A crash between the two is healed by the replay,
 * whose reconcile covers duplicates too.
 *
 * Locks are taken in one order, sorted within each step: projects (KEY SHARE, so a project being
 * deleted waits for the batch, or the batch sees it gone), transaction keys, span chunk keys, pending
 * vitals, roll-up rows, user rows. Deadlocks with other writers still roll back and are retried whole.
 *
 * Spans are stored each once: a chunk's spans already stored for its transaction (by an earlier
 * delivery, in chunks or in the per-span rows of before chunks) are left out before inserting. Two
 * processes storing overlapping deliveries of one segment at the same moment cannot see each other's
 * rows and may both keep a span; readers keep the first received (performance.ts).
 */
export async function saveTransactionsPostgres(
  pool: pg.Pool,
  partitions: PerformancePartitions,
  batch: TransactionBatch,
): Promise<SaveTransactionsResult> {
  const result = emptySaveResult();
  const txs = uniqueSorted(
    batch.transactions,
    (t) => [t.projectId, t.eventId, t.receivedAt],
    () => result.duplicates++,
  );
  // Earliest received first within a transaction, so that of two deliveries of a span the first stays.
  const chunks = [...batch.spanChunks].sort(
    (a, b) =>
      a.projectId - b.projectId ||
      (a.transactionEventId < b.transactionEventId
        ? -1
        : a.transactionEventId > b.transactionEventId
          ? 1
          : 0) ||
      a.receivedAt - b.receivedAt,
  );
  const pending = uniqueSorted(pendingOf(batch), (m) => [m.projectId, m.traceId, m.segmentSpanId, m.name]);
  if (txs.length + chunks.length + pending.length === 0) return result;
  // Deflating is the CPU-heavy part: bodies the digest did not pack yet are packed before any lock.
  const txBodies = txs.map((t) => storedBody(t));

  const inserted = await withRetry(
    async () => {
      await partitions.transactions.ensureFor(txs.map((t) => t.receivedAt));
      await partitions.spanChunks.ensureFor(chunks.map((s) => s.receivedAt));
      return inTransaction(pool, (c) => insertBatch(c, { txs, txBodies, chunks, pending }));
    },
    {
      onRetry: (err) => {
        if (isMissingPartition(err)) {
          partitions.transactions.forget();
          partitions.spanChunks.forget();
        }
      },
    },
  );
  await withRetry(() => inTransaction(pool, (c) => reconcile(c, batch)));

  result.duplicates += inserted.duplicates;
  result.saved = inserted.saved.length;
  for (const tx of inserted.saved) countFor(result.savedPerProject, tx.projectId);
  for (const [projectId, n] of inserted.spanProjects) {
    result.spansSaved += n;
    countFor(result.spansSavedPerProject, projectId, n);
  }
  return result;
}

/** Items with distinct keys (later repeats reported to `onRepeat`), sorted by key: the lock order. */
function uniqueSorted<T>(items: T[], key: (item: T) => unknown[], onRepeat?: () => void): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = JSON.stringify(key(item));
    if (seen.has(k)) onRepeat?.();
    else seen.set(k, item);
  }
  return [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
}

/** Locks the projects (KEY SHARE) and returns those that still exist. */
async function liveProjects(c: pg.PoolClient, ids: Iterable<number>): Promise<Set<number>> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length === 0) return new Set();
  const { rows } = await c.query<Row>(
    'SELECT id FROM projects WHERE id = ANY($1::int[]) ORDER BY id FOR KEY SHARE',
    [sorted],
  );
  return new Set(rows.map((r) => Number(r.id)));
}

interface Insert {
  txs: TransactionForStorage[];
  txBodies: Buffer[];
  chunks: SpanChunk[];
  pending: PendingMeasurement[];
}

async function insertBatch(
  c: pg.PoolClient,
  batch: Insert,
): Promise<{ saved: TransactionForStorage[]; duplicates: number; spanProjects: Array<[number, number]> }> {
  const alive = await liveProjects(
    c,
    [...batch.txs, ...batch.chunks, ...batch.pending].map((x) => x.projectId),
  );
  const txIdx = batch.txs.flatMap((t, i) => (alive.has(t.projectId) ? [i] : []));
  const txs = txIdx.map((i) => batch.txs[i]!);
  const saved: TransactionForStorage[] = [];
  if (txs.length > 0) {
    const { rows } = await c.query<Row>(
      `INSERT INTO transactions (project_id, event_id, kind, trace_id, span_id, parent_span_id, name, name_source,
         name_from_event_id, op, status, start_ts, duration_ms, release, environment, platform, user_key,
         http_method, http_status, browser_name, replay_id, measurements, breakdown, received_at, body)
       SELECT a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21,
         a22, a23, a24, a25
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::text[], $10::text[], $11::text[], $12::bigint[], $13::float8[], $14::text[], $15::text[], $16::text[],
         $17::text[], $18::text[], $19::int[], $20::text[], $21::text[], $22::text[], $23::text[], $24::bigint[],
         $25::bytea[]) WITH ORDINALITY AS t(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16,
         a17, a18, a19, a20, a21, a22, a23, a24, a25, o)
       ORDER BY o
       ON CONFLICT DO NOTHING RETURNING project_id, event_id, received_at`,
      [
        txs.map((t) => t.projectId),
        txs.map((t) => t.eventId),
        txs.map((t) => t.kind),
        txs.map((t) => t.traceId),
        txs.map((t) => t.spanId),
        txs.map((t) => t.parentSpanId),
        txs.map((t) => t.name),
        txs.map((t) => t.nameSource),
        txs.map((t) => t.nameFromEventId),
        txs.map((t) => t.op),
        txs.map((t) => t.status),
        txs.map((t) => t.startTimestamp),
        txs.map((t) => t.durationMs),
        txs.map((t) => t.release),
        txs.map((t) => t.environment),
        txs.map((t) => t.platform),
        txs.map((t) => t.userKey),
        txs.map((t) => t.httpMethod),
        txs.map((t) => t.httpStatusCode),
        txs.map((t) => t.browserName),
        txs.map((t) => t.replayId),
        txs.map((t) => measurementsText(t.measurements)),
        txs.map((t) => (t.breakdown ? JSON.stringify(t.breakdown) : null)),
        txs.map((t) => t.receivedAt),
        txIdx.map((i) => batch.txBodies[i]!),
      ],
    );
    const stored = new Set(rows.map((r) => JSON.stringify([r.project_id, r.event_id, r.received_at])));
    for (const t of txs)
      if (stored.has(JSON.stringify([t.projectId, t.eventId, t.receivedAt]))) saved.push(t);
  }

  const spanProjects = await insertChunks(
    c,
    batch.chunks.filter((ch) => alive.has(ch.projectId)),
  );

  const pending = batch.pending.filter((m) => alive.has(m.projectId));
  if (pending.length > 0) {
    await c.query(
      `INSERT INTO pending_measurements (project_id, trace_id, segment_span_id, name, value, unit, received_at)
       SELECT a1, a2, a3, a4, a5, a6, a7 FROM unnest($1::int[], $2::text[], $3::text[], $4::text[],
         $5::float8[], $6::text[], $7::bigint[]) WITH ORDINALITY AS t(a1, a2, a3, a4, a5, a6, a7, o)
       ORDER BY o ON CONFLICT DO NOTHING`,
      [
        pending.map((m) => m.projectId),
        pending.map((m) => m.traceId),
        pending.map((m) => m.segmentSpanId),
        pending.map((m) => m.name),
        pending.map((m) => m.value),
        pending.map((m) => m.unit),
        pending.map((m) => m.receivedAt),
      ],
    );
  }

  const acc = new RollupAccumulator();
  for (const tx of saved) if (countsNow(tx)) acc.addTransaction(tx);
  await writeRollupsPostgres(c, acc);
  return { saved, duplicates: txs.length - saved.length, spanProjects };
}

/**
 * Inserts the new part of the chunks (see `newSpanChunks`), in key order; returns (project, spans
 * stored) per chunk stored. Earlier deliveries are looked for from a day before the chunks' earliest
 * span start on: a span cannot have been received before it started (a day covers clock skew), so the
 * look-up stays within the last day or two of partitions instead of all of them.
 */
async function insertChunks(c: pg.PoolClient, chunks: SpanChunk[]): Promise<Array<[number, number]>> {
  if (chunks.length === 0) return [];
  const since = chunks.reduce((min, ch) => Math.min(min, ch.startTimestamp), Infinity) - DAY_MS;
  const keys = uniqueSorted(chunks, (ch) => [ch.projectId, ch.transactionEventId]);
  const params = [keys.map((k) => k.projectId), keys.map((k) => k.transactionEventId), since];
  const stored = new Map<string, string[]>();
  const add = (projectId: unknown, eventId: unknown, ids: string[]): void => {
    const key = `${Number(projectId)}:${String(eventId)}`;
    const list = stored.get(key) ?? [];
    for (const id of ids) list.push(id);
    stored.set(key, list);
  };
  const { rows: earlier } = await c.query<Row>(
    `SELECT x.project_id, x.transaction_event_id, x.span_ids FROM span_chunks x
     JOIN unnest($1::int[], $2::text[]) AS k(p, e) ON x.project_id = k.p AND x.transaction_event_id = k.e
     WHERE x.received_at >= $3`,
    params,
  );
  for (const r of earlier) add(r.project_id, r.transaction_event_id, spanIdKeys(r.span_ids as Buffer));
  const { rows: legacy } = await c.query<Row>(
    `SELECT x.project_id, x.transaction_event_id, x.span_id FROM spans x
     JOIN unnest($1::int[], $2::text[]) AS k(p, e) ON x.project_id = k.p AND x.transaction_event_id = k.e
     WHERE x.received_at >= $3`,
    params,
  );
  for (const r of legacy) add(r.project_id, r.transaction_event_id, [spanIdKey(String(r.span_id))]);

  const fresh = uniqueSorted(
    newSpanChunks(chunks, (p, e) => stored.get(`${p}:${e}`) ?? []).map((ch) => ({
      ...ch,
      key: createHash('md5').update(ch.spanIds).digest('hex'),
    })),
    (ch) => [ch.projectId, ch.transactionEventId, ch.receivedAt, ch.key],
  );
  if (fresh.length === 0) return [];
  const { rows } = await c.query<Row>(
    `INSERT INTO span_chunks (project_id, transaction_event_id, chunk_key, span_count, span_ids, received_at, body)
     SELECT a1, a2, a3, a4, a5, a6, a7
     FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::bytea[], $6::bigint[], $7::bytea[])
       WITH ORDINALITY AS t(a1, a2, a3, a4, a5, a6, a7, o)
     ORDER BY o
     ON CONFLICT DO NOTHING RETURNING project_id, span_count`,
    [
      fresh.map((ch) => ch.projectId),
      fresh.map((ch) => ch.transactionEventId),
      fresh.map((ch) => ch.key),
      fresh.map((ch) => ch.count),
      fresh.map((ch) => ch.spanIds),
      fresh.map((ch) => ch.receivedAt),
      fresh.map((ch) => ch.body),
    ],
  );
  return rows.map((r) => [Number(r.project_id), Number(r.span_count)]);
}

const prefixed = (alias: string): string =>
  ROLLUP_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');

/** The reconcile step of perf-batch.ts for the keys a batch touched. */
async function reconcile(c: pg.PoolClient, batch: TransactionBatch): Promise<void> {
  const all = reconcileKeys(batch, () => true);
  if (all.segments.length + all.targets.length === 0) return;
  const alive = await liveProjects(
    c,
    [...all.segments, ...all.targets].map(([p]) => p),
  );
  const segments = all.segments.filter(([p]) => alive.has(p));
  const targets = all.targets.filter(([p]) => alive.has(p));
  const acc = new RollupAccumulator();

  // Interactions waiting for one of these segments (the partial index makes this cheap), then renamed
  // after the segment if it is stored. The row lock and the re-checked pointer make a concurrent
  // rename of the same interaction a no-op.
  const { rows: waiting } = await c.query<Row>(
    `SELECT DISTINCT project_id, name_from_event_id FROM transactions
     WHERE name_from_event_id IS NOT NULL
       AND (project_id, name_from_event_id) IN (SELECT * FROM unnest($1::int[], $2::text[]))`,
    [segments.map(([p]) => p), segments.map(([, e]) => e)],
  );
  if (waiting.length > 0) {
    const { rows: renamed } = await c.query<Row>(
      `UPDATE transactions i SET name = s.name, name_source = s.name_source, name_from_event_id = NULL
       FROM (SELECT DISTINCT ON (x.project_id, x.event_id) x.project_id, x.event_id, x.name, x.name_source
             FROM transactions x JOIN unnest($1::int[], $2::text[]) AS t(p, e)
               ON x.project_id = t.p AND x.event_id = t.e
             WHERE x.kind <> 'interaction' ORDER BY x.project_id, x.event_id, x.received_at) s
       WHERE i.project_id = s.project_id AND i.name_from_event_id = s.event_id
       RETURNING ${prefixed('i')}`,
      [waiting.map((r) => Number(r.project_id)), waiting.map((r) => String(r.name_from_event_id))],
    );
    for (const r of renamed) acc.addTransaction(toRollupSource(r));
  }

  // Pending vitals whose segment is stored: claimed by deleting them (a concurrent reconcile then finds
  // nothing), merged into the locked segment rows.
  const { rows: claimed } = await c.query<Row>(
    `DELETE FROM pending_measurements m USING unnest($1::int[], $2::text[], $3::text[]) AS k(p, t, s)
     WHERE m.project_id = k.p AND m.trace_id = k.t AND m.segment_span_id = k.s
       AND EXISTS (SELECT 1 FROM transactions x WHERE x.trace_id = m.trace_id AND x.span_id = m.segment_span_id
         AND x.project_id = m.project_id AND x.kind <> 'interaction')
     RETURNING m.project_id, m.trace_id, m.segment_span_id, m.name, m.value, m.unit, m.received_at`,
    [targets.map(([p]) => p), targets.map(([, t]) => t), targets.map(([, , s]) => s)],
  );
  if (claimed.length > 0) await applyClaimed(c, claimed, acc);
  await writeRollupsPostgres(c, acc);
}

/** Merges claimed pending vitals into their segments (locked in key order) and their roll-ups. */
async function applyClaimed(c: pg.PoolClient, claimed: Row[], acc: RollupAccumulator): Promise<void> {
  const byTarget = new Map<string, Array<{ name: string; value: number; unit: string; at: number }>>();
  for (const r of claimed) {
    const key = JSON.stringify([Number(r.project_id), String(r.trace_id), String(r.segment_span_id)]);
    const list = byTarget.get(key) ?? [];
    list.push({
      name: String(r.name),
      value: Number(r.value),
      unit: String(r.unit),
      at: Number(r.received_at),
    });
    byTarget.set(key, list);
  }
  for (const list of byTarget.values()) list.sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : 1));
  const keys = [...byTarget.keys()].map((k) => JSON.parse(k) as [number, string, string]);
  const { rows: segs } = await c.query<Row>(
    `SELECT x.event_id, x.received_at, x.trace_id, x.span_id, ${prefixed('x')}
     FROM transactions x JOIN unnest($1::int[], $2::text[], $3::text[]) AS k(p, t, s)
       ON x.project_id = k.p AND x.trace_id = k.t AND x.span_id = k.s
     WHERE x.kind <> 'interaction' ORDER BY x.project_id, x.event_id, x.received_at FOR UPDATE OF x`,
    [keys.map(([p]) => p), keys.map(([, t]) => t), keys.map(([, , s]) => s)],
  );
  const updates: Array<[number, string, number, string]> = [];
  for (const seg of segs) {
    const list = byTarget.get(
      JSON.stringify([Number(seg.project_id), String(seg.trace_id), String(seg.span_id)]),
    );
    if (!list) continue;
    const current = parseMeasurements(seg.measurements);
    const added = mergeLate(current, list);
    if (added.length === 0) continue;
    updates.push([
      Number(seg.project_id),
      String(seg.event_id),
      Number(seg.received_at),
      measurementsText(current),
    ]);
    const place = toRollupSource(seg);
    for (const [name, m] of added) acc.addVital(place, name, m.value);
  }
  if (updates.length === 0) return;
  await c.query(
    `UPDATE transactions x SET measurements = v.m
     FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[]) AS v(p, e, r, m)
     WHERE x.project_id = v.p AND x.event_id = v.e AND x.received_at = v.r`,
    [updates.map((u) => u[0]), updates.map((u) => u[1]), updates.map((u) => u[2]), updates.map((u) => u[3])],
  );
}
