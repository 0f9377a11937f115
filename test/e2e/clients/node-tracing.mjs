// A real Node app tracing with @sentry/node: N requests with two database-like child spans each,
// every fourth one failing. MODE=static sends classic `transaction` items; the default (stream) sends
// v2 span containers, as @sentry/node 11 does out of the box.
// usage: DSN=… MODE=stream|static COUNT=8 NAME='GET /orders/:id' node node-tracing.mjs → prints {traceIds}
import * as Sentry from '@sentry/node';

const mode = process.env.MODE ?? 'stream';
Sentry.init({
  dsn: process.env.DSN,
  release: 'perf-node@1.0.0',
  environment: 'perf',
  tracesSampleRate: 1.0,
  ...(mode === 'static' ? { traceLifecycle: 'static' } : {}),
});
Sentry.setUser({ id: 'perf-user' });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const count = Number(process.env.COUNT ?? 8);
const name = process.env.NAME ?? 'GET /orders/:id';
const traceIds = [];
for (let i = 0; i < count; i++) {
  // Each request is its own trace, as separate incoming requests would be.
  await Sentry.startNewTrace(() =>
    Sentry.startSpan({ name, op: 'http.server', forceTransaction: true }, async (root) => {
      traceIds.push(root.spanContext().traceId);
      await Sentry.startSpan({ name: 'SELECT * FROM orders', op: 'db.query' }, () => sleep(20));
      await Sentry.startSpan({ name: 'SELECT * FROM items', op: 'db.query' }, () => sleep(10));
      // Status 2 is "error" in the OpenTelemetry-style span status the SDK uses.
      if (i % 4 === 3) root.setStatus({ code: 2, message: 'internal_error' });
    }),
  );
}
const flushed = await Sentry.flush(10_000);
console.log(JSON.stringify({ traceIds, flushed }));
