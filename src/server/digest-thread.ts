import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { DigestWorkerData, DigestWorkerMessage } from '../digest/worker.js';

/** The digest running in a worker thread, driven by messages from the main thread. */
export class DigestThread {
  private exited = false;
  /** Set once a stop was asked for: the exit that follows is expected, not a crash. */
  private static readonly stopping = new WeakSet<Worker>();

  private constructor(private readonly worker: Worker) {
    worker.on('exit', () => (this.exited = true));
  }

  /** Starts the thread and resolves once its backends are open and the loop runs. */
  static async start(data: DigestWorkerData, log: Logger): Promise<DigestThread> {
    const worker = new Worker(new URL('../digest/worker.js', import.meta.url), {
      workerData: data,
      // V8 sizes the young generation up to 48 MB per thread under a high allocation rate; the
      // digest's garbage is short-lived, and a smaller nursery measured the same CPU per event with
      // ~50 MB less peak RSS at maximum load.
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    worker.on('error', (err) => log.error({ err }, 'digest thread crashed'));
    worker.on('exit', (code) => {
      if (code !== 0 && !DigestThread.stopping.has(worker)) log.error({ code }, 'digest thread exited');
    });
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { type?: string }) => {
        if (m.type === 'ready') resolve();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`digest thread exited with ${code} while starting`)));
    });
    return new DigestThread(worker);
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
    DigestThread.stopping.add(this.worker);
    this.worker.postMessage('stop' satisfies DigestWorkerMessage);
    await stopped;
    // The thread has flushed and closed everything; ending it now is the normal way out.
    await this.worker.terminate();
  }
}
