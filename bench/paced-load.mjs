import { Pool } from 'undici';
import { LoadTally } from './load-tally.mjs';

/**
 * Open-model load at a fixed rate, the way many independent SDKs send: request k is issued at
 * start + k/rate whether or not earlier ones were answered, so a slow server builds a queue instead of
 * quietly slowing the generator down (no coordinated omission). autocannon's `overallRate` was not used
 * because it sends each connection's per-second budget back to back and then pauses, which is a burst
 * every second rather than a steady rate.
 * @param {object} o
 * @param {string} o.origin
 * @param {string} o.path
 * @param {Record<string, string>} o.headers
 * @param {() => { body: Buffer }} o.makeBody
 * @param {number} o.rate requests per second
 * @param {number} o.seconds
 * @param {number} o.connections upper bound on concurrent requests; more wait in undici's queue (counted in latency)
 * @param {(tally: LoadTally) => void} [o.onTick] called about every 250 ms (memory and digest sampling)
 */
export async function pacedLoad({ origin, path, headers, makeBody, rate, seconds, connections, onTick }) {
  const pool = new Pool(origin, { connections, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const tally = new LoadTally();
  const total = Math.round(rate * seconds);
  let inFlight = 0;
  let maxLateMs = 0;
  let lastTick = 0;
  await new Promise((resolve) => {
    const fire = (k) => {
      const dueAt = tally.startedAt + (k * 1000) / rate;
      const t0 = performance.now();
      // Lateness of the generator itself (its event loop is shared with body building and sampling).
      maxLateMs = Math.max(maxLateMs, t0 - dueAt);
      inFlight++;
      tally.sent++;
      pool
        .request({ method: 'POST', path, headers, body: makeBody().body })
        .then(async (res) => {
          const text = await res.body.text();
          tally.record(res.statusCode, performance.now() - t0, text);
        })
        .catch((err) => tally.record(0, performance.now() - t0, String(err?.message ?? err)))
        .finally(() => {
          if (--inFlight === 0 && tally.sent === total) resolve(undefined);
        });
    };
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - tally.startedAt) * rate) / 1000) + 1);
      while (tally.sent < due) fire(tally.sent);
      if (onTick && now - lastTick >= 250) {
        lastTick = now;
        onTick(tally);
      }
      if (tally.sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  tally.endedAt = performance.now();
  await pool.close();
  return { ...tally.summary(), offeredRate: rate, maxGeneratorLateMs: maxLateMs };
}
