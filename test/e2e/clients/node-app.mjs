// A real Node app using the real @sentry/node SDK, driven by the end-to-end tests.
// usage: DSN=… node node-app.mjs <action>[,<action>…]; prints the captured event ids as JSON.
import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: process.env.DSN,
  release: process.env.RELEASE ?? 'e2e-node@1.0.0',
  environment: 'e2e',
  tracesSampleRate: 0,
});
Sentry.setUser({ id: process.env.USER_ID ?? 'user-1', email: 'user@example.com' });
Sentry.setTag('component', 'checkout');

function chargeCard(orderId) {
  throw new TypeError(`order ${orderId} could not be charged`);
}

function loadProfile(userId) {
  const profile = undefined;
  return profile[userId];
}

const actions = {
  // The same throw site twice: one issue, two events.
  charge: () => {
    try {
      chargeCard(Math.floor(Math.random() * 1000));
    } catch (e) {
      return Sentry.captureException(e);
    }
  },
  profile: () => {
    try {
      loadProfile('u1');
    } catch (e) {
      return Sentry.captureException(e);
    }
  },
  message: () => Sentry.captureMessage('payment provider timed out after 3000ms', 'warning'),
};

const ids = [];
Sentry.addBreadcrumb({ category: 'auth', message: 'user logged in', level: 'info' });
for (const name of (process.argv[2] ?? 'charge').split(',')) {
  const action = actions[name];
  if (!action) throw new Error(`unknown action ${name}`);
  ids.push(action());
}
const flushed = await Sentry.flush(10_000);
console.log(JSON.stringify({ ids, flushed }));
