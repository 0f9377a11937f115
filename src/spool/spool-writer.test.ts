import { afterEach, describe, expect, it } from 'vitest';
import { capturedLog, workerStub } from '../../test/harness/worker-stub.js';
import { SpoolWriterThread } from './spool-writer.js';

/**
 * A stand-in for the writer thread: it records each start in a file beside it and says it is ready.
 * The first one dies on its first batch, as a writer thread that crashed would; later ones answer
 * every batch as committed.
 */
const FAKE_WRITER = `
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
const log = new URL('./starts.log', import.meta.url);
fs.appendFileSync(log, 'start\\n');
const first = fs.readFileSync(log, 'utf8').trim().split('\\n').length === 1;
parentPort.on('message', (m) => {
  if (m === 'close') process.exit(0);
  if (first) process.exit(5);
  parentPort.postMessage({ seq: m.seq });
});
parentPort.postMessage({ seq: 0 });
`;

describe('SpoolWriterThread', () => {
  let stub: ReturnType<typeof workerStub> | null = null;
  afterEach(() => stub?.remove());

  it('refuses the batches of a thread that died, and starts a new thread for the next append', async () => {
    stub = workerStub(FAKE_WRITER);
    const { log, text } = capturedLog();
    // The stub never opens the file.
    const writer = await SpoolWriterThread.start('/nonexistent/spool.sqlite', log, {
      script: stub.url,
      journal: false,
    });
    const entry = {
      projectId: 1,
      receivedAt: Date.now(),
      meta: { clientIp: null, userAgent: null, publicKey: 'k' },
      body: Buffer.from('{}'),
    };
    await expect(writer.append([entry])).rejects.toThrow('spool writer exited (5)');
    await expect(writer.append([entry])).resolves.toBeUndefined();
    await expect(writer.append([entry])).resolves.toBeUndefined();
    expect(stub.starts()).toBe(2);
    expect(text()).toContain('spool writer thread started again');
    await writer.close();
  });
});
