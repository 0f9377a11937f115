import { afterEach, describe, expect, it } from 'vitest';
import { capturedLog, workerStub } from '../../test/harness/worker-stub.js';
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
  let stub: ReturnType<typeof workerStub> | null = null;
  afterEach(() => stub?.remove());

  it('starts the first thread again when it crashes, and stops cleanly after', async () => {
    stub = workerStub(FAKE_WORKER);
    const { starts } = stub;
    const { log, text } = capturedLog();
    // The stub never opens the data folder.
    const threads = await DigestThreads.start(
      { dataDir: '/nonexistent', databaseUrl: null },
      { logLevel: 'silent', maxThreads: 1, script: stub.url },
      log,
    );
    const deadline = Date.now() + 10_000;
    while (starts() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(starts()).toBe(2);
    await threads.stop();
    expect(text()).toContain('digest thread exited');
    expect(text()).toContain('digest thread restarted');
    // Stopped for good: no third start.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(starts()).toBe(2);
  });
});
