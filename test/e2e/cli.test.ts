import { spawnSync } from 'node:child_process';
import pg from 'pg';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { POSTGRES_SCHEMA_VERSION } from '../../src/storage/postgres/migrations.js';
import { SQLITE_SCHEMA_VERSION } from '../../src/storage/sqlite/database.js';
import { createTestDatabase, pgAvailable } from '../contract/pg-database.js';
import { cliPath, runCli, tempDataDir } from '../harness/server.js';

const postgres = await pgAvailable();

/** Runs `faultline up` expecting it to refuse to start; returns what it printed. */
function refusedStart(args: string[]): string {
  const r = spawnSync(process.execPath, [cliPath, 'up', '--port', '0', ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(r.status).not.toBe(0);
  return r.stdout + r.stderr;
}

describe('faultline migrate and schema versions', () => {
  it('migrates a fresh SQLite data folder once, and refuses a newer schema', () => {
    const dir = tempDataDir();
    expect(runCli(['migrate'], dir)).toContain(`migrated schema from 0 to ${SQLITE_SCHEMA_VERSION}`);
    expect(runCli(['migrate'], dir)).toContain(`schema is up to date (version ${SQLITE_SCHEMA_VERSION})`);
    const db = new Database(path.join(dir, 'faultline.sqlite'));
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    expect(refusedStart(['--data-dir', dir])).toContain('newer than this Faultline knows');
  });

  it.skipIf(!postgres)('migrates a fresh PostgreSQL database once, and refuses a newer schema', async () => {
    const db = await createTestDatabase();
    try {
      const dir = tempDataDir();
      expect(runCli(['migrate', '--database-url', db.url], dir)).toContain(
        `migrated schema from 0 to ${POSTGRES_SCHEMA_VERSION}`,
      );
      expect(runCli(['migrate', '--database-url', db.url], dir)).toContain(
        `schema is up to date (version ${POSTGRES_SCHEMA_VERSION})`,
      );
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
      await client.end();
      expect(refusedStart(['--data-dir', dir, '--database-url', db.url])).toContain(
        'newer than this Faultline knows',
      );
    } finally {
      await db.drop();
    }
  });

  it('prints the DSN and the token on the last line, and explains bad input', () => {
    const dir = tempDataDir();
    runCli(['createuser', '--email', 'a@example.com', '--password', 'long-password', '--no-input'], dir);
    runCli(['org', 'create', 'acme', '--owner', 'a@example.com'], dir);
    const project = runCli(
      ['project', 'create', '--org', 'acme', '--slug', 'web', '--public-url', 'https://errors.example.com'],
      dir,
    );
    expect(project.trim().split('\n').pop()).toMatch(/^https:\/\/[0-9a-f]{32}@errors\.example\.com\/\d+$/);
    expect(runCli(['token', 'create', '--user', 'a@example.com'], dir).trim().split('\n').pop()).toMatch(
      /^sntryu_[0-9a-f]{64}$/,
    );
    const bad = spawnSync(
      process.execPath,
      [cliPath, 'createuser', '--email', 'nope', '--password', 'x', '--no-input', '--data-dir', dir],
      {
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--email must be an e-mail address');
  });
});
