import fs from 'node:fs';
import pg from 'pg';

/** The PostgreSQL the bench uses unless `--postgres=URL` names another (trust auth, as in the tests). */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `url` with its database name replaced.
 * @param {string} url
 * @param {string} database
 */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Runs `fn` with one client connected to `url`, always closed.
 * @template T
 * @param {string} url
 * @param {(client: pg.Client) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * True when database `name` exists on the server of `url`.
 * @param {string} url any database of that server
 * @param {string} name
 */
export async function databaseExists(url, name) {
  return withClient(url, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  });
}

/**
 * Creates database `name` (a bench name: letters, digits, underscores), dropping a leftover first.
 * @param {string} url any database of the server
 * @param {string} name
 */
export async function createDatabase(url, name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database name: ${name}`);
  await withClient(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
}

/**
 * Drops database `name`, disconnecting whoever is still on it.
 * @param {string} url any other database of the server
 * @param {string} name
 */
export async function dropDatabase(url, name) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database name: ${name}`);
  await withClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * CPU seconds (user + system) of every `postgres` process on this machine, read from /proc: the
 * database's share of a phase when it runs on the same machine. Backends that exit during the phase
 * take their CPU with them, so this is a lower bound; the bench's own connections stay open.
 */
export function postgresCpuSeconds() {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}
