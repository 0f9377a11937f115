import type pg from 'pg';
import { DAILY, HOURLY, type RollupTables } from '../perf-grains.js';
import { mergeRollup, type RollupAccumulator, type RollupDims } from '../perf-rollups.js';
import type { Row } from './database.js';

/** The seven key columns of roll-up rows as unnest parameters $1…$7. */
function keyArrays(dims: RollupDims[]): unknown[] {
  return [
    dims.map((d) => d.projectId),
    dims.map((d) => d.name),
    dims.map((d) => d.environment),
    dims.map((d) => d.release),
    dims.map((d) => d.hour),
    dims.map((d) => d.kind),
    dims.map((d) => d.op),
  ];
}

const KEY_UNNEST =
  'unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])';
const KEY_MATCH =
  'r.project_id = t.p AND r.name = t.n AND r.environment = t.e AND r.release = t.rl AND r.hour = t.h ' +
  'AND r.kind = t.k AND r.op = t.o';

/**
 * Read-merge-write of each roll-up row a batch touches, safe against other processes doing the same:
 * a placeholder row is made for every key first (waiting on a concurrent insert of the same key), then
 * all are locked in key order, merged in memory (histograms) and written back. Per-user maxima are a
 * plain upsert. The accumulator's order is the lock order.
 */
export async function writeRollupsPostgres(c: pg.PoolClient, acc: RollupAccumulator): Promise<void> {
  if (acc.isEmpty) return;
  await writeGrainPostgres(c, acc, HOURLY);
  // The same batch folded into day rows, which long windows read; locked after the hours, in key order.
  await writeGrainPostgres(c, acc.byDay(), DAILY);
}

/** Writes one grain of a batch's roll-ups: also the backfill of day rows from hourly ones. */
export async function writeGrainPostgres(
  c: pg.PoolClient,
  acc: RollupAccumulator,
  { rollups, users: usersTable, time }: RollupTables,
): Promise<void> {
  const keyMatch = KEY_MATCH.replace('r.hour', `r.${time}`);
  const key = `project_id, name, environment, release, ${time}, kind, op`;
  const deltas = acc.rollups();
  if (deltas.length > 0) {
    const keys = keyArrays(deltas.map((d) => d.dims));
    await c.query(
      `INSERT INTO ${rollups} (${key}, count, failures, sum_duration_ms, durations, vitals)
       SELECT p, n, e, rl, h, k, o, 0, 0, 0, '{}', '{}' FROM ${KEY_UNNEST} WITH ORDINALITY AS t(p, n, e, rl, h, k, o, i)
       ORDER BY i ON CONFLICT DO NOTHING`,
      keys,
    );
    const { rows } = await c.query<Row>(
      `SELECT r.*, t.i FROM ${rollups} r
       JOIN ${KEY_UNNEST} WITH ORDINALITY AS t(p, n, e, rl, h, k, o, i) ON ${keyMatch}
       ORDER BY t.i FOR UPDATE OF r`,
      keys,
    );
    const stored = new Map(rows.map((r) => [Number(r.i), r]));
    const merged = deltas.map((d, i) => mergeRollup(stored.get(i + 1), d));
    await c.query(
      `UPDATE ${rollups} r SET count = t.c, failures = t.f, sum_duration_ms = t.s, durations = t.d,
         vitals = t.vv
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
         $8::bigint[], $9::bigint[], $10::float8[], $11::text[], $12::text[]) AS t(p, n, e, rl, h, k, o, c, f, s, d, vv)
       WHERE ${keyMatch}`,
      [
        ...keys,
        merged.map((m) => m.count),
        merged.map((m) => m.failures),
        merged.map((m) => m.sumDurationMs),
        merged.map((m) => m.durations),
        merged.map((m) => m.vitals),
      ],
    );
  }
  const users = acc.userMaxima();
  if (users.length > 0) {
    await c.query(
      `INSERT INTO ${usersTable} (${key}, user_key, max_duration_ms, max_lcp_ms)
       SELECT p, n, e, rl, h, k, o, u, m, l FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bigint[],
         $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[])
         WITH ORDINALITY AS t(p, n, e, rl, h, k, o, u, m, l, i)
       ORDER BY i
       ON CONFLICT (${key}, user_key)
         DO UPDATE SET max_duration_ms = greatest(${usersTable}.max_duration_ms, excluded.max_duration_ms),
           max_lcp_ms = greatest(${usersTable}.max_lcp_ms, excluded.max_lcp_ms)`,
      [
        ...keyArrays(users.map((u) => u.dims)),
        users.map((u) => u.userKey),
        users.map((u) => u.maxDurationMs),
        users.map((u) => u.maxLcpMs),
      ],
    );
  }
}
