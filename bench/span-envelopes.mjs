import { randomUUID } from 'node:crypto';
import { envelopeFactory } from './envelopes.mjs';

/**
 * Span-heavy request bodies, modelled on the recordings in `../shared/fixtures/real-sdk/`:
 * - a classic `transaction` item with 30 child spans, shaped like the Python SDK 1.9.10 transaction
 *   (`python-1.9.10/003.json`: `spans[]` with `trace_id`, `span_id`, `parent_span_id`, `op`,
 *   `description`, float timestamps, `tags`, `data`), as a server with database, HTTP and cache calls sends;
 * - a v2 `span` container with 13 spans (one segment root and 12 children), shaped like the
 *   `@sentry/node` 11.12.0 container (`node-11.12.0/004.json`: `sentry.op`, `sentry.segment.id`,
 *   `sentry.segment.name`, `sentry.sdk.*`, `user.*` attributes, `is_segment` on the root).
 *
 * Every body gets a fresh trace id (span ids only need to be unique within a trace) and event id. The
 * JSON is rebuilt once a second per endpoint, so timestamps stay current without a `JSON.stringify` per
 * request: the load generator shares the machine with the server, its CPU should go to sending.
 */

/** Child spans of a transaction item, and spans of a v2 container (root included). */
export const TRANSACTION_SPANS = 30;
export const CONTAINER_SPANS = 13;

/** Endpoints of the simulated API: each one row of the transaction summary. */
export const ENDPOINTS = Array.from(
  { length: 20 },
  (_, i) =>
    `${['GET', 'GET', 'POST', 'PUT'][i % 4]} /api/${['orders', 'carts', 'users', 'invoices', 'products'][i % 5]}/${
      ['', ':id', ':id/items', 'search'][Math.floor(i / 5) % 4]
    }`,
);

const TRACE = '__BENCH_TRACE_ID_PLACEHOLDER_32__';
const EVENT = '__BENCH_EVENT_ID_PLACEHOLDER_32__';
const MARKERS = new RegExp(`(${TRACE}|${EVENT})`);
const OPS = [
  ['db.query', 'SELECT * FROM orders WHERE id = %s'],
  ['db.query', 'SELECT * FROM order_items WHERE order_id = %s'],
  ['http.client', 'GET http://inventory.internal/api/stock'],
  ['cache.get', 'order:1001'],
  ['function', 'compute totals'],
];

const spanId = (i) => (0xa000000000000000n + BigInt(i)).toString(16);
/** A duration with a long tail (most requests fast, some slow), in ms. */
const duration = () => Math.min(8_000, 20 * Math.exp(Math.random() * 4.5));

/** @param {number} i @param {string} publicKey */
function transactionText(i, publicKey) {
  const name = ENDPOINTS[i];
  const end = Date.now() / 1000;
  const total = duration() / 1000;
  const start = end - total;
  const root = spanId(0);
  const spans = Array.from({ length: TRANSACTION_SPANS }, (_, k) => {
    const [op, description] = OPS[k % OPS.length];
    const s = start + (total * k) / (TRANSACTION_SPANS + 1);
    return {
      trace_id: TRACE,
      span_id: spanId(k + 1),
      // Every fifth span nests under the one before it, like the recording's HTTP call under its query.
      parent_span_id: k % 5 === 4 ? spanId(k) : root,
      same_process_as_parent: true,
      op,
      description,
      start_timestamp: s,
      timestamp: s + total / (TRANSACTION_SPANS + 2),
      status: 'ok',
      tags: { component: 'checkout' },
      data: op === 'db.query' ? { 'db.system': 'postgresql' } : { 'thread.name': 'MainThread' },
    };
  });
  const user = `u${Math.floor(Math.random() * 5_000)}`;
  const header = {
    event_id: EVENT,
    sent_at: new Date().toISOString(),
    trace: {
      trace_id: TRACE,
      public_key: publicKey,
      release: 'api@1.2.3',
      environment: 'production',
      transaction: name,
    },
  };
  const event = {
    type: 'transaction',
    transaction: name,
    transaction_info: { source: 'route' },
    contexts: {
      trace: {
        trace_id: TRACE,
        span_id: root,
        op: 'http.server',
        status: Math.random() < 0.05 ? 'internal_error' : 'ok',
      },
      runtime: { name: 'CPython', version: '3.11.2' },
    },
    tags: { component: 'checkout' },
    timestamp: end,
    start_timestamp: start,
    spans,
    event_id: EVENT,
    user: { id: user, username: user },
    request: { url: `https://api.example.com${name.split(' ')[1]}`, method: name.split(' ')[0] },
    release: 'api@1.2.3',
    environment: 'production',
    server_name: 'vm',
    sdk: { name: 'sentry.python', version: '1.9.10' },
    platform: 'python',
  };
  return `${JSON.stringify(header)}\n{"type":"transaction","content_type":"application/json"}\n${JSON.stringify(event)}\n`;
}

