import { execFileSync } from 'node:child_process';
import { ROOT } from './server-process.mjs';

/**
 * Runs one `faultline` CLI command on the data folder (or on a PostgreSQL database, the folder then
 * only holding the secret key) and returns its last output line (the CLI prints the DSN or token last,
 * by design, so scripts can take it).
 * @param {string[]} args
 * @param {string} dataDir
 * @param {string} [databaseUrl]
 */
function cli(args, dataDir, databaseUrl) {
  const where = ['--data-dir', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
  const out = execFileSync(process.execPath, ['bin/faultline.js', ...args, ...where], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const lines = out.trim().split('\n');
  return { all: lines, last: lines[lines.length - 1] ?? '' };
}

/**
 * @typedef {object} Project
 * @property {number} projectId
 * @property {string} publicKey
 * @property {string} token bearer token of the owner, for the issue routes
 */

/**
 * Creates the user, organization `acme`, project `bench` and an API token, with the CLI a user would use.
 * @param {string} dataDir
 * @param {string} publicUrl only written into the printed DSN
 * @param {string} [databaseUrl] provision in this PostgreSQL database instead of the folder's SQLite
 * @returns {Project}
 */
export function provision(dataDir, publicUrl, databaseUrl) {
  cli(['createuser', '--email', 'a@b.c', '--password', 'longpassword', '--no-input'], dataDir, databaseUrl);
  cli(['org', 'create', 'acme', '--owner', 'a@b.c'], dataDir, databaseUrl);
  const project = cli(
    [
      'project',
      'create',
      '--org',
      'acme',
      '--slug',
      'bench',
      '--platform',
      'node',
      '--public-url',
      publicUrl,
    ],
    dataDir,
    databaseUrl,
  );
  const dsn = new URL(project.last);
  const token = cli(['token', 'create', '--user', 'a@b.c'], dataDir, databaseUrl).last.trim();
  return { projectId: Number(dsn.pathname.replace(/^\/+/, '')), publicKey: dsn.username, token };
}
