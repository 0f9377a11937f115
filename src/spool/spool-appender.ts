import type { Logger } from 'pino';
import { SqliteSpool } from './sqlite-spool.js';
import type { NewSpoolEntry } from './spool.js';
import { SpoolWriterThread } from './spool-writer.js';

/** Where a batch can go when the HTTP thread may not commit it itself. */
export interface SpoolFallback {
  append(entries: NewSpoolEntry[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * How the embedded edge makes a batch durable: committed on the HTTP thread itself when the spool's
 * write lock is free, otherwise handed to the writer thread, which waits for the lock.
 *
 * Why both: committing here saves the two hand-overs between threads, which under a closed load of 50
 * connections cost more than the commit (max-phase ingest +18–27 %, bench/RESULTS.md, eighth session).
 * But the digest threads also write the spool (acknowledgements, vacuum), and in the idle class a digest
 * thread holding the lock may not run for tens of milliseconds: waiting for it here would stop every
 * HTTP request (a fixed-rate p99 of 49 ms was seen), so that wait happens on the writer thread instead.
 * Either way a batch resolves only once committed with fsync, so a 200 still means durable.
 */
export class EmbeddedSpoolAppender {
  /** Batches committed on this thread, and batches handed to the fallback because the lock was taken. */
  readonly batches = { direct: 0, handedOver: 0 };

  constructor(
    private readonly direct: SqliteSpool,
    private readonly fallback: SpoolFallback,
  ) {}

  /** Opens the HTTP thread's own connection (no lock wait) and starts the writer thread beside it. */
  static async start(file: string, log: Logger): Promise<EmbeddedSpoolAppender> {
    const direct = new SqliteSpool(file, undefined, { busyTimeoutMs: 0 });
    try {
      return new EmbeddedSpoolAppender(direct, await SpoolWriterThread.start(file, log));
    } catch (err) {
      await direct.close();
      throw err;
    }
  }

  async append(entries: NewSpoolEntry[]): Promise<void> {
    if (this.direct.tryAppendSync(entries)) {
      this.batches.direct++;
      return;
    }
    this.batches.handedOver++;
    await this.fallback.append(entries);
  }

  async close(): Promise<void> {
    await this.fallback.close();
    await this.direct.close();
  }
}
