import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { NewSpoolEntry } from './spool.js';
import { JournalWriter } from './spool-journal.js';
import type { JournalState } from './sqlite-spool.js';

const WRITER_SCRIPT = new URL('./spool-writer-worker.js', import.meta.url);

/** What the writer thread starts with. */
export interface SpoolWriterStart {
  file: string;
  /** Whether to take the spool journal (false in tests of the hand-over alone). */
  journal: boolean;
  /** Shared with the thread: the journal position up to which records are in `spool.sqlite`. */
  moved: BigInt64Array;
}

/** A batch for the writer thread. */
export interface SpoolWriteRequest {
  seq: number;
  entries: NewSpoolEntry[];
}

/** What the writer thread is sent: a batch, how far the journal is written, or the end. */
export type SpoolWriterMessage = SpoolWriteRequest | { moveTo: number } | 'close';

/**
 * The writer thread's messages: a batch is durable, or why it is not (`seq` 0 means "ready", with the
 * journal it took, if any); journal records were moved into the spool; or moving them failed.
 */
export type SpoolWriteReply =
  | { seq: number; error?: string; journal?: { file: string; position: JournalState } | null }
  | { type: 'moved' }
  | { type: 'moveFailed'; error: string };

/** Options of {@link SpoolWriterThread.start}. */
export interface SpoolWriterOptions {
  script?: URL;
  /** Take the spool journal (default true). */
  journal?: boolean;
  /** Called after journal records reached the spool, to wake the digest. */
  onMoved?: () => void;
}

/**
 * The spool writer thread, and the journal the HTTP thread writes while that thread runs.
 *
 * The thread moves journal records into `spool.sqlite` (see SpoolJournal), and commits the batches the
 * HTTP thread could not journal or commit itself because another connection holds the spool's write
 * lock (see EmbeddedSpoolAppender): waiting for that lock here keeps the HTTP thread serving. Every
 * path resolves only once the batch is durable, so the edge answers 200 only for envelopes that
 * survive a crash.
 *
 * If the thread dies, the batches it held are refused (the edge answers 503 for them), the journal is
 * not written until a new thread has taken it over (moving what the old one left), and the next append
 * starts that thread, at most once a second: without that, every envelope after a crash of the writer
 * would be refused until the process restarted.
 */
export class SpoolWriterThread {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private worker: Worker | null = null;
  private journal: JournalWriter | null = null;
  private readonly moved = new BigInt64Array(new SharedArrayBuffer(8));
  private restarting: Promise<void> | null = null;
  private lastStart = 0;
  private closed = false;

  private constructor(
    private readonly file: string,
    private readonly log: Logger,
    private readonly options: SpoolWriterOptions,
  ) {}

  /** Starts the thread on the spool file and resolves once it has the file (and the journal) open. */
  static async start(
    file: string,
    log: Logger,
    options: SpoolWriterOptions = {},
  ): Promise<SpoolWriterThread> {
    const writer = new SpoolWriterThread(file, log, options);
    await writer.startWorker();
    return writer;
  }

  private async startWorker(): Promise<void> {
    this.lastStart = Date.now();
    const start: SpoolWriterStart = {
      file: this.file,
      journal: this.options.journal ?? true,
      moved: this.moved,
    };
    const worker = new Worker(this.options.script ?? WRITER_SCRIPT, {
      workerData: start,
      // It only moves records into segment files and chunk rows into SQLite; a small nursery keeps
      // its share of RSS small. (Under `npm start`, Node's `--max-semi-space-size` sets every
      // thread's nursery instead.)
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    const ready = await new Promise<SpoolWriteReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`spool writer exited with ${code} while starting`)));
    });
    const journal = 'seq' in ready ? ready.journal : null;
    if (journal) this.journal = new JournalWriter(journal.file, journal.position, this.moved);
    worker.on('message', (m: SpoolWriteReply) => {
      if (!('seq' in m)) {
        if (m.type === 'moved') this.options.onMoved?.();
        else this.log.error({ err: m.error }, 'moving the spool journal failed; retrying in a second');
        return;
      }
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      if (m.error === undefined) w.resolve();
      else w.reject(new Error(m.error));
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      // The journal's records are moved by the next thread, which starts from what is committed.
      this.journal?.close();
      this.journal = null;
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

  /**
   * Writes the batch to the journal on this thread and syncs it: true once durable. False, with
   * nothing written, when this process has no journal or its ring is full (the mover is behind).
   */
  tryJournal(entries: NewSpoolEntry[]): boolean {
    const journal = this.journal;
    if (!journal || !this.worker) {
      if (!this.worker && !this.closed) void this.restart().catch(() => undefined);
      return false;
    }
    try {
      if (!journal.tryAppend(entries)) return false;
    } catch (err) {
      // A disk error: stop journaling; the spool itself still takes batches.
      this.log.error({ err }, 'writing the spool journal failed; committing to the spool directly');
      this.journal = null;
      journal.close();
      return false;
    }
    this.worker.postMessage({ moveTo: journal.lsn } satisfies SpoolWriterMessage);
    return true;
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
      worker.postMessage({ seq, entries } satisfies SpoolWriterMessage);
    });
  }

  /**
   * Moves what is left in the journal, closes the spool file and ends the thread; call after the last
   * append resolved.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.restarting?.catch(() => undefined);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close' satisfies SpoolWriterMessage);
    await exited;
  }
}
