import type { Logger } from 'pino';
import type { OutcomeCounter } from '../ingest/outcomes.js';
import type { Spool, SpoolEntry } from '../spool/spool.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { Storage } from '../storage/storage.js';
import { splitBatch } from './envelope-batch.js';
import { saveSplitBatch } from './save-batch.js';

/**
 * After this many failed attempts an entry is set aside (buried, counted, logged) so one bad entry
 * cannot stall the queue; it stays in the spool until an operator retries it, so nothing is lost.
 */
const MAX_ATTEMPTS = 5;

/**
 * Bodies one batch may claim, besides its count: a batch is held in memory until it commits, and with
 * envelopes of up to 20 MiB each, 500 of them would be gigabytes. Large enough that batches of
 * ordinary errors and transactions still come in 500s.
 */
const BATCH_BODY_BYTES = 16 * 1024 * 1024;

/** Calls the loop makes around each batch, for whoever runs it (the digest thread scales on them). */
export interface DigestHooks {
  /** Between batches, when no claim is in flight: the place to move to another spool shard. */
  beforeBatch?: () => void;
  /**
   * After each claim: whether it was cut short by its count or its bytes (then a backlog is waiting),
   * and how long handling the batch took.
   */
  afterBatch?: (full: boolean, busyMs: number) => void;
}

/**
 * Claims spooled envelopes in batches, processes them and acknowledges them only after their results
 * are committed. A crash between commit and acknowledgement replays the batch, which the storage's
 * idempotency by event id turns into a no-op.
 */
export class DigestLoop {
  private running = false;
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  /** Events (errors and transactions) digested since start, for the benchmark and health output. */
  digested = 0;

  constructor(
    private readonly spool: Spool,
    private readonly storage: Storage,
    private readonly outcomes: OutcomeCounter,
    private readonly blobs: BlobStore,
    private readonly log: Logger,
    private readonly batchSize = 500,
    private readonly idleMs = 500,
    private readonly hooks: DigestHooks = {},
  ) {}

  /** Whether the last claim was cut short by its count or its bytes. */
  private lastClaimFull = false;

  /** Nudges an idle loop: new entries were spooled. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Runs until {@link stop}; resolves when the loop has finished its current batch. */
  async run(): Promise<void> {
    this.running = true;
    while (!this.stopped) {
      this.hooks.beforeBatch?.();
      let n = 0;
      const started = performance.now();
      try {
        n = await this.runOnce();
      } catch (err) {
        this.log.error({ err }, 'digest batch failed; retrying');
        await this.sleep(1_000);
      }
      this.hooks.afterBatch?.(this.lastClaimFull, performance.now() - started);
      if (n === 0 && !this.stopped) await this.sleep(this.idleMs);
      // With the embedded backends every await above settles at once (SQLite is synchronous), so
      // during a backlog the loop would never give the thread's event loop a turn: messages from the
      // main thread (a new spool shard, stop) and timers (outcome flushes) would wait until it drained.
      else await new Promise((resolve) => setImmediate(resolve));
    }
    this.running = false;
  }

  /** Processes one batch; returns how many spool entries it handled. */
  async runOnce(): Promise<number> {
    this.lastClaimFull = false;
    const entries = await this.spool.claim(this.batchSize, BATCH_BODY_BYTES);
    this.lastClaimFull =
      entries.length >= this.batchSize ||
      entries.reduce((sum, e) => sum + e.body.length, 0) >= BATCH_BODY_BYTES;
    if (entries.length === 0) return 0;
    try {
      await this.process(entries);
    } catch (err) {
      // Find the entry that fails: process one at a time, set aside repeat offenders.
      this.log.warn({ err, entries: entries.length }, 'batch failed, isolating entries');
      let failed = 0;
      for (const entry of entries) if (!(await this.processAlone(entry))) failed++;
      // Back off while things fail (a database outage looks like every entry failing).
      if (failed > 0) await this.sleep(Math.min(30_000, 1_000 * failed));
      return entries.length;
    }
    await this.spool.ack(entries.map((e) => e.id));
    return entries.length;
  }

  private async process(entries: SpoolEntry[]): Promise<void> {
    const split = splitBatch(await this.withoutDeletedProjects(entries), this.outcomes);
    this.digested += await saveSplitBatch(split, {
      storage: this.storage,
      blobs: this.blobs,
      outcomes: this.outcomes,
    });
  }

  /**
   * Entries of a project deleted after they were accepted have nowhere to go: they are counted and
   * dropped, not retried (a deleted project's data is meant to be gone).
   */
  private async withoutDeletedProjects(entries: SpoolEntry[]): Promise<SpoolEntry[]> {
    const gone = new Set<number>();
    for (const id of new Set(entries.map((e) => e.projectId))) {
      if (!(await this.storage.getProjectById(id))) gone.add(id);
    }
    if (gone.size === 0) return entries;
    const kept: SpoolEntry[] = [];
    for (const e of entries) {
      if (gone.has(e.projectId)) this.outcomes.add(e.projectId, 'filtered', 'envelope', 'project_deleted');
      else kept.push(e);
    }
    return kept;
  }

  /** Processes one entry on its own; false when it failed (and was released or buried). */
  private async processAlone(entry: SpoolEntry): Promise<boolean> {
    try {
      await this.process([entry]);
      await this.spool.ack([entry.id]);
      return true;
    } catch (err) {
      if (entry.attempts + 1 >= MAX_ATTEMPTS) {
        this.log.error(
          { err, spoolId: entry.id },
          'setting spool entry aside; `faultline spool retry` offers it again',
        );
        this.outcomes.add(entry.projectId, 'invalid', 'envelope', 'processing_failed');
        await this.spool.bury([entry.id], err instanceof Error ? err.message : String(err));
      } else {
        await this.spool.release([entry.id]);
      }
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  /** Asks the loop to stop after the batch in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }
}
