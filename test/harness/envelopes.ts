import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';

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

/** An envelope with one `transaction` item, framed like {@link eventEnvelope}. */
export function transactionEnvelope(event: Record<string, unknown>): Buffer {
  const header = { event_id: event.event_id, sent_at: new Date().toISOString() };
  return Buffer.from(`${JSON.stringify(header)}\n{"type":"transaction"}\n${JSON.stringify(event)}`);
}

/**
 * A minimal `transaction` event that ended a second ago: a name, a duration, a user and optionally
 * web vitals. Seconds as floats near 1.7e9 carry about 0.2 µs, so keep durations off the limits tested.
 */
export function transactionEvent(
  name: string,
  durationMs: number,
  userId: string,
  measurements: Record<string, { value: number; unit: string }> = {},
): Record<string, unknown> {
  const endMs = Math.floor(Date.now() / 1000) * 1000 - 1_000;
  const hex = (n: number) => newEventId().slice(0, n);
  return {
    event_id: newEventId(),
    type: 'transaction',
    platform: 'node',
    transaction: name,
    transaction_info: { source: 'route' },
    start_timestamp: (endMs - durationMs) / 1000,
    timestamp: endMs / 1000,
    environment: 'test',
    user: { id: userId },
    contexts: { trace: { trace_id: newEventId(), span_id: hex(16), op: 'http.server', status: 'ok' } },
    measurements,
  };
}

/** The ingest URL of a project with query-string auth, as the JS SDKs send it. */
export function envelopeUrl(base: string, projectId: string, publicKey: string): string {
  return `${base}/api/${projectId}/envelope/?sentry_version=7&sentry_key=${publicKey}&sentry_client=test%2F1.0`;
}

/**
 * A replay segment envelope as the browser SDK frames it: a `replay_event` and a `replay_recording`
 * whose payload is the `{"segment_id":N}` header line and the zlib-compressed recording `text`.
 */
export function replaySegmentEnvelope(replayId: string, segmentId: number, text: string): Buffer {
  const recording = Buffer.concat([Buffer.from(`{"segment_id":${segmentId}}\n`), deflateSync(text)]);
  const event = {
    type: 'replay_event',
    replay_id: replayId,
    segment_id: segmentId,
    timestamp: Date.now() / 1000,
  };
  return Buffer.concat([
    Buffer.from(`{"event_id":"${replayId}"}\n{"type":"replay_event"}\n`),
    Buffer.from(JSON.stringify(event) + '\n'),
    Buffer.from(`{"type":"replay_recording","length":${recording.length}}\n`),
    recording,
  ]);
}
