// The real @sentry/node SDK against a rate-limited DSN key, driven by test/e2e/rate-limits.test.ts.
// usage: DSN=… BURST=n WAIT_MS=ms node node-ratelimit.mjs
// Captures BURST errors one at a time, flushing after each so each is its own request and the SDK has
// read the answer before the next capture; then waits WAIT_MS and captures one more. Prints the ids.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.DSN,
  release: 'e2e-ratelimit@1.0.0',
  environment: 'e2e',
  tracesSampleRate: 0,
});

function capture(message) {
  try {
    throw new Error(message);
  } catch (e) {
    return Sentry.captureException(e);
  }
}

const ids = [];
const burst = Number(process.env.BURST ?? 8);
for (let i = 0; i < burst; i++) {
  ids.push(capture(`burst error ${i}`));
  await Sentry.flush(10_000);
}
await new Promise((resolve) => setTimeout(resolve, Number(process.env.WAIT_MS ?? 0)));
ids.push(capture('error after the limit lifted'));
const flushed = await Sentry.flush(10_000);
// Client reports go out at the start of a flush, before that flush's events finish: a second flush
// sends what the last ones recorded.
await Sentry.flush(10_000);
console.log(JSON.stringify({ ids, flushed }));
