import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';
import type { JobLock } from './job-lock.js';
import { PeriodicJob } from './periodic-job.js';

/**
 * Packs each ended roll-up slice's users into one blob (Storage.packUserSets), step by step, yielding
 * between steps so the API and digest keep running. An hour's users are packed minutes after it
 * ends; a folder's history (an upgrade, a first start on seeded data) is packed on the first run.
 */
export class UserSetsJob extends PeriodicJob {
  constructor(
    private readonly storage: Storage,
    log: Logger,
    lock?: JobLock,
  ) {
    super('user sets', log, lock);
  }

  protected async work(now: number): Promise<void> {
    while (await this.storage.packUserSets(now)) await new Promise((r) => setImmediate(r));
  }
}
