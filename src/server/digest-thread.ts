import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { DigestWorkerData, DigestWorkerMessage } from '../digest/worker.js';

/** The digest running in a worker thread, driven by messages from the main thread. */
export class DigestThread {
  private readonly worker: Worker;
  private exited = false;

  constructor(data: DigestWorkerData, log: Logger) {
    this.worker = new Worker(new URL('../digest/worker.js', import.meta.url), { workerData: data });
    this.worker.on('error', (err) => log.error({ err }, 'digest thread crashed'));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (code !== 0) log.error({ code }, 'digest thread exited');
    });
  }

  /** Tells the digest new entries are waiting. */
  wake(): void {
    if (!this.exited) this.worker.postMessage('wake' satisfies DigestWorkerMessage);
  }

  /** Lets the digest finish its batch, flush and close, then ends the thread. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const stopped = new Promise<void>((resolve) => {
      this.worker.on('message', (m: { type?: string }) => {
        if (m.type === 'stopped') resolve();
      });
      this.worker.on('exit', () => resolve());
    });
    this.worker.postMessage('stop' satisfies DigestWorkerMessage);
    await stopped;
    await this.worker.terminate();
  }
}
