import pg from 'pg';
import { peakRate } from './digest-watch.mjs';
import { sleep } from './stats.mjs';

/**
 * The PostgreSQL counterpart of {@link import('./digest-watch.mjs').DigestWatch}: how many events of
 * the bench project are stored, read every 20 ms on its own connection in the background, so
 * `stored()` stays synchronous (as the load loop wants) and costs the load generator nothing.
 *
 * It reads the sum of the project's issues' `times_seen`: the digest bumps it in the same transaction
 * that inserts the events, so it is exactly the committed event count, at the price of reading 50
 * issue rows instead of counting a partitioned table. {@link PgWatch.exactCount} checks both agree.
 */
export class PgWatch {
  /**
   * @param {pg.Client} client
   * @param {number} projectId
   */
  constructor(client, projectId) {
    this.client = client;
    this.projectId = projectId;
    this.latest = 0;
    this.closed = false;
    /** @type {Array<[number, number]>} (time ms, events stored) samples during a phase */
    this.samples = [];
    /** @type {Promise<void> | null} */
    this.loop = null;
  }

  /**
   * Connects and starts polling.
   * @param {string} url
   * @param {number} projectId
   */
  static async open(url, projectId) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const watch = new PgWatch(client, projectId);
    await watch.refresh();
    watch.loop = (async () => {
      while (!watch.closed) {
        await watch.refresh();
        await sleep(20);
      }
    })();
    return watch;
  }

  /** Reads the stored count now. */
  async refresh() {
    const { rows } = await this.client.query(
      'SELECT coalesce(sum(times_seen), 0)::text AS n FROM issues WHERE project_id = $1',
      [this.projectId],
    );
    this.latest = Number(rows[0].n);
    return this.latest;
  }

  /** Events stored at the last poll (at most ~20 ms old). */
  stored() {
    return this.latest;
  }

  /** Events of the project in the events table, counted (between phases only). */
  async exactCount() {
    const { rows } = await this.client.query('SELECT count(*)::text AS n FROM events WHERE project_id = $1', [
      this.projectId,
    ]);
    return Number(rows[0].n);
  }

  /** Records a sample for the digest-rate timeline. */
  sample() {
    this.samples.push([performance.now(), this.stored()]);
  }

  /**
   * Polls until `target` events are stored or `timeoutMs` passes.
   * @param {number} target
   * @param {number} timeoutMs
   * @returns {Promise<{ doneAt: number, stored: number }>} doneAt is NaN on timeout
   */
  async waitFor(target, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const stored = await this.refresh();
      const now = performance.now();
      if (stored >= target) return { doneAt: now, stored };
      if (now > deadline) return { doneAt: NaN, stored };
      await sleep(20);
    }
  }

  /** Highest rate over any one-second window of the samples (events/s). */
  peakRate() {
    return peakRate(this.samples);
  }

  async close() {
    this.closed = true;
    await this.loop;
    await this.client.end();
  }
}
