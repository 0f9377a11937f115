import { Worker } from 'node:worker_threads';
import type { NewSpoolEntry } from './spool.js';

/** A batch for the writer thread. */
export interface SpoolWriteRequest {
  seq: number;
  entries: NewSpoolEntry[];
}

/** The writer thread's answer: the batch is durable, or why it is not. `seq` 0 means "ready". */
export interface SpoolWriteReply {
  seq: number;
  error?: string;
}

/**
 * Appends to the embedded spool from a thread of its own. A commit waits for fsync (synchronous=FULL);
 * done on the main thread, that wait stopped the HTTP edge for a millisecond or more per group commit,
 * which capped ingest throughput. `append` still resolves only once the batch is durable, so the edge
 * keeps answering 200 only for envelopes that survive a crash.
 */
export class SpoolWriterThread {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: SpoolWriteReply) => {
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      if (m.error === undefined) w.resolve();
      else w.reject(new Error(m.error));
    });
    worker.on('exit', (code) => {
      this.exited = true;
      for (const w of this.waiting.values()) w.reject(new Error(`spool writer exited (${code})`));
      this.waiting.clear();
    });
  }

  /** Starts the thread on the spool file and resolves once it has the file open. */
  static async start(file: string): Promise<SpoolWriterThread> {
    const worker = new Worker(new URL('./spool-writer-worker.js', import.meta.url), {
      workerData: { file },
      // It only copies bodies into SQLite; a small nursery keeps its share of RSS small.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`spool writer exited with ${code} while starting`)));
    });
    return new SpoolWriterThread(worker);
  }

  /** Resolves once every entry is committed to the spool file. */
  append(entries: NewSpoolEntry[]): Promise<void> {
    if (this.exited) return Promise.reject(new Error('spool writer has exited'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ seq, entries } satisfies SpoolWriteRequest);
    });
  }

  /** Closes the spool file and ends the thread; call after the last append resolved. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }
}
