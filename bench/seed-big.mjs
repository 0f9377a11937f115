import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE } from './envelopes.mjs';

const TYPES = ['TypeError', 'RangeError', 'Error', 'SyntaxError', 'ReferenceError'];
const MESSAGES = [
  "Cannot read properties of undefined (reading 'id')",
  'timeout of 5000ms exceeded',
  'Network request failed',
  'Unexpected token < in JSON at position 0',
  'Maximum call stack size exceeded',
  'x is not a function',
  'Request failed with status code 500',
  'ResizeObserver loop limit exceeded',
];
export const BROWSERS = [
  'Chrome 131.0',
  'Chrome 130.0',
  'Firefox 133.0',
  'Safari 18.1',
  'Edge 131.0',
  'Mobile Safari 18.1',
];
export const OSES = ['Windows 10', 'Mac OS X 10.15.7', 'iOS 18.1', 'Android 14', 'Linux'];
export const PAGES = Array.from(
  { length: 50 },
  (_, i) => `https://shop.example.com/${['cart', 'checkout', 'product', 'account', 'search'][i % 5]}/${i}`,
);
const MECHANISMS = ['onerror', 'onunhandledrejection', 'generic'];
const DAY = 86_400_000;

/** @template T @param {T[]} list @returns {T} */
const pick = (list) => list[Math.floor(Math.random() * list.length)];

/**
 * The stored body of each synthetic event starts from the real Node recording put through the server's
 * own `processEvent`, so its shape is what the digest writes, minus the module and integration lists
 * and source context, bringing it to the ~3 KB of a typical browser error.
 */
export async function bodyTemplate() {
  const { processEvent } = await import('../dist/digest/event/process-event.js');
  const recording = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const raw = JSON.parse(Buffer.from(recording.body_base64, 'base64').toString('utf8').split('\n')[2]);
  const { data } = processEvent(raw, { projectId: 1, receivedAt: Date.now() });
  delete data.modules;
  if (data.sdk && typeof data.sdk === 'object') delete data.sdk.integrations;
  // Browser SDKs send no source context, which is most of a Node frame's size.
  for (const frame of data.exception.values[0].stacktrace.frames) {
    delete frame.pre_context;
    delete frame.context_line;
    delete frame.post_context;
  }
  return data;
}

/**
 * What one issue looks like: its exception type, message, failing function, and per-issue constants.
 * @param {number} i
 */
export function issueShape(i) {
  const type = TYPES[i % TYPES.length];
  const value = MESSAGES[i % MESSAGES.length];
  const fn = `handle${['Cart', 'Checkout', 'Search', 'Login', 'Render'][i % 5]}${i}`;
  const module = `app/${['cart', 'checkout', 'search', 'auth', 'ui'][i % 5]}/${i % 97}`;
  return {
    type,
    value,
    title: `${type}: ${value}`,
    culprit: `${fn}(${module})`,
    metadata: { type, value, filename: `${module}.js`, function: fn },
    level: i % 17 === 0 ? 'fatal' : i % 10 === 0 ? 'warning' : 'error',
    hash: createHash('md5').update(`bench-issue-${i}`).digest('hex'),
    handled: i % 3 === 0 ? 'no' : 'yes',
    mechanism: MECHANISMS[i % MECHANISMS.length],
  };
}

/**
 * Event n's issue: the first `issues` events create one issue each, the rest follow a long tail
 * (u³ puts ~5% of events in the top issue and ~20% in the top 100), like real projects.
 * @param {number} n
 * @param {number} issues
 */
const issueOf = (n, issues) => (n < issues ? n : Math.floor(issues * Math.random() ** 3));

/**
 * Writes `events` error events in `issues` issues straight through the server's storage layer
 * (`SqliteStorage.saveErrorEvents`, the digest's own write path), timestamps spread over 14 days.
 * Far faster than POSTing them, and the tables end up as the digest would leave them.
 * @param {{ dataDir: string, projectId: number, events: number, issues: number, batchSize?: number,
 *   onProgress?: (done: number, seconds: number) => void }} o
 * @returns {Promise<{ seconds: number, events: number, issues: number, databaseMiB: number }>}
 */
export async function seedBig({ dataDir, projectId, events, issues, batchSize = 5_000, onProgress }) {
  const { SqliteStorage } = await import('../dist/storage/sqlite/sqlite-storage.js');
  const template = await bodyTemplate();
  const file = path.join(dataDir, 'faultline.sqlite');
  const storage = SqliteStorage.open(file);
  const shapes = Array.from({ length: issues }, (_, i) => issueShape(i));
  const now = Date.now();
  const t0 = performance.now();
  let saved = 0;
  for (let start = 0; start < events; start += batchSize) {
    const batch = [];
    for (let n = start; n < Math.min(events, start + batchSize); n++) {
      const s = shapes[issueOf(n, issues)];
      const timestamp = now - Math.floor(Math.random() * 14 * DAY);
      const receivedAt = timestamp + 20 + Math.floor(Math.random() * 500);
      const release = `web@2.${Math.floor((now - timestamp) / DAY)}.0`;
      const environment = Math.random() < 0.9 ? 'production' : 'staging';
      const url = pick(PAGES);
      const userKey = Math.random() < 0.9 ? `id:${Math.floor(Math.random() * 50_000)}` : null;
      const eventId = randomUUID().replaceAll('-', '');
      const tags = [
        ['level', s.level],
        ['environment', environment],
        ['release', release],
        ['browser', pick(BROWSERS)],
        ['os', pick(OSES)],
        ['url', url],
        ['handled', s.handled],
        ['mechanism', s.mechanism],
      ];
      if (userKey) tags.push(['user', userKey]);
      const data = {
        ...template,
        event_id: eventId,
        level: s.level,
        platform: 'javascript',
        timestamp: timestamp / 1000,
        received: receivedAt / 1000,
        release,
        environment,
        exception: { values: [{ ...template.exception.values[0], type: s.type, value: s.value }] },
        request: { url },
        user: userKey ? { id: userKey.slice(3) } : undefined,
        tags,
        title: s.title,
        culprit: s.culprit,
        metadata: s.metadata,
        hashes: [s.hash],
      };
      batch.push({
        eventId,
        projectId,
        type: 'error',
        level: s.level,
        platform: 'javascript',
        timestamp,
        receivedAt,
        title: s.title,
        culprit: s.culprit,
        metadata: s.metadata,
        release,
        environment,
        dist: null,
        serverName: null,
        transaction: null,
        traceId: null,
        tags,
        userKey,
        hashes: [s.hash],
        groupingConfig: 'newstyle:2023-01-11',
        data,
      });
    }
    saved += (await storage.saveErrorEvents(batch)).saved;
    onProgress?.(saved, (performance.now() - t0) / 1000);
    // The write is synchronous under its promise; yield a macrotask so Ctrl-C is handled between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await storage.close();
  const seconds = (performance.now() - t0) / 1000;
  const databaseMiB = fs.statSync(file).size / 2 ** 20;
  return { seconds, events: saved, issues, databaseMiB };
}
