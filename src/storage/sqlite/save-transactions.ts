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
  type ReconcileKeys,
} from '../perf-batch.js';
import { RollupAccumulator } from '../perf-rollups.js';
import { measurementsText, parseMeasurements } from '../perf-rows.js';
import type { SaveTransactionsResult, TransactionBatch } from '../performance-types.js';
import type { Row } from '../rows.js';
import { newSpanChunks, spanIdKey, spanIdKeys, type SpanChunk } from '../span-chunk.js';
import { stmt, type Db } from './database.js';
import { writeRollups } from './write-rollups.js';

/**
 * Stores a performance batch in one transaction (the steps are described in perf-batch.ts). SQLite has
 * one writer at a time, so inserting and reconciling in one transaction leaves no race to close.
 * Transactions of a project deleted meanwhile are dropped.
 */
export function saveTransactionsSqlite(db: Db, batch: TransactionBatch): SaveTransactionsResult {
  const result = emptySaveResult();
  // Deflating is the CPU-heavy part: bodies the digest did not pack yet are packed before the write lock.
  const txBodies = batch.transactions.map((t) => storedBody(t));
  db.transaction(() => {
    const known = new Map<number, boolean>();
    const alive = (projectId: number): boolean => {
      let ok = known.get(projectId);
      if (ok === undefined) {
        ok = stmt(db, 'SELECT 1 FROM projects WHERE id = ?').get(projectId) !== undefined;
        known.set(projectId, ok);
      }
      return ok;
    };
    const acc = new RollupAccumulator();
    batch.transactions.forEach((tx, i) => {
      if (alive(tx.projectId)) insertTransaction(db, tx, txBodies[i]!, acc, result);
    });
    const chunks = batch.spanChunks.filter((c) => alive(c.projectId));
    // Per-span rows (from before chunks) are only looked for while retention has left any.
    const legacy = chunks.length > 0 && stmt(db, 'SELECT 1 FROM spans LIMIT 1').get() !== undefined;
    for (const chunk of newSpanChunks(chunks, (p, e) => storedSpanKeys(db, p, e, legacy))) {
      insertChunk(db, chunk, result);
    }
    const stash = stmt(
      db,
      `INSERT INTO pending_measurements (project_id, trace_id, segment_span_id, name, value, unit, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const m of pendingOf(batch)) {
      if (alive(m.projectId))
        stash.run(m.projectId, m.traceId, m.segmentSpanId, m.name, m.value, m.unit, m.receivedAt);
    }
    const keys = reconcileKeys(batch, alive);
    renameInteractions(db, keys, acc);
    applyPending(db, keys, acc);
    writeRollups(db, acc);
  }).immediate();
  return result;
}

function insertTransaction(
  db: Db,
  tx: TransactionForStorage,
  body: Buffer,
  acc: RollupAccumulator,
  result: SaveTransactionsResult,
): void {
  const info = stmt(
    db,
    `INSERT INTO transactions (project_id, event_id, kind, trace_id, span_id, parent_span_id, name, name_source,
       name_from_event_id, op, status, start_ts, duration_ms, release, environment, platform, user_key,
       http_method, http_status, browser_name, replay_id, measurements, breakdown, received_at, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(
    tx.projectId,
    tx.eventId,
    tx.kind,
    tx.traceId,
    tx.spanId,
    tx.parentSpanId,
    tx.name,
    tx.nameSource,
    tx.nameFromEventId,
    tx.op,
    tx.status,
    tx.startTimestamp,
    tx.durationMs,
    tx.release,
    tx.environment,
    tx.platform,
    tx.userKey,
    tx.httpMethod,
    tx.httpStatusCode,
    tx.browserName,
    tx.replayId,
    measurementsText(tx.measurements),
    tx.breakdown ? JSON.stringify(tx.breakdown) : null,
    tx.receivedAt,
    body,
  );
  if (info.changes === 0) {
    result.duplicates++;
    return;
  }
  result.saved++;
  countFor(result.savedPerProject, tx.projectId);
  if (countsNow(tx)) acc.addTransaction(tx);
}

/** Keys of the spans stored for a transaction: in chunks, and (`legacy`) as rows of before the chunks. */
function storedSpanKeys(db: Db, projectId: number, transactionEventId: string, legacy: boolean): string[] {
  const keys: string[] = [];
  const chunks = stmt(
    db,
    'SELECT span_ids FROM span_chunks WHERE project_id = ? AND transaction_event_id = ?',
  );
  for (const r of chunks.all(projectId, transactionEventId) as Row[]) {
    for (const key of spanIdKeys(r.span_ids as Buffer)) keys.push(key);
  }
  if (!legacy) return keys;
  const rows = stmt(db, 'SELECT span_id FROM spans WHERE project_id = ? AND transaction_event_id = ?');
  for (const r of rows.all(projectId, transactionEventId) as Row[]) keys.push(spanIdKey(String(r.span_id)));
  return keys;
}

function insertChunk(db: Db, chunk: SpanChunk, result: SaveTransactionsResult): void {
  stmt(
    db,
    `INSERT INTO span_chunks (project_id, transaction_event_id, span_count, span_ids, received_at, body)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(chunk.projectId, chunk.transactionEventId, chunk.count, chunk.spanIds, chunk.receivedAt, chunk.body);
  result.spansSaved += chunk.count;
  countFor(result.spansSavedPerProject, chunk.projectId, chunk.count);
}

/** Interactions waiting for a segment that is stored take its name, and are counted under it. */
function renameInteractions(db: Db, keys: ReconcileKeys, acc: RollupAccumulator): void {
  const waiting = stmt(
    db,
    'SELECT 1 FROM transactions WHERE project_id = ? AND name_from_event_id = ? LIMIT 1',
  );
  const segment = stmt(
    db,
    `SELECT name, name_source FROM transactions WHERE project_id = ? AND event_id = ? AND kind <> 'interaction'`,
  );
  const rename = stmt(
    db,
    `UPDATE transactions SET name = ?, name_source = ?, name_from_event_id = NULL
     WHERE project_id = ? AND name_from_event_id = ? RETURNING ${ROLLUP_COLUMNS}`,
  );
  for (const [projectId, eventId] of keys.segments) {
    if (!waiting.get(projectId, eventId)) continue;
    const seg = segment.get(projectId, eventId) as Row | undefined;
    if (!seg) continue;
    for (const r of rename.all(seg.name, seg.name_source, projectId, eventId) as Row[]) {
      acc.addTransaction(toRollupSource(r));
    }
  }
}

/** Pending vitals whose segment is stored are merged into it and its roll-up, and leave the table. */
function applyPending(db: Db, keys: ReconcileKeys, acc: RollupAccumulator): void {
  const pending = stmt(
    db,
    `SELECT name, value, unit FROM pending_measurements WHERE project_id = ? AND trace_id = ? AND segment_span_id = ?
     ORDER BY received_at, name`,
  );
  const segments = stmt(
    db,
    `SELECT id, ${ROLLUP_COLUMNS} FROM transactions
     WHERE trace_id = ? AND span_id = ? AND project_id = ? AND kind <> 'interaction'`,
  );
  const update = stmt(db, 'UPDATE transactions SET measurements = ? WHERE id = ?');
  const done = stmt(
    db,
    'DELETE FROM pending_measurements WHERE project_id = ? AND trace_id = ? AND segment_span_id = ?',
  );
  for (const [projectId, traceId, spanId] of keys.targets) {
    const rows = pending.all(projectId, traceId, spanId) as Array<{
      name: string;
      value: number;
      unit: string;
    }>;
    if (rows.length === 0) continue;
    const targets = segments.all(traceId, spanId, projectId) as Row[];
    if (targets.length === 0) continue;
    for (const seg of targets) {
      const current = parseMeasurements(seg.measurements);
      const added = mergeLate(current, rows);
      if (added.length === 0) continue;
      update.run(measurementsText(current), seg.id);
      const place = toRollupSource(seg);
      for (const [name, m] of added) acc.addVital(place, name, m.value);
    }
    done.run(projectId, traceId, spanId);
  }
}
