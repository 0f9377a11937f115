import type { Logger } from 'pino';
import { SqliteSpool } from './sqlite-spool.js';
import type { NewSpoolEntry } from './spool.js';
import { SpoolWriterThread, type SpoolWriterOptions } from './spool-writer.js';

/** The writer thread's side of the appender (SpoolWriterThread). */
export interface SpoolWriter {
  /** Journals the batch on this thread: true once durable, false if the journal cannot take it. */
  tryJournal(entries: NewSpoolEntry[]): boolean;
  /** Commits the batch on the writer thread, which waits for the spool's write lock. */
  append(entries: NewSpoolEntry[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * How the embedded edge makes a batch durable: written to the spool journal on the HTTP thread (see
 * SpoolJournal); when the journal cannot take it (full, or another process's), committed on the HTTP
 * thread itself if the spool's write lock is free, otherwise handed to the writer thread, which waits
 * for the lock.
 *
 * Why the last two: committing here saves the two hand-overs between threads, which under a closed
 * load of 50 connections cost more than the commit (max-phase ingest +18–27 %, bench/RESULTS.md,
 * eighth session). But the digest threads also write the spool (acknowledgements, vacuum), and in
 * the idle class a digest thread holding the lock may not run for tens of milliseconds: waiting for it
 * here would stop every HTTP request (a fixed-rate p99 of 49 ms was seen), so that wait happens on the
 * writer thread instead.
 * Either way a batch resolves only once committed with fsync, so a 200 still means durable.
 */
export class EmbeddedSpoolAppender {
  /**
   * Batches journaled, committed to the spool on this thread, and handed to the writer thread because
   * the lock was taken.
   */
  readonly batches = { journaled: 0, direct: 0, handedOver: 0 };

  constructor(
    private readonly direct: SqliteSpool,
    private readonly writer: SpoolWriter,
  ) {}

  /**
   * Opens the HTTP thread's own connection (no lock wait) and starts the writer thread beside it, which
   * takes the journal and moves into the spool what a crash left there.
   */
  static async start(
    file: string,
    log: Logger,
    options: SpoolWriterOptions = {},
  ): Promise<EmbeddedSpoolAppender> {
    const direct = new SqliteSpool(file, undefined, { busyTimeoutMs: 0 });
    try {
      return new EmbeddedSpoolAppender(direct, await SpoolWriterThread.start(file, log, options));
    } catch (err) {
      await direct.close();
      throw err;
    }
  }

  async append(entries: NewSpoolEntry[]): Promise<void> {
    if (this.writer.tryJournal(entries)) {
      this.batches.journaled++;
      return;
    }
    if (this.direct.tryAppendSync(entries)) {
      this.batches.direct++;
      return;
    }
    this.batches.handedOver++;
    await this.writer.append(entries);
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.direct.close();
  }
}
