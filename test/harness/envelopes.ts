import { randomUUID } from 'node:crypto';

/** A fresh 32-hex event id. */
export const newEventId = (): string => randomUUID().replaceAll('-', '');

/** A small but realistic Node error event (two in-app frames). `variant` picks one of many distinct issues. */
export function errorEvent(eventId: string, variant = 0): Record<string, unknown> {
  return {
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    environment: 'test',
    release: 'test@1.0.0',
    exception: {
      values: [
        {
          type: `Variant${variant}Error`,
          value: `something failed in step ${variant}`,
          mechanism: { type: 'generic', handled: true },
          stacktrace: {
            frames: [
              {
                filename: '/srv/app/main.js',
                module: 'main',
                function: 'main',
                lineno: 10,
                colno: 3,
                in_app: true,
              },
              {
                filename: '/srv/app/worker.js',
                module: 'worker',
                function: `step${variant}`,
                lineno: 20 + variant,
                colno: 9,
                in_app: true,
                context_line: `  throw new Variant${variant}Error('something failed');`,
              },
            ],
          },
        },
      ],
    },
  };
}

/** An envelope with one event item, framed as the JS SDKs frame it (no `length`, no trailing newline). */
export function eventEnvelope(event: Record<string, unknown>): Buffer {
  const header = {
    event_id: event.event_id,
    sent_at: new Date().toISOString(),
    sdk: { name: 'test', version: '1' },
  };
  return Buffer.from(`${JSON.stringify(header)}\n{"type":"event"}\n${JSON.stringify(event)}`);
}

/** The ingest URL of a project with query-string auth, as the JS SDKs send it. */
export function envelopeUrl(base: string, projectId: string, publicKey: string): string {
  return `${base}/api/${projectId}/envelope/?sentry_version=7&sentry_key=${publicKey}&sentry_client=test%2F1.0`;
}
