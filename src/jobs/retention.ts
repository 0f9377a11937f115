import type { Logger } from 'pino';
import { blobDay, type BlobStore } from '../storage/blob-store.js';
import type { Storage } from '../storage/storage.js';
import { LocalJobLock, type JobLock } from './job-lock.js';

const DAY_MS = 86_400_000;

/**
 * Deletes data older than the retention period in small chunks, yielding between them so the API and
 * digest keep running. Runs at start and then every hour.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly retentionDays: number,
    private readonly log: Logger,
    private readonly lock: JobLock = new LocalJobLock(),
    private readonly chunk = 2_000,
  ) {}

  start(intervalMs = 3_600_000): void {
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
    setTimeout(() => void this.runOnce(), 10_000).unref();
  }

  /** One full pass, in whichever single process holds the job lock; returns when nothing old is left. */
  runOnce(now = Date.now()): Promise<void> {
    this.running ??= this.lock
      .tryRun('retention', () => this.deleteOld(now))
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err }, 'retention failed'),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async deleteOld(now: number): Promise<void> {
    const before = now - this.retentionDays * DAY_MS;
    let total = 0;
    for (;;) {
      const n = await this.storage.deleteOldData(before, this.chunk);
      total += n;
      if (n === 0) break;
      await new Promise((r) => setImmediate(r));
    }
    await this.storage.deleteExpiredSessions(now);
    // Blob rows are gone with their events; the files go by whole day folders.
    await this.blobs.deleteDaysBefore('attachments', blobDay(before));
    // A replay is deleted once it finished before the cut-off, and its segments are filed by the day
    // they arrived, so a replay running over midnight keeps its day before the cut-off one day longer.
    await this.blobs.deleteDaysBefore('replays', blobDay(before - DAY_MS));
    if (total > 0) this.log.info({ deleted: total, before: new Date(before).toISOString() }, 'retention');
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
