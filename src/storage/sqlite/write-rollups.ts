import { DAILY, HOURLY, type RollupTables } from '../perf-grains.js';
import { dimsValues, mergeRollup, type RollupAccumulator } from '../perf-rollups.js';
import type { Row } from '../rows.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';
import { markStale } from './user-sets.js';

/**
 * Read-merge-write of each touched roll-up row, once per batch; per-user maxima by upsert. Hourly rows
 * first, then the same batch folded into day rows (the day roll-ups long windows read).
 */
export function writeRollups(db: Db, acc: RollupAccumulator): void {
  if (acc.isEmpty) return;
  writeGrain(db, acc, HOURLY);
  writeGrain(db, acc.byDay(), DAILY);
}

/**
 * Writes one grain of a batch's roll-ups: also the backfill of day rows from hourly ones (`packed`
 * false: that migration runs before the packed user sets exist).
 */
export function writeGrain(db: Db, acc: RollupAccumulator, grain: RollupTables, packed = true): void {
  const { rollups, users, time } = grain;
  const key = `project_id, name, environment, release, ${time}, kind, op`;
  const read = stmt(
    db,
    `SELECT count, failures, sum_duration_ms, durations, vitals FROM ${rollups}
     WHERE project_id = ? AND name = ? AND environment = ? AND release = ? AND ${time} = ? AND kind = ? AND op = ?`,
  );
  const write = stmt(
    db,
    `INSERT INTO ${rollups} (${key}, count, failures, sum_duration_ms, durations, vitals)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (${key}) DO UPDATE SET
       count = excluded.count, failures = excluded.failures, sum_duration_ms = excluded.sum_duration_ms,
       durations = excluded.durations, vitals = excluded.vitals`,
  );
  const deltas = acc.rollups();
  for (const delta of deltas) {
    const values = dimsValues(delta.dims);
    const merged = mergeRollup(read.get(...values) as Row | undefined, delta);
    write.run(
      ...values,
      merged.count,
      merged.failures,
      merged.sumDurationMs,
      merged.durations,
      merged.vitals,
    );
  }
  const user = stmt(
    db,
    `INSERT INTO ${users} (${key}, user_key, max_duration_ms, max_lcp_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (${key}, user_key)
       DO UPDATE SET max_duration_ms = max(max_duration_ms, excluded.max_duration_ms),
         -- SQLite's two-argument max() is NULL when either is: keep whichever LCP is known.
         max_lcp_ms = coalesce(max(max_lcp_ms, excluded.max_lcp_ms), max_lcp_ms, excluded.max_lcp_ms)`,
  );
  for (const u of acc.userMaxima()) user.run(...dimsValues(u.dims), u.userKey, u.maxDurationMs, u.maxLcpMs);
  // Every slice a user was written to has a delta (a late vital too), so the deltas name them once each.
  if (packed)
    markStale(
      db,
      grain,
      deltas.map((d) => d.dims),
    );
}
