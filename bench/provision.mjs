import { execFileSync } from 'node:child_process';
import { ROOT } from './server-process.mjs';

/**
 * Runs one `faultline` CLI command on the data folder and returns its last output line (the CLI prints
 * the DSN or token last, by design, so scripts can take it).
 * @param {string[]} args
 * @param {string} dataDir
 */
function cli(args, dataDir) {
  const out = execFileSync(process.execPath, ['bin/faultline.js', ...args, '--data-dir', dataDir], {
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
 * @returns {Project}
 */
export function provision(dataDir, publicUrl) {
  cli(['createuser', '--email', 'a@b.c', '--password', 'longpassword', '--no-input'], dataDir);
  cli(['org', 'create', 'acme', '--owner', 'a@b.c'], dataDir);
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
  );
  const dsn = new URL(project.last);
  const token = cli(['token', 'create', '--user', 'a@b.c'], dataDir).last.trim();
  return { projectId: Number(dsn.pathname.replace(/^\/+/, '')), publicKey: dsn.username, token };
}
