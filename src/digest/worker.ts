/**
 * Entry point of the digest thread. The digest runs here so ingest and the API keep the main thread to
 * themselves and both cores are used.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { OutcomeCounter } from '../ingest/outcomes.js';
import { openBackends, type BackendLocation } from '../server/backends.js';
import { DigestLoop } from './digest-loop.js';

/** Data passed from the main thread. */
export interface DigestWorkerData extends BackendLocation {
  logLevel: string;
}

/** Messages the main thread sends: `wake` after spooling, `stop` on shutdown. */
export type DigestWorkerMessage = 'wake' | 'stop';

const data = workerData as DigestWorkerData;
const log = pino({ level: data.logLevel, base: { app: 'faultline', role: 'digest' } });
// Migrations already ran on the main thread before this thread started.
const backends = await openBackends(data, { migrate: false, cacheMiB: 32 });
const outcomes = new OutcomeCounter(backends.storage);
outcomes.start();
const loop = new DigestLoop(backends.spool, backends.storage, outcomes, backends.blobs, log);
await backends.onSpooled?.(() => loop.wake());
const running = loop.run();
parentPort?.postMessage({ type: 'ready' });

parentPort?.on('message', (message: DigestWorkerMessage) => {
  if (message === 'wake') loop.wake();
  else if (message === 'stop') {
    void (async () => {
      await loop.stop();
      await running;
      await outcomes.stop();
      await backends.close();
      parentPort?.postMessage({ type: 'stopped' });
    })();
  }
});
