import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { NewSpoolEntry } from './spool.js';

const WRITER_SCRIPT = new URL('./spool-writer-worker.js', import.meta.url);

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
 * Appends to the embedded spool from a thread of its own: the batches the HTTP thread may not commit
 * itself because another connection holds the spool's write lock (see EmbeddedSpoolAppender). Waiting
 * for that lock here keeps the HTTP thread serving. `append` resolves only once the batch is durable
 * (synchronous=FULL), so the edge keeps answering 200 only for envelopes that survive a crash.
 *
 * If the thread dies, the batches it held are refused (the edge answers 503 for them) and the next
 * append starts a new thread, at most once a second: without that, every envelope after a crash of
 * the writer would be refused until the process restarted.
 */
export class SpoolWriterThread {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private worker: Worker | null = null;
  private restarting: Promise<void> | null = null;
  private lastStart = 0;
  private closed = false;

  private constructor(
    private readonly file: string,
    private readonly log: Logger,
    private readonly script: URL,
  ) {}

  /** Starts the thread on the spool file and resolves once it has the file open. */
  static async start(file: string, log: Logger, script: URL = WRITER_SCRIPT): Promise<SpoolWriterThread> {
    const writer = new SpoolWriterThread(file, log, script);
    await writer.startWorker();
    return writer;
  }

  private async startWorker(): Promise<void> {
    this.lastStart = Date.now();
    const worker = new Worker(this.script, {
      workerData: { file: this.file },
      // It only copies bodies into SQLite; a small nursery keeps its share of RSS small.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`spool writer exited with ${code} while starting`)));
    });
    worker.on('message', (m: SpoolWriteReply) => {
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      if (m.error === undefined) w.resolve();
      else w.reject(new Error(m.error));
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (!this.closed) this.log.error({ code }, 'the spool writer thread exited');
      // Only this thread's batches were waiting: a new thread starts on the next append.
      for (const w of this.waiting.values()) w.reject(new Error(`spool writer exited (${code})`));
      this.waiting.clear();
    });
    this.worker = worker;
  }

  /** Starts a new thread after the last one died, waiting out the rest of a second since the last start. */
  private restart(): Promise<void> {
    this.restarting ??= (async () => {
      const pause = this.lastStart + 1_000 - Date.now();
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      await this.startWorker();
      this.log.warn('spool writer thread started again');
    })().finally(() => (this.restarting = null));
    return this.restarting;
  }

  /** Resolves once every entry is committed to the spool file. */
  async append(entries: NewSpoolEntry[]): Promise<void> {
    if (this.closed) throw new Error('spool writer is closed');
    if (!this.worker) await this.restart();
    const worker = this.worker;
    if (!worker) throw new Error('spool writer is not running');
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      worker.postMessage({ seq, entries } satisfies SpoolWriteRequest);
    });
  }

  /** Closes the spool file and ends the thread; call after the last append resolved. */
  async close(): Promise<void> {
    this.closed = true;
    await this.restarting?.catch(() => undefined);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await exited;
  }
}
