import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ENDPOINTS } from './span-envelopes.mjs';

const DAY = 86_400_000;
const RELEASES = ['api@1.2.0', 'api@1.2.1', 'api@1.2.2', 'api@1.2.3'];

/** @param {number} bytes */
const hex = (bytes) => randomBytes(bytes).toString('hex');

/**
 * Writes `count` transactions straight through the server's storage layer
 * (`SqliteStorage.saveTransactions`, the performance digest's own write path, which also keeps the
 * hourly roll-ups and per-user maxima the summary reads), start times spread over the last 14 days,
 * in the 20 endpoints of the span load, 5,000 users, 5% failing, durations with a long tail. They carry
 * no spans: the summary never reads spans, and leaving them out keeps seeding to about a minute.
 * @param {{ dataDir: string, projectId: number, count: number, batchSize?: number,
 *   onProgress?: (done: number, seconds: number) => void }} o
 * @returns {Promise<{ seconds: number, transactions: number }>}
 */
export async function seedTransactions({ dataDir, projectId, count, batchSize = 5_000, onProgress }) {
  const { SqliteStorage } = await import('../dist/storage/sqlite/sqlite-storage.js');
  const storage = SqliteStorage.open(path.join(dataDir, 'faultline.sqlite'));
  const now = Date.now();
  const t0 = performance.now();
  try {
    for (let start = 0; start < count; start += batchSize) {
      const transactions = [];
      for (let n = start; n < Math.min(count, start + batchSize); n++) {
        const name = ENDPOINTS[n % ENDPOINTS.length];
        const startTimestamp = now - Math.floor(Math.random() * 14 * DAY);
        const durationMs = Math.round(Math.min(8_000, 20 * Math.exp(Math.random() * 4.5)) * 1000) / 1000;
        const user = Math.floor(Math.random() * 5_000);
        const status = Math.random() < 0.05 ? 'internal_error' : 'ok';
        const release = RELEASES[Math.floor((now - startTimestamp) / (4 * DAY)) % RELEASES.length];
        transactions.push({
          eventId: hex(16),
          projectId,
          kind: 'transaction',
          traceId: hex(16),
          spanId: hex(8),
          parentSpanId: null,
          name,
          nameSource: 'route',
          nameFromEventId: null,
          op: 'http.server',
          status,
          startTimestamp,
          endTimestamp: Math.round(startTimestamp + durationMs),
          durationMs,
          release,
          environment: 'production',
          dist: null,
          platform: 'python',
          userKey: `id:u${user}`,
          userId: `u${user}`,
          userEmail: null,
          userName: null,
          userIp: null,
          httpMethod: name.split(' ')[0],
          httpStatusCode: status === 'ok' ? 200 : 500,
          url: `https://api.example.com${name.split(' ')[1]}`,
          browserName: null,
          osName: null,
          measurements: {},
          breakdown: { 'ops.db': durationMs / 2 },
          replayId: null,
          tags: [
            ['transaction', name],
            ['environment', 'production'],
            ['release', release],
          ],
          receivedAt: startTimestamp + Math.ceil(durationMs) + 50,
          data: {
            type: 'transaction',
            transaction: name,
            transaction_info: { source: 'route' },
            contexts: { trace: { op: 'http.server', status } },
            release,
            environment: 'production',
            platform: 'python',
          },
        });
      }
      await storage.saveTransactions({ transactions, spanChunks: [], measurements: [] });
      onProgress?.(Math.min(count, start + batchSize), (performance.now() - t0) / 1000);
    }
  } finally {
    await storage.close();
  }
  return { seconds: (performance.now() - t0) / 1000, transactions: count };
}
