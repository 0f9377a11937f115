import Database from 'better-sqlite3';
import path from 'node:path';
import { sleep } from './stats.mjs';

/**
 * Watches the digest from outside: counts rows of the `events` table through a read-only connection
 * (WAL lets it read while the digest writes), which is what "digested" means to a user who then asks
 * the API for the event.
 *
 * While load runs it reads `max(id)` instead of `count(*)`: one index probe rather than a scan, so the
 * watch cannot stall the load generator sharing this thread (a 10 ms stall would show up as 10 ms of
 * server latency). The two agree because the bench never deletes events and rowids are handed out as
 * max + 1; {@link DigestWatch.exactCount} checks that at the end.
 */
export class DigestWatch {
  /** @param {string} dataDir */
  constructor(dataDir) {
    this.db = new Database(path.join(dataDir, 'faultline.sqlite'), { readonly: true, fileMustExist: true });
    this.maxId = this.db.prepare('SELECT coalesce(max(id), 0) AS n FROM events');
    this.count = this.db.prepare('SELECT count(*) AS n FROM events');
    /** @type {Array<[number, number]>} (time ms, events stored) samples during a phase */
    this.samples = [];
  }

  /** Events stored now (cheap; see the class comment). */
  stored() {
    return /** @type {{ n: number }} */ (this.maxId.get()).n;
  }

  /** Events stored now, counted exactly (a scan: only between phases). */
  exactCount() {
    return /** @type {{ n: number }} */ (this.count.get()).n;
  }

  /** Records a sample for the digest-rate timeline. */
  sample() {
    this.samples.push([performance.now(), this.stored()]);
  }

  /**
   * Polls every 20 ms until `target` events are stored or `timeoutMs` passes.
   * @param {number} target
   * @param {number} timeoutMs
   * @returns {Promise<{ doneAt: number, stored: number }>} doneAt is NaN on timeout
   */
  async waitFor(target, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const stored = this.stored();
      const now = performance.now();
      if (stored >= target) return { doneAt: now, stored };
      if (now > deadline) return { doneAt: NaN, stored };
      await sleep(20);
    }
  }

  /**
   * Highest rate over any one-second window of the samples (events/s), to tell a digest that keeps up
   * from one that catches up in bursts.
   */
  peakRate() {
    return peakRate(this.samples);
  }

  close() {
    this.db.close();
  }
}

/**
 * Highest rate over any one-second window of (time ms, events stored) samples, events/s.
 * @param {Array<[number, number]>} samples
 */
export function peakRate(samples) {
  let best = 0;
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    while (samples[i][0] - samples[j][0] > 1_000) j++;
    const [t1, n1] = samples[i];
    const [t0, n0] = samples[j === i ? Math.max(0, i - 1) : j];
    if (t1 - t0 >= 500) best = Math.max(best, ((n1 - n0) * 1000) / (t1 - t0));
  }
  return best;
}
