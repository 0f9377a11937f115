import pg from 'pg';

/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

/** A row as pg returns it. */
export type Row = Record<string, unknown>;

/**
 * Type parsers for this adapter's pool only. pg returns int8 as strings because it cannot know the
 * values fit a double; every BIGINT here is a Unix-ms time, an id or a counter, all far below 2^53.
 * Set per pool, not on pg's global `types`, so other pg users in the process keep pg's defaults.
 */
const LOCAL_TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Opens a pool on `url` with this adapter's local type parsers. */
export function openPool(url: string, options: { poolSize?: number } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: LOCAL_TYPES,
    // A dead server should fail a request promptly, not hang it until the OS gives up.
    connectionTimeoutMillis: 10_000,
  });
  // An idle client whose server went away emits 'error'; unhandled, that would kill the process. The
  // next query gets a fresh connection and fails loudly if the server is really gone.
  pool.on('error', () => {});
  return pool;
}

/**
 * Runs `fn` in one transaction on one client: COMMIT on success, ROLLBACK on failure. A client whose
 * ROLLBACK fails is broken, so it is destroyed instead of going back to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

/** The SQLSTATE of a pg error, if it is one. */
export function sqlState(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

/** True for the "no partition of relation … found for row" insert error (a check_violation). */
export function isMissingPartition(err: unknown): boolean {
  return sqlState(err) === '23514' && err instanceof Error && err.message.includes('no partition');
}

/**
 * Errors after which running the same transaction again is correct and likely to succeed: a deadlock
 * victim, a serialization failure, or an insert whose day partition another process dropped (the
 * caller re-creates partitions before retrying).
 */
export function isRetryable(err: unknown): boolean {
  const code = sqlState(err);
  return code === '40P01' || code === '40001' || isMissingPartition(err);
}

/**
 * Runs `attempt` until it succeeds or fails with a non-retryable error, at most `tries` times, with a
 * short jittered pause so two colliding processes do not collide again in lockstep.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: { tries?: number; onRetry?: (err: unknown) => void } = {},
): Promise<T> {
  const tries = options.tries ?? 8;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !isRetryable(err)) throw err;
      options.onRetry?.(err);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * i));
    }
  }
}
