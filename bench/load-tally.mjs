import { bump, summarize } from './stats.mjs';

/**
 * What one load phase saw: every latency, every status, the moment of the last 200, and a few bodies
 * of failures verbatim, so a non-200 can be reported to the server engineer with its evidence.
 */
export class LoadTally {
  constructor() {
    /** @type {number[]} response time per completed request, ms (request issued → body read) */
    this.latencies = [];
    /** @type {Map<string, number>} */
    this.statuses = new Map();
    /** @type {string[]} */
    this.failures = [];
    this.ok = 0;
    this.sent = 0;
    this.startedAt = performance.now();
    this.lastOkAt = NaN;
    this.endedAt = NaN;
  }

  /**
   * @param {number} status HTTP status, or 0 for a transport error
   * @param {number} latencyMs
   * @param {string} detail response body or error message
   */
  record(status, latencyMs, detail) {
    bump(this.statuses, String(status || 'transport error'));
    if (status === 200) {
      this.ok++;
      this.lastOkAt = performance.now();
      this.latencies.push(latencyMs);
    } else if (this.failures.length < 5) {
      this.failures.push(`${status || 'error'}: ${detail.slice(0, 300)}`);
    }
  }

  /** Summary for the report; rates are over the time from first request to last response. */
  summary() {
    const seconds = (this.endedAt - this.startedAt) / 1000;
    return {
      sent: this.sent,
      ok: this.ok,
      seconds,
      okPerSecond: this.ok / seconds,
      latency: summarize(this.latencies),
      statuses: Object.fromEntries(this.statuses),
      failures: this.failures,
      times: { startedAt: this.startedAt, lastOkAt: this.lastOkAt, endedAt: this.endedAt },
    };
  }
}
