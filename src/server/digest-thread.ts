import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { DigestThreadReport, DigestWorkerData, DigestWorkerMessage } from '../digest/worker.js';

/**
 * V8 sizes the young generation up to 48 MB per thread under a high allocation rate. The digest's
 * garbage is short-lived: 16 MB measured the same CPU per event as the default with ~50 MB less peak
 * RSS at maximum load, and 8 MB again the same CPU (`bench/digest-alone.mjs --threads=1`, alternating
 * runs) with ~15 MB less for the server's two threads. Exported so that bench runs its threads the same way.
 * Node's `--max-semi-space-size` (in `npm start`) overrides it: V8 applies that option to every thread.
 */
export const DIGEST_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;

const DIGEST_WORKER = new URL('../digest/worker.js', import.meta.url);

/** One digest worker thread, driven by messages from the main thread. */
export class DigestThread {
  private exited = false;
  /** Set once a stop was asked for: the exit that follows is expected, not a crash. */
  private stopping = false;

  private constructor(private readonly worker: Worker) {
    worker.on('exit', () => (this.exited = true));
  }

  /**
   * Starts the thread and resolves once its backends are open and the loop runs. `onReport` gets the
   * thread's reports; `onCrash` is called if it ends without being asked to. `script` is the worker's
   * entry point (a test gives one that misbehaves on purpose).
   */
  static async start(
    data: DigestWorkerData,
    log: Logger,
    {
      onReport = () => {},
      onCrash = () => {},
      script = DIGEST_WORKER,
    }: { onReport?: (report: DigestThreadReport) => void; onCrash?: () => void; script?: URL } = {},
  ): Promise<DigestThread> {
    const worker = new Worker(script, {
      workerData: data,
      resourceLimits: DIGEST_THREAD_LIMITS,
    });
    const thread = new DigestThread(worker);
    worker.on('error', (err) => log.error({ err }, 'digest thread crashed'));
    worker.on('exit', (code) => {
      if (thread.stopping) return;
      log.error({ code }, 'digest thread exited');
      onCrash();
    });
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: DigestThreadReport) => {
        if (m.type === 'ready') resolve();
        else onReport(m);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`digest thread exited with ${code} while starting`)));
    });
    return thread;
  }

  /** Sends the thread a message, unless it has ended. */
  post(message: DigestWorkerMessage): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  /** Tells the digest new entries are waiting. */
  wake(): void {
    this.post('wake');
  }

  /** Ends a thread that already closed everything (it reported `retired`). */
  async end(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }

  /** Lets the digest finish its batch, flush and close, then ends the thread. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const stopped = new Promise<void>((resolve) => {
      this.worker.on('message', (m: DigestThreadReport) => {
        if (m.type === 'stopped') resolve();
      });
      this.worker.on('exit', () => resolve());
    });
    this.stopping = true;
    this.post('stop');
    await stopped;
    // The thread has flushed and closed everything; ending it now is the normal way out.
    await this.worker.terminate();
  }
}
