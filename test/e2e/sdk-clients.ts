import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../harness/server.js';

const run = promisify(execFile);
const clients = path.join(repoRoot, 'test/e2e/clients');

/** Runs the real @sentry/node app with some actions; returns the event ids the SDK reported. */
export async function runNodeApp(
  dsn: string,
  actions: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<string[]> {
  const { stdout } = await run(process.execPath, [path.join(clients, 'node-app.mjs'), actions.join(',')], {
    env: { ...process.env, ...env, DSN: dsn },
    timeout: 30_000,
  });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { ids: string[]; flushed: boolean };
  if (!result.flushed) throw new Error('@sentry/node did not flush');
  return result.ids;
}

/** Debian's interpreter: the `python3` first on PATH may be another one that cannot see the package. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** Whether Debian's python3-sentry-sdk is installed; when not, the Python suite is skipped loudly. */
export function hasPythonSdk(): boolean {
  if (!fs.existsSync(DEBIAN_PYTHON)) return false;
  try {
    return fs.readdirSync('/usr/lib/python3/dist-packages').some((name) => name === 'sentry_sdk');
  } catch {
    return false;
  }
}

/** Runs the real Python SDK app; returns the event ids it reported. */
export async function runPythonApp(dsn: string, actions: string[]): Promise<string[]> {
  const { stdout } = await run(DEBIAN_PYTHON, [path.join(clients, 'python_app.py'), actions.join(',')], {
    env: { ...process.env, DSN: dsn },
    timeout: 30_000,
  });
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { ids: string[] }).ids;
}

/** Runs the real @sentry/node tracing app; returns the trace ids of the transactions it sent. */
export async function runNodeTracing(
  dsn: string,
  opts: { mode: 'stream' | 'static'; count: number; name: string },
): Promise<string[]> {
  const { stdout } = await run(process.execPath, [path.join(clients, 'node-tracing.mjs')], {
    env: { ...process.env, DSN: dsn, MODE: opts.mode, COUNT: String(opts.count), NAME: opts.name },
    timeout: 60_000,
  });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { traceIds: string[]; flushed: boolean };
  if (!result.flushed) throw new Error('@sentry/node did not flush');
  return result.traceIds;
}

/**
 * Runs the real @sentry/node SDK against a rate-limited key: `burst` errors one request at a time, a
 * pause of `waitMs`, one more error. Returns the ids of all the events it captured, in order.
 */
export async function runNodeRateLimited(
  dsn: string,
  opts: { burst: number; waitMs: number },
): Promise<string[]> {
  const { stdout } = await run(process.execPath, [path.join(clients, 'node-ratelimit.mjs')], {
    env: { ...process.env, DSN: dsn, BURST: String(opts.burst), WAIT_MS: String(opts.waitMs) },
    timeout: 60_000,
  });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { ids: string[]; flushed: boolean };
  if (!result.flushed) throw new Error('@sentry/node did not flush');
  return result.ids;
}
