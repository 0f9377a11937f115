import type pg from 'pg';
import { inTransaction, sqlState, type Queryable } from './database.js';

/** One UTC day in milliseconds: the width of a partition. */
export const DAY_MS = 86_400_000;

/** Days of partitions kept ready beyond today, so the write path rarely has to create one. */
const DAYS_AHEAD = 3;

/** Advisory lock key serialising partition DDL across processes ("FLPART"; see migrations.ts). */
const PARTITION_LOCK = 0x46_4c_50_41_52_54n.toString();

/** The tables partitioned by day of `received_at` (`spans`: the per-span rows of before `span_chunks`). */
export type PartitionedTable = 'events' | 'transactions' | 'span_chunks' | 'spans';

/** A day partition: its table name and the [from, to) range of `received_at` it holds. */
export interface DayPartition {
  name: string;
  from: number;
  to: number;
  /** A DETACH … CONCURRENTLY was interrupted; the next drop finalises it. */
  detachPending: boolean;
}

/** `events_p20261121` for the UTC day starting at `dayStart`. */
function partitionName(table: PartitionedTable, dayStart: number): string {
  return `${table}_p${new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The UTC day start a partition name of `table` stands for, or null for a table that is not one of ours. */
function dayOfName(table: PartitionedTable, name: string): number | null {
  const m = /^([a-z_]+)_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m && m[1] === table ? Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4])) : null;
}

/** Start of the UTC day containing `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Keeps the daily partitions of one table (`events`, `transactions` or `span_chunks`) in existence.
 * Partitions are made ahead of time (at open, and by the retention job), and on demand when a batch
 * holds a day nobody made yet (a replayed old spool entry, a clock jump). There is deliberately no
 * DEFAULT partition: rows parked there would block creating the proper partition later. If another
 * process dropped a partition this one believed in, the insert fails with "no partition", the cache is
 * forgotten and the batch retried (see save-events).
 *
 * A partition is created as a plain table and then attached: ATTACH PARTITION takes only a SHARE UPDATE
 * EXCLUSIVE lock on the parent, which does not block the digest's inserts or the API's reads, whereas
 * CREATE TABLE … PARTITION OF would take an ACCESS EXCLUSIVE lock. One advisory lock serialises the
 * partition DDL of all the tables.
 */
export class DayPartitions {
  /** Day starts known to have a partition, so the write path usually costs no query at all. */
  private readonly known = new Set<number>();

  constructor(
    private readonly pool: pg.Pool,
    readonly table: PartitionedTable = 'events',
  ) {}

  /** Makes sure partitions exist for yesterday through a few days ahead of `now`. */
  async ensureAround(now: number): Promise<void> {
    const today = dayStart(now);
    const days: number[] = [];
    for (let d = -1; d <= DAYS_AHEAD; d++) days.push(today + d * DAY_MS);
    await this.ensureDays(days);
  }

  /** Makes sure every `received_at` in `times` has a partition to go to. */
  async ensureFor(times: number[]): Promise<void> {
    const days = new Set(times.map(dayStart));
    const missing = [...days].filter((d) => !this.known.has(d));
    if (missing.length === 0) return;
    // While creating anyway, also make the days ahead, so tomorrow's first batch needs no DDL.
    await this.ensureDays([...missing, ...this.daysAhead(Date.now())]);
  }

  /** Forgets what is known, after another process dropped a partition under this one. */
  forget(): void {
    this.known.clear();
  }

  /** Forgets one day (this process just dropped it). */
  forgetDay(day: number): void {
    this.known.delete(day);
  }

  /** The partitions that exist, oldest first. */
  async list(db: Queryable = this.pool): Promise<DayPartition[]> {
    const { rows } = await db.query<{ name: string; pending: boolean }>(
      `SELECT c.relname AS name, i.inhdetachpending AS pending FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`,
      [this.table],
    );
    const out: DayPartition[] = [];
    for (const { name, pending } of rows) {
      const from = dayOfName(this.table, name);
      if (from !== null) out.push({ name, from, to: from + DAY_MS, detachPending: pending });
    }
    return out.sort((a, b) => a.from - b.from);
  }

  private daysAhead(now: number): number[] {
    const today = dayStart(now);
    return Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => today + i * DAY_MS);
  }

  private async ensureDays(days: number[]): Promise<void> {
    const wanted = [...new Set(days)].filter((d) => !this.known.has(d)).sort((a, b) => a - b);
    if (wanted.length === 0) return;
    await inTransaction(this.pool, async (c) => {
      // One creator at a time across processes; the others then find the partitions made.
      await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [PARTITION_LOCK]);
      const existing = new Set((await this.list(c)).map((p) => p.from));
      const leftovers = new Set(await this.detachedTables(c));
      for (const day of wanted) {
        if (existing.has(day)) continue;
        const name = partitionName(this.table, day);
        // A day detached for retention by a run that died before dropping it: its rows were expired.
        if (leftovers.has(name)) await c.query(`DROP TABLE ${name}`);
        // INCLUDING STORAGE keeps the parent's "do not recompress the deflated body".
        await c.query(`CREATE TABLE ${name} (LIKE ${this.table} INCLUDING DEFAULTS INCLUDING STORAGE)`);
        await c.query(
          `ALTER TABLE ${this.table} ATTACH PARTITION ${name} FOR VALUES FROM (${day}) TO (${day + DAY_MS})`,
        );
      }
    });
    for (const day of wanted) this.known.add(day);
  }

  /**
   * Drops whole partitions that end at or before `before`: retention's cheap path, a catalog change
   * instead of a delete per row, and no bloat left behind. Each is first detached CONCURRENTLY, which
   * waits for running queries instead of locking them out: a plain DROP would need an ACCESS EXCLUSIVE
   * lock on the parent table, and while queued for it would stall every insert of the digest behind it.
   * Holds the partition lock (a session lock: DETACH CONCURRENTLY cannot run in a transaction), so
   * no process re-creates a day while it is being dropped. Returns the days dropped.
   */
  async dropBefore(before: number): Promise<number[]> {
    const dropped: number[] = [];
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('SELECT pg_advisory_lock($1::bigint)', [PARTITION_LOCK]);
      try {
        for (const p of await this.list(client)) {
          if (p.to > before) break;
          const how = p.detachPending ? 'FINALIZE' : 'CONCURRENTLY';
          await client.query(`ALTER TABLE ${this.table} DETACH PARTITION ${p.name} ${how}`);
          await client.query(`DROP TABLE ${p.name}`);
          this.forgetDay(p.from);
          dropped.push(p.from);
        }
        // Days a previous run detached but died before dropping.
        for (const name of await this.detachedTables(client)) {
          if (dayOfName(this.table, name)! + DAY_MS <= before) await client.query(`DROP TABLE ${name}`);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [PARTITION_LOCK]);
      }
    } catch (err) {
      broken = sqlState(err) === undefined; // a lost connection, not an SQL error: do not reuse it
      throw err;
    } finally {
      client.release(broken);
    }
    return dropped;
  }

  /** Tables named like a day partition that are not attached: leftovers of an interrupted drop. */
  private async detachedTables(db: Queryable): Promise<string[]> {
    const { rows } = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r' AND NOT c.relispartition
         AND c.relname ~ ('^' || $1 || '_p[0-9]{8}$')`,
      [this.table],
    );
    return rows.map((r) => r.name);
  }
}
