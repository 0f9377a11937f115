import type { Logger } from 'pino';
import { blobDay, type BlobStore } from '../storage/blob-store.js';
import type { Storage } from '../storage/storage.js';
import type { JobLock } from './job-lock.js';
import { PeriodicJob } from './periodic-job.js';

const DAY_MS = 86_400_000;

/**
 * Deletes data older than the retention period in small chunks, yielding between them so the API and
 * digest keep running. Started to run 10 s after start and then every hour.
 */
export class RetentionJob extends PeriodicJob {
  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly retentionDays: number,
    log: Logger,
    lock?: JobLock,
    private readonly chunk = 2_000,
  ) {
    super('retention', log, lock);
  }

  protected async work(now: number): Promise<void> {
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
}
