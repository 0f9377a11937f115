// A day of made-up but plausible traffic for the performance screenshots: page loads with web vitals
// and spans for a browser project, API requests for a Node project, sent as classic `transaction`
// items. Everything ends over an hour ago, so the test's "last hour" checks see only the real SDKs.
import { envelopeUrl, newEventId } from '../../harness/envelopes.js';

/** A project to send to. */
export interface Target {
  projectId: string;
  publicKey: string;
}

/** mulberry32: the same "random" traffic every run, so the screenshots only change when the UI does. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (rand: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

/** One kind of transaction and how it behaves. */
interface Shape {
  name: string;
  op: string;
  count: number;
  /** Median and spread (log-normal-ish) of the duration in ms. */
  medianMs: number;
  spread: number;
  failEvery?: number;
  platform: 'javascript' | 'node';
  release: string;
  /** Child spans as [op, description, share of the duration it starts at, share it lasts]. */
  spans: Array<[string, string, number, number]>;
  vitals?: boolean;
}

export const BROWSER_SHAPES: Shape[] = [
  {
    name: '/',
    op: 'pageload',
    count: 36,
    medianMs: 950,
    spread: 0.45,
    platform: 'javascript',
    release: 'shop-frontend@2.4.1',
    vitals: true,
    spans: [
      ['browser.request', 'Request', 0.02, 0.12],
      ['browser.response', 'Response', 0.14, 0.06],
      ['resource.script', '/assets/app.js', 0.2, 0.25],
      ['resource.css', '/assets/app.css', 0.2, 0.1],
      ['http.client', 'GET /api/cart', 0.48, 0.3],
      ['ui.long_animation_frame', 'Main UI thread blocked', 0.8, 0.08],
    ],
  },
  {
    name: '/products/:id',
    op: 'pageload',
    count: 24,
    medianMs: 1900,
    spread: 0.5,
    platform: 'javascript',
    release: 'shop-frontend@2.4.1',
    vitals: true,
    spans: [
      ['browser.request', 'Request', 0.02, 0.2],
      ['resource.script', '/assets/product.js', 0.25, 0.3],
      ['resource.img', '/images/hero.webp', 0.3, 0.45],
      ['http.client', 'GET /api/products/:id', 0.55, 0.35],
    ],
  },
  {
    name: '/checkout',
    op: 'navigation',
    count: 12,
    medianMs: 420,
    spread: 0.3,
    platform: 'javascript',
    release: 'shop-frontend@2.4.1',
    spans: [['http.client', 'GET /api/cart', 0.1, 0.7]],
  },
];

export const API_SHAPES: Shape[] = [
  {
    name: 'GET /api/cart',
    op: 'http.server',
    count: 40,
    medianMs: 120,
    spread: 0.4,
    failEvery: 13,
    platform: 'node',
    release: 'shop-api@1.6.0',
    spans: [
      ['cache.get', 'cart:{id}', 0.05, 0.08],
      ['db.query', 'SELECT * FROM cart_items WHERE cart_id = ?', 0.15, 0.55],
      ['http.client', 'GET http://recommendations.internal/top', 0.72, 0.22],
    ],
  },
  {
    name: 'GET /api/products/:id',
    op: 'http.server',
    count: 30,
    medianMs: 85,
    spread: 0.35,
    platform: 'node',
    release: 'shop-api@1.6.0',
    spans: [['db.query', 'SELECT * FROM products WHERE id = ?', 0.1, 0.7]],
  },
  {
    name: 'POST /api/orders',
    op: 'http.server',
    count: 15,
    medianMs: 650,
    spread: 0.6,
    failEvery: 7,
    platform: 'node',
    release: 'shop-api@1.6.0',
    spans: [
      ['db.query', 'BEGIN', 0.02, 0.03],
      ['db.query', 'INSERT INTO orders (…) VALUES (…)', 0.06, 0.2],
      ['http.client', 'POST https://payments.example.com/charge', 0.3, 0.6],
      ['db.query', 'COMMIT', 0.92, 0.04],
    ],
  },
];

/** The transaction events of shapes, spread over [now − 23 h, now − 70 min]. */
export function sampleTransactions(shapes: Shape[], now: number, seed = 7): Array<Record<string, unknown>> {
  const rand = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const from = now - 23 * 3_600_000;
  const to = now - 70 * 60_000;
  return shapes.flatMap((shape) =>
    Array.from({ length: shape.count }, (_, i) => {
      const durationMs = Math.max(5, shape.medianMs * Math.exp(shape.spread * gauss()));
      const start = (from + rand() * (to - from)) / 1000;
      const end = start + durationMs / 1000;
      const traceId = hex(rand, 32);
      const rootSpan = hex(rand, 16);
      const failed = shape.failEvery !== undefined && i % shape.failEvery === shape.failEvery - 1;
      const event: Record<string, unknown> = {
        event_id: newEventId(),
        type: 'transaction',
        platform: shape.platform,
        transaction: shape.name,
        transaction_info: { source: 'route' },
        start_timestamp: start,
        timestamp: end,
        release: shape.release,
        environment: 'production',
        user: { id: `user-${Math.floor(rand() * 9)}` },
        contexts: {
          trace: {
            trace_id: traceId,
            span_id: rootSpan,
            op: shape.op,
            status: failed ? 'internal_error' : 'ok',
          },
        },
        spans: shape.spans.map(([op, description, at, share]) => ({
          trace_id: traceId,
          span_id: hex(rand, 16),
          parent_span_id: rootSpan,
          op,
          description,
          status: 'ok',
          start_timestamp: start + (at * durationMs) / 1000,
          timestamp: start + (Math.min(at + share, 1) * durationMs) / 1000,
        })),
      };
      if (shape.vitals) {
        const lcp = durationMs * (0.9 + rand() * 1.6);
        event.measurements = {
          lcp: { value: lcp, unit: 'millisecond' },
          fcp: { value: lcp * (0.45 + rand() * 0.3), unit: 'millisecond' },
          ttfb: { value: 60 + rand() * rand() * 900, unit: 'millisecond' },
          cls: { value: rand() < 0.8 ? rand() * 0.08 : 0.1 + rand() * 0.25, unit: '' },
        };
      }
      return event;
    }),
  );
}

/** Posts each transaction in its own envelope (as SDKs do) and fails loudly on a refusal. */
export async function sendTransactions(
  base: string,
  target: Target,
  events: Array<Record<string, unknown>>,
): Promise<void> {
  const url = envelopeUrl(base, target.projectId, target.publicKey);
  for (const event of events) {
    const header = JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString() });
    const res = await fetch(url, {
      method: 'POST',
      body: `${header}\n{"type":"transaction"}\n${JSON.stringify(event)}`,
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }
}