/** @param {number} i @param {string} publicKey */
function containerText(i, publicKey) {
  const name = ENDPOINTS[i];
  const end = Date.now() / 1000;
  const total = duration() / 1000;
  const start = end - total;
  const root = spanId(0);
  const user = `u${Math.floor(Math.random() * 5_000)}`;
  const common = {
    'sentry.origin': { value: 'manual', type: 'string' },
    'sentry.trace_lifecycle': { value: 'stream', type: 'string' },
    'sentry.segment.name': { value: name, type: 'string' },
    'sentry.segment.id': { value: root, type: 'string' },
    'sentry.sdk.name': { value: 'sentry.javascript.node', type: 'string' },
    'sentry.sdk.version': { value: '11.12.0', type: 'string' },
    'sentry.environment': { value: 'production', type: 'string' },
    'sentry.release': { value: 'api@1.2.3', type: 'string' },
    'user.id': { value: user, type: 'string' },
    'sentry.is_localhost': { value: false, type: 'boolean' },
  };
  const items = Array.from({ length: CONTAINER_SPANS }, (_, k) => {
    if (k === 0)
      return {
        name,
        span_id: root,
        trace_id: TRACE,
        start_timestamp: start,
        end_timestamp: end,
        is_segment: true,
        status: Math.random() < 0.05 ? 'error' : 'ok',
        attributes: {
          ...common,
          'sentry.op': { value: 'http.server', type: 'string' },
          'sentry.segment.name.source': { value: 'route', type: 'string' },
          'http.request.method': { value: name.split(' ')[0], type: 'string' },
          'url.path': { value: name.split(' ')[1], type: 'string' },
          'http.response.status_code': { value: 200, type: 'integer' },
        },
      };
    const [op, description] = OPS[k % OPS.length];
    const s = start + (total * k) / (CONTAINER_SPANS + 1);
    return {
      name: description,
      span_id: spanId(k),
      trace_id: TRACE,
      parent_span_id: root,
      start_timestamp: s,
      end_timestamp: s + total / (CONTAINER_SPANS + 2),
      is_segment: false,
      status: 'ok',
      attributes: { ...common, 'sentry.op': { value: op, type: 'string' } },
    };
  });
  const header = {
    sent_at: new Date().toISOString(),
    trace: {
      environment: 'production',
      public_key: publicKey,
      trace_id: TRACE,
      transaction: name,
      sampled: 'true',
      sample_rate: '1',
    },
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
  };
  const itemHeader = {
    type: 'span',
    item_count: CONTAINER_SPANS,
    content_type: 'application/vnd.sentry.items.span.v2+json',
  };
  return `${JSON.stringify(header)}\n${JSON.stringify(itemHeader)}\n${JSON.stringify({ version: 2, items })}\n`;
}

/**
 * The mixed span-heavy load: of every 5 requests, 2 transaction items, 2 v2 containers and 1 error
 * envelope (the error bench's own body), so errors keep flowing while spans are digested.
 * @param {string} publicKey
 * @param {{ errors?: boolean }} [o] errors: false sends only the two span-heavy kinds
 */
export function spanLoadFactory(publicKey, { errors = true } = {}) {
  const errorBodies = envelopeFactory(publicKey);
  /** @type {{ second: number, transaction: string[][], container: string[][] }} */
  let cache = { second: -1, transaction: [], container: [] };
  const templates = () => {
    const second = Math.floor(Date.now() / 1000);
    if (cache.second !== second) {
      cache = {
        second,
        transaction: ENDPOINTS.map((_, i) => transactionText(i, publicKey).split(MARKERS)),
        container: ENDPOINTS.map((_, i) => containerText(i, publicKey).split(MARKERS)),
      };
    }
    return cache;
  };
  const fill = (parts) => {
    const traceId = randomUUID().replaceAll('-', '');
    const eventId = randomUUID().replaceAll('-', '');
    let text = '';
    for (const part of parts) text += part === TRACE ? traceId : part === EVENT ? eventId : part;
    return Buffer.from(text);
  };
  const cycle = errors
    ? ['transaction', 'container', 'error', 'transaction', 'container']
    : ['transaction', 'container'];
  const sent = { transaction: 0, container: 0, error: 0 };
  let n = 0;
  const next = () => {
    const kind = cycle[n % cycle.length];
    const endpoint = Math.floor(n / cycle.length) % ENDPOINTS.length;
    n++;
    sent[kind]++;
    if (kind === 'error') return { body: errorBodies.next().body, kind };
    const t = templates();
    return { body: fill(kind === 'transaction' ? t.transaction[endpoint] : t.container[endpoint]), kind };
  };
  const sizes = {
    transaction: fill(templates().transaction[0]).length,
    container: fill(templates().container[0]).length,
    error: errorBodies.sampleSize,
  };
  return { next, sent, sizes, cycle };
}
