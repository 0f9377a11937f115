import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root, and the built CLI the end-to-end tests run (`npm test` builds it first). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(repoRoot, 'bin/faultline.js');

/** A server process started on a temporary data folder. */
export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  /** Output so far, for debugging a failed test. */
  output: () => string;
  /** SIGTERM and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash-safety tests' way to die mid-stream. */
  kill9(): Promise<void>;
}

/** A fresh temporary data folder. */
export function tempDataDir(prefix = 'faultline-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs a `faultline` command to completion; throws with its output when it fails. */
export function runCli(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(process.execPath, [cliPath, ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    throw new Error(
      `faultline ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The last non-empty line a command printed (the DSN or token). */
export function lastLine(output: string): string {
  return output.trim().split('\n').pop()!.trim();
}

/**
 * Starts `faultline up` on an ephemeral port and resolves once it logged that it is ready (the log
 * line carries the URL it listens on).
 */
export async function startServer(
  options: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const proc = spawn(
    process.execPath,
    [cliPath, 'up', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, ...(options.args ?? [])],
    {
      // Nice 10 rather than the idle class for the digest: the suite runs servers beside busy test
      // workers and a browser on two cores, where an idle-class digest would wait for whole seconds and
      // the tests that wait on it would time out. test/e2e/digest-priority.test.ts checks the default.
      env: { ...process.env, FAULTLINE_LOG_LEVEL: 'info', FAULTLINE_DIGEST_PRIORITY: 'low', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    proc.stdout!.on('data', (d: string) => {
      out += d;
      const m = /"url":"(http:\/\/[^"]+)".*faultline is ready/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** A user, organization, project, DSN and API token made through the CLI, as a newcomer would. */
export interface Provisioned {
  dsn: string;
  token: string;
  org: string;
  project: string;
  projectId: string;
  publicKey: string;
}

/** Provisions an account and a project on a data folder (before or while the server runs). */
export function provision(
  dataDir: string,
  port: number,
  names: { org?: string; project?: string; email?: string; platform?: string; databaseUrl?: string } = {},
): Provisioned {
  const env = names.databaseUrl ? { FAULTLINE_DATABASE_URL: names.databaseUrl } : {};
  const org = names.org ?? 'acme';
  const project = names.project ?? 'backend';
  const email = names.email ?? `admin-${org}@example.com`;
  const publicUrl = `http://127.0.0.1:${port}`;
  runCli(['createuser', '--email', email, '--password', 'correct-horse-battery', '--no-input'], dataDir, env);
  runCli(['org', 'create', org, '--owner', email], dataDir, env);
  const dsn = lastLine(
    runCli(
      [
        'project',
        'create',
        '--org',
        org,
        '--slug',
        project,
        '--platform',
        names.platform ?? 'node',
        '--public-url',
        publicUrl,
      ],
      dataDir,
      env,
    ),
  );
  const token = lastLine(runCli(['token', 'create', '--user', email], dataDir, env));
  const parsed = new URL(dsn);
  return { dsn, token, org, project, projectId: parsed.pathname.slice(1), publicKey: parsed.username };
}

/**
 * Waits until the server's ingest key cache knows a project made by the CLI (it refreshes on a timer
 * and on misses), by posting an envelope with no items until it is accepted.
 */
export async function waitForIngest(
  server: TestServer,
  acct: Pick<Provisioned, 'projectId' | 'publicKey'>,
): Promise<void> {
  const url = `${server.url}/api/${acct.projectId}/envelope/?sentry_key=${acct.publicKey}&sentry_version=7`;
  for (let i = 0; i < 100; i++) {
    if ((await fetch(url, { method: 'POST', body: '{}' })).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server never accepted the new project key');
}
