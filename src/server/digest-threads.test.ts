import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestThreads } from './digest-threads.js';

/**
 * A stand-in for the digest worker: it records each start in a file beside it, says it is ready, and
 * on its first start exits with an error shortly after, as a digest thread that crashed would.
 */
const FAKE_WORKER = `
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
const log = new URL('./starts.log', import.meta.url);
fs.appendFileSync(log, 'start\\n');
const starts = fs.readFileSync(log, 'utf8').trim().split('\\n').length;
parentPort.postMessage({ type: 'ready' });
if (starts === 1) setTimeout(() => process.exit(3), 50);
parentPort.on('message', (m) => {
  if (m === 'stop') parentPort.postMessage({ type: 'stopped' });
});
`;

describe('DigestThreads', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts the first thread again when it crashes, and stops cleanly after', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-digest-threads-'));
    const script = path.join(dir, 'worker.mjs');
    fs.writeFileSync(script, FAKE_WORKER);
    const lines: string[] = [];
    const log = pino(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const threads = await DigestThreads.start(
      { dataDir: dir, databaseUrl: null },
      { logLevel: 'silent', maxThreads: 1, script: new URL(`file://${script}`) },
      log,
    );
    const starts = () => fs.readFileSync(path.join(dir, 'starts.log'), 'utf8').trim().split('\n').length;
    const deadline = Date.now() + 10_000;
    while (starts() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(starts()).toBe(2);
    await threads.stop();
    expect(lines.join('')).toContain('digest thread exited');
    expect(lines.join('')).toContain('digest thread restarted');
    // Stopped for good: no third start.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(starts()).toBe(2);
  });
});
