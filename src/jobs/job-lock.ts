import type pg from 'pg';

/** Runs a scheduled job in exactly one process at a time. */
export interface JobLock {
  /** Runs `fn` if no other holder has the lock named `name`; returns false when it was skipped. */
  tryRun(name: string, fn: () => Promise<void>): Promise<boolean>;
}

/** Embedded mode: one process, so an in-process flag is enough. */
export class LocalJobLock implements JobLock {
  private readonly held = new Set<string>();

  async tryRun(name: string, fn: () => Promise<void>): Promise<boolean> {
    if (this.held.has(name)) return false;
    this.held.add(name);
    try {
      await fn();
      return true;
    } finally {
      this.held.delete(name);
    }
  }
}

/** A stable 32-bit key for a lock name (advisory locks take integers). */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of `faultline:${name}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h | 0;
}

/**
 * Scale-out mode: a PostgreSQL session advisory lock, held on one connection for the job's duration.
 * If the holder dies, its connection closes and the lock is released with it.
 */
export class PostgresJobLock implements JobLock {
  constructor(private readonly pool: pg.Pool) {}

  async tryRun(name: string, fn: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        lockKey(name),
      ]);
      if (!rows[0]?.ok) return false;
      try {
        await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [lockKey(name)]);
      }
      return true;
    } finally {
      client.release();
    }
  }
}
