import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.mjs';

/** Repository root: the bench runs the built server the same way a user does (`bin/faultline.js`). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every child this bench started, so an interrupted run still leaves no server behind. */
const children = new Set();
/** Every temporary data folder, removed on interruption too (process.exit skips `finally` blocks). */
const tempDirs = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

/**
 * A new temporary data folder, deleted when the bench exits however it exits.
 * @param {string} prefix
 */
export function tempDataDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Deletes a folder made by {@link tempDataDir} now.
 * @param {string} dir
 */
export function removeDataDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/**
 * A free TCP port on 127.0.0.1. The server gets an explicit port (not 0) so the bench can poll
 * `/_health/` from the moment of spawn, which is what "ready in under a second" means to an operator.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Resolves true once GET `url` answers 200; polls every `everyMs` (connection refused while starting).
 * @param {string} url
 * @param {number} everyMs
 * @param {number} timeoutMs
 */
async function waitForHealth(url, everyMs, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const req = http.get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', () => resolve(false));
      req.setTimeout(1_000, () => req.destroy());
    });
    if (ok) return true;
    await sleep(everyMs);
  }
  return false;
}

/**
 * Reads a field of /proc/<pid>/status in MB of 10^6 bytes, the unit of the targets (VmRSS: resident
 * now; VmHWM: the kernel's resident high-water mark since start, so no peak between samples is missed).
 * @param {number} pid
 * @param {'VmRSS' | 'VmHWM'} field
 * @returns {number}
 */
export function memoryMB(pid, field) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return (kb * 1024) / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * CPU time a process has used so far (user + system, all threads), seconds: divided by the events of a
 * phase it gives the server's cost per event, which does not depend on how busy the machine was.
 * @param {number} pid
 */
export function cpuSeconds(pid) {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU time the whole machine has been busy (all cores, all processes), seconds: minus the server's and
 * the bench's own, it shows whether something else was running during a phase and skewing it.
 */
export function machineBusySeconds() {
  try {
    const [user, nice, system, , , irq, softirq, steal] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return NaN;
  }
}

/**
 * @typedef {object} Started
 * @property {import('node:child_process').ChildProcess} child
 * @property {number} pid
 * @property {string} origin
 * @property {number} healthMs spawn → `/_health/` answering 200 (NaN for the bare server)
 * @property {number} readyLogMs spawn → the ready line on stdout
 * @property {string[]} logLines every stdout/stderr line, for the error scan at the end
 * @property {() => Promise<{ exitMs: number, code: number | null, signal: string | null, killed: boolean }>} stop
 */

/**
 * Spawns a server process and waits until it is ready.
 * @param {{ args: string[], readyPattern: RegExp, port: number, healthPath?: string, label: string }} options
 * @returns {Promise<Started>}
 */
export async function startProcess({ args, readyPattern, port, healthPath, label }) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const logLines = [];
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  void exit.then(() => {
    exited = true;
    children.delete(child);
  });
  const readyLog = new Promise((resolve, reject) => {
    const onData = (stream) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          logLines.push(line);
          if (readyPattern.test(line)) resolve(performance.now() - t0);
        }
      });
    };
    onData(child.stdout);
    onData(child.stderr);
    void exit.then(({ code }) =>
      reject(new Error(`${label} exited (${code}) before ready:\n${logLines.join('\n')}`)),
    );
  });
  const origin = `http://127.0.0.1:${port}`;
  const health = healthPath
    ? waitForHealth(origin + healthPath, 10, 60_000).then((ok) => (ok ? performance.now() - t0 : NaN))
    : Promise.resolve(NaN);
  const [readyLogMs, healthMs] = await Promise.all([readyLog, health]);

  const stop = async () => {
    const t1 = performance.now();
    if (exited) return { exitMs: 0, code: null, signal: null, killed: false };
    child.kill('SIGTERM');
    // A clean stop drains the spool writer and the digest batch; a minute is far beyond that.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const { code, signal } = await exit;
    clearTimeout(timer);
    return { exitMs: performance.now() - t1, code, signal, killed: signal === 'SIGKILL' };
  };
  return { child, pid: /** @type {number} */ (child.pid), origin, healthMs, readyLogMs, logLines, stop };
}

/**
 * The Node options of `npm start` (package.json's start script, `node <options> bin/faultline.js up`),
 * so the bench measures the server as that command runs it.
 */
function startScriptNodeOptions() {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const match = /^node((?: --\S+)*) bin\/faultline\.js up$/.exec(scripts.start);
  if (!match) throw new Error(`the bench cannot read the Node options of the start script: ${scripts.start}`);
  return match[1].split(' ').filter(Boolean);
}

/**
 * Starts Faultline on `dataDir` (all roles, as `npm start` does), or, with `databaseUrl`, on that
 * PostgreSQL database with the given roles (the data folder then only holds the secret key).
 * @param {string} dataDir
 * @param {{ databaseUrl?: string, roles?: string[] }} [options]
 */
export async function startFaultline(dataDir, { databaseUrl, roles } = {}) {
  const port = await freePort();
  const args = [
    ...startScriptNodeOptions(),
    'bin/faultline.js',
    'up',
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--data-dir',
    dataDir,
  ];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  if (roles) args.push('--roles', roles.join(','));
  return startProcess({
    args,
    readyPattern: /faultline is ready/,
    port,
    healthPath: '/_health/',
    label: 'faultline',
  });
}

/** Starts the bare `node:http` baseline server. */
export async function startBare() {
  const port = await freePort();
  return startProcess({
    args: ['bench/bare-server.mjs', String(port)],
    readyPattern: /^listening \d+/,
    port,
    label: 'bare server',
  });
}

/**
 * Log lines at warn level or above (pino: 40 warn, 50 error, 60 fatal), for the report.
 * @param {string[]} lines
 * @returns {string[]}
 */
export function problemLines(lines) {
  return lines.filter((line) => {
    try {
      return JSON.parse(line).level >= 40;
    } catch {
      return line.trim() !== '';
    }
  });
}
