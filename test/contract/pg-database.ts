import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests connect to: an admin connection that may create and drop databases. */
export const TEST_DATABASE_URL =
  process.env.FAULTLINE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The line a PostgreSQL-only suite prints when it skips itself. */
export const PG_MISSING =
  `PostgreSQL was not found at ${TEST_DATABASE_URL}. Install and start it ` +
  '(`apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect 15 main start`), ' +
  'or set FAULTLINE_TEST_DATABASE_URL to a server where this user may CREATE DATABASE';

let available: Promise<boolean> | undefined;

/** Whether the test server answers (asked once per test file). */
export function pgAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return available;
}

/** Whether the test server answers; when not, prints the loud line saying `suite` is skipped and why. */
export async function pgAvailableOrWarn(suite: string): Promise<boolean> {
  const ok = await pgAvailable();
  if (!ok) console.warn(`\n*** SKIPPED: ${suite}. ${PG_MISSING} ***\n`);
  return ok;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database on the test server (`faultline_t_<random>`), so tests running in parallel
 * never see each other's rows. `drop` removes it, ending any connection still open on it.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `faultline_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
