// The platforms onboarding offers, and the copy-ready setup for each: the SDK's install line and an
// `init` call with the project's DSN. Faultline speaks Sentry's protocol, so these are Sentry's own SDKs.

/** A platform a project can be created for. */
export interface Platform {
  id: string;
  name: string;
  /** Which snippet family sets it up. */
  sdk: 'browser' | 'node' | 'python' | 'other';
}

export const PLATFORMS: Platform[] = [
  { id: 'javascript', name: 'Browser JavaScript', sdk: 'browser' },
  { id: 'javascript-react', name: 'React', sdk: 'browser' },
  { id: 'node', name: 'Node.js', sdk: 'node' },
  { id: 'node-express', name: 'Express', sdk: 'node' },
  { id: 'python', name: 'Python', sdk: 'python' },
  { id: 'python-django', name: 'Django', sdk: 'python' },
  { id: 'other', name: 'Other', sdk: 'other' },
];

/** The platform entry for an id, falling back to "Other" for ids the list does not know. */
export function platformById(id: string | null | undefined): Platform {
  return PLATFORMS.find((p) => p.id === id) ?? { id: id ?? 'other', name: id ?? 'Other', sdk: 'other' };
}

/** One copy-ready step of a setup guide. */
export interface SetupStep {
  title: string;
  language: string;
  code: string;
}

/** JavaScript string literal for the DSN (JSON quoting is valid JS and Python). */
const lit = (value: string): string => JSON.stringify(value);

/** Setup steps for an SDK family: install, init (with tracing and replay where they apply), verify. */
export function setupSteps(sdk: Platform['sdk'], dsn: string): SetupStep[] {
  switch (sdk) {
    case 'browser':
      return [
        { title: 'Install the SDK', language: 'shell', code: 'npm install --save @sentry/browser' },
        {
          title: 'Initialise it as early as possible in your app',
          language: 'javascript',
          code: `import * as Sentry from '@sentry/browser';

Sentry.init({
  dsn: ${lit(dsn)},
  release: 'my-app@1.0.0',
  environment: 'production',
  integrations: [Sentry.browserTracingIntegration(), Sentry.replayIntegration()],
  // Tracing: the share of page loads and navigations to trace (lower it in production).
  tracesSampleRate: 1.0,
  // Session replay: 10% of all sessions, and every session that hits an error.
  replaysSessionSampleRate: 0.1,
  replaysOnErrorSampleRate: 1.0,
});`,
        },
        {
          title: 'Send a first error',
          language: 'javascript',
          code: `setTimeout(() => {
  throw new Error('Hello from Faultline onboarding');
});`,
        },
      ];
    case 'node':
      return [
        { title: 'Install the SDK', language: 'shell', code: 'npm install --save @sentry/node' },
        {
          title: 'Create instrument.mjs and load it first: node --import ./instrument.mjs app.mjs',
          language: 'javascript',
          code: `import * as Sentry from '@sentry/node';

Sentry.init({
  dsn: ${lit(dsn)},
  release: 'my-service@1.0.0',
  environment: 'production',
  // Tracing: the share of requests to trace (lower it in production).
  tracesSampleRate: 1.0,
});`,
        },
        {
          title: 'Send a first error',
          language: 'javascript',
          code: `Sentry.captureException(new Error('Hello from Faultline onboarding'));
await Sentry.flush(2000);`,
        },
      ];
    case 'python':
      return [
        { title: 'Install the SDK', language: 'shell', code: 'pip install --upgrade sentry-sdk' },
        {
          title: 'Initialise it when your program starts',
          language: 'python',
          code: `import sentry_sdk

sentry_sdk.init(
    dsn=${lit(dsn)},
    release="my-service@1.0.0",
    environment="production",
    # Tracing: the share of transactions to trace (lower it in production).
    traces_sample_rate=1.0,
)`,
        },
        { title: 'Send a first error', language: 'python', code: 'division_by_zero = 1 / 0' },
      ];
    case 'other':
      return [
        {
          title: 'Give this DSN to any Sentry SDK',
          language: 'text',
          code: dsn,
        },
      ];
  }
}
