/**
 * Entry point of the digest thread. Embedded mode runs the digest here so ingest and the API keep the
 * main thread to themselves and both cores are used.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { OutcomeCounter } from '../ingest/outcomes.js';
import { SqliteSpool } from '../spool/sqlite-spool.js';
import { FileBlobStore } from '../storage/blob-store.js';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import { DigestLoop } from './digest-loop.js';

/** Data passed from the main thread. */
export interface DigestWorkerData {
  databaseFile: string;
  spoolFile: string;
  blobDir: string;
  logLevel: string;
}

/** Messages the main thread sends: `wake` after spooling, `stop` on shutdown. */
export type DigestWorkerMessage = 'wake' | 'stop' | 'stats';

const data = workerData as DigestWorkerData;
const log = pino({ level: data.logLevel }).child({ role: 'digest' });
// Migrations already ran on the main thread before this thread started.
const storage = SqliteStorage.open(data.databaseFile, { migrate: false, cacheMiB: 32 });
const spool = new SqliteSpool(data.spoolFile);
const outcomes = new OutcomeCounter(storage);
outcomes.start();
const loop = new DigestLoop(spool, storage, outcomes, new FileBlobStore(data.blobDir), log);
const running = loop.run();

parentPort?.on('message', (message: DigestWorkerMessage) => {
  if (message === 'wake') loop.wake();
  else if (message === 'stats') parentPort?.postMessage({ type: 'stats', digested: loop.digested });
  else if (message === 'stop') {
    void (async () => {
      await loop.stop();
      await running;
      await outcomes.stop();
      await spool.close();
      await storage.close();
      parentPort?.postMessage({ type: 'stopped' });
    })();
  }
});
