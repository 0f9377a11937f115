import { Pool } from 'undici';
import { LoadTally } from './load-tally.mjs';

/**
 * Closed-model load for maximum throughput: `connections` clients each send the next request as soon
 * as the previous one is answered, for `seconds`; then the bench waits for every request in flight, so
 * each request is accounted for (sent = answered) and "accepted" is exact.
 * @param {object} o
 * @param {string} o.origin
 * @param {string} o.path
 * @param {Record<string, string>} o.headers
 * @param {() => { body: Buffer }} o.makeBody
 * @param {number} o.seconds
 * @param {number} o.connections
 * @param {(tally: LoadTally) => void} [o.onTick] called about every 250 ms
 */
export async function closedLoad({ origin, path, headers, makeBody, seconds, connections, onTick }) {
  const pool = new Pool(origin, { connections, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const tally = new LoadTally();
  const stopAt = tally.startedAt + seconds * 1000;
  const ticker = onTick ? setInterval(() => onTick(tally), 250) : null;
  const client = async () => {
    while (performance.now() < stopAt) {
      const t0 = performance.now();
      tally.sent++;
      try {
        const res = await pool.request({ method: 'POST', path, headers, body: makeBody().body });
        tally.record(res.statusCode, performance.now() - t0, await res.body.text());
      } catch (err) {
        tally.record(0, performance.now() - t0, String(err?.message ?? err));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  tally.endedAt = performance.now();
  if (ticker) clearInterval(ticker);
  await pool.close();
  return { ...tally.summary(), connections };
}
