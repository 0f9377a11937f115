import type pg from 'pg';
import { DAY_MS } from '../event-body.js';
import { inTransaction, withRetry } from './database.js';
import type { DayPartition, DayPartitions } from './partitions.js';

/** The day-partitioned tables retention drops days of. */
export interface RetentionPartitions {
  events: DayPartitions;
  transactions: DayPartitions;
  spanChunks: DayPartitions;
  /** The per-span rows of before span chunks: dropped as they age, never made again. */
  legacySpans: DayPartitions;
}

/**
 * Retention on PostgreSQL, with the SQLite adapter's semantics: each call removes up to `limit` events
 * received before `before` and up to `limit` issues last seen before it (returning how many of both),
 * up to `limit` old transactions and spans (counted too), plus old attachment rows, hourly roll-ups,
 * outcome counters and waiting web vitals; the job calls again until it gets 0.
 *
 * Whole day partitions (of events, transactions and span chunks) that end before the cut-off are dropped
 * first: that is where nearly all old rows go, at the cost of a catalog change instead of a delete per
 * row. Rows of the partition the cut-off falls in are deleted in chunks. The returned event count is the
 * number of `event_ids` claims released, one per event however it went, so a dropped partition of a
 * million events is reported (and its claims released) a chunk at a time, and the job's loop knows when
 * the claims are all gone. Transactions and spans have no claims: only their chunked deletes count.
 */
export async function deleteOldDataPostgres(
  pool: pg.Pool,
  partitions: RetentionPartitions,
  before: number,
  limit: number,
): Promise<number> {
  const tables = [partitions.events, partitions.transactions, partitions.spanChunks, partitions.legacySpans];
  const remaining = new Map<string, DayPartition[]>();
  for (const p of tables) {
    // The jobs process runs this hourly: a good moment to keep the coming days' partitions ready.
    if (p !== partitions.legacySpans) await p.ensureAround(Date.now());
    await p.dropBefore(before);
    remaining.set(
      p.table,
      (await p.list()).filter((d) => d.from < before),
    );
  }
  return withRetry(() =>
    inTransaction(pool, async (c) => {
      const events = await deleteChunk(c, remaining.get('events')!, before, limit);
      const { rowCount: claims } = await c.query(
        `DELETE FROM event_ids WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM event_ids WHERE received_at < $1 LIMIT $2))`,
        [before, limit],
      );
      // Issues the digest is writing to right now are skipped (SKIP LOCKED): they are plainly not idle,
      // and waiting for them would hold up retention behind the digest. Cascades take their hashes,
      // tags, users and roll-ups.
      const { rowCount: issues } = await c.query(
        `DELETE FROM issues WHERE id IN (
           SELECT id FROM issues WHERE last_seen < $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [before, limit],
      );
      await c.query(
        'DELETE FROM attachments WHERE id IN (SELECT id FROM attachments WHERE date_created < $1 LIMIT $2)',
        [before, limit],
      );
      const transactions = await deleteChunk(c, remaining.get('transactions')!, before, limit);
      const spans =
        (await deleteChunk(c, remaining.get('span_chunks')!, before, limit)) +
        (await deleteChunk(c, remaining.get('spans')!, before, limit));
      // Roll-ups are small (one row per issue-hour) and the job runs hourly, so one statement suffices.
      await c.query('DELETE FROM issue_hourly WHERE hour < $1', [before]);
      await c.query('DELETE FROM outcomes WHERE hour < $1', [before]);
      await c.query('DELETE FROM transaction_rollups WHERE hour < $1', [before]);
      await c.query('DELETE FROM transaction_users WHERE hour < $1', [before]);
      // Whole days before the cutoff (see the SQLite twin); a scan, but of day rows, once an hour.
      await c.query('DELETE FROM transaction_rollups_day WHERE day <= $1', [before - DAY_MS]);
      await c.query('DELETE FROM transaction_users_day WHERE day <= $1', [before - DAY_MS]);
      await c.query('DELETE FROM pending_measurements WHERE received_at < $1', [before]);
      return Math.max(events, claims ?? 0) + (issues ?? 0) + transactions + spans;
    }),
  );
}

/** Deletes up to `limit` rows received before `before` from the given partitions of one table. */
async function deleteChunk(
  c: pg.PoolClient,
  partitions: DayPartition[],
  before: number,
  limit: number,
): Promise<number> {
  let deleted = 0;
  for (const p of partitions) {
    if (deleted >= limit) break;
    // By ctid within one partition: a TID scan, no re-scan of rows already deleted.
    const { rowCount } = await c.query(
      `DELETE FROM ${p.name} WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM ${p.name} WHERE received_at < $1 LIMIT $2))`,
      [before, limit - deleted],
    );
    deleted += rowCount ?? 0;
  }
  return deleted;
}
