import type { Logger } from 'pino';
import type { Spool } from '../spool/spool.js';
import { PeriodicJob } from './periodic-job.js';

/** How far behind the digest may fall before the watch says so. */
export const DIGEST_LAG_WARN_MS = 60_000;

/**
 * Warns while the oldest spooled envelope has waited longer than a minute to be digested. Ingest keeps
 * answering SDKs whatever the digest does, so without this a digest held back (a machine kept busy by
 * other programs, which an idle-class digest yields to entirely) would only show as issues that do not
 * update. The warning says how far behind it is and what to change.
 */
export class DigestLagWatch extends PeriodicJob {
  constructor(
    private readonly spool: Pick<Spool, 'oldestWaiting'>,
    log: Logger,
    private readonly idleClass: boolean,
  ) {
    super('digest lag watch', log);
  }

  protected async work(now: number): Promise<void> {
    const oldest = await this.spool.oldestWaiting();
    const behindMs = oldest === null ? 0 : now - oldest;
    if (behindMs <= DIGEST_LAG_WARN_MS) return;
    this.log.warn(
      { behindSeconds: Math.round(behindMs / 1000) },
      this.idleClass
        ? 'the digest is behind: it runs only on CPU time nothing else wants (--digest-priority idle); ' +
            'if other programs keep this machine busy, --digest-priority low gives it a steady share'
        : 'the digest is behind: envelopes arrive faster than it stores them',
    );
  }
}
