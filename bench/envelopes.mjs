import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

/** The real `@sentry/node` 11.12.0 error envelope the bench bodies are built from (not compressed). */
export const FIXTURE = new URL('../../shared/fixtures/real-sdk/node-11.12.0/001.json', import.meta.url);

const TYPES = ['TypeError', 'RangeError', 'Error', 'SyntaxError', 'ReferenceError'];
const VERBS = ['load', 'save', 'parse', 'charge', 'render', 'sync', 'send', 'fetch', 'validate', 'apply'];
const NOUNS = ['Order', 'Cart', 'User', 'Invoice', 'Payment'];

/** Number of distinct issues the bodies form: one per (exception type, function name) variant. */
export const VARIANTS = VERBS.length * NOUNS.length;

// Placeholders swapped per request. Swapping strings in a pre-split template keeps body building far
// cheaper than JSON.stringify per request, so the generator's CPU goes to sending, not building.
const EID = '__BENCH_EVENT_ID__';
const SENT = '__BENCH_SENT_AT__';
const TS = '"__BENCH_TIMESTAMP__"';
const MARKERS = new RegExp(`(${EID}|${SENT}|${TS})`);

/**
 * One variant of the recorded event: its in-app failing function and exception type are renamed so that
 * Sentry's grouping puts each variant in its own issue, like 50 different bugs in one app.
 * @param {Record<string, any>} header envelope header of the recording
 * @param {Record<string, any>} event event payload of the recording
 * @param {number} i variant number, 0 ≤ i < VARIANTS
 * @param {string} publicKey the project's DSN key, for the envelope's trace header
 */
function variantTemplate(header, event, i, publicKey) {
  const fn = `${VERBS[i % VERBS.length]}${NOUNS[Math.floor(i / VERBS.length)]}`;
  const h = structuredClone(header);
  h.event_id = EID;
  h.sent_at = SENT;
  if (h.trace) h.trace.public_key = publicKey;
  const e = structuredClone(event);
  e.event_id = EID;
  e.timestamp = TS.slice(1, -1);
  const exc = e.exception.values[0];
  exc.type = TYPES[i % TYPES.length];
  exc.value = `order ${1000 + i} could not be processed (14)`;
  for (const frame of exc.stacktrace.frames) {
    if (frame.function === 'innerFailingFunction') frame.function = fn;
    if (typeof frame.context_line === 'string')
      frame.context_line = frame.context_line.replace('innerFailingFunction', fn);
  }
  e.tags = { ...e.tags, variant: `v${i}` };
  const text = `${JSON.stringify(h)}\n{"type":"event"}\n${JSON.stringify(e)}\n`;
  return text.split(MARKERS);
}

/**
 * Builds request bodies: each call returns a fresh envelope (new 32-hex event id in header and payload,
 * current `sent_at` and timestamp), cycling through the variants.
 * @param {string} publicKey
 * @returns {{ next: () => { body: Buffer, eventId: string }, sampleSize: number }}
 */
export function envelopeFactory(publicKey) {
  const recording = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const lines = Buffer.from(recording.body_base64, 'base64').toString('utf8').split('\n');
  const header = JSON.parse(lines[0]);
  const event = JSON.parse(lines[2]);
  const templates = Array.from({ length: VARIANTS }, (_, i) => variantTemplate(header, event, i, publicKey));
  let n = 0;
  const next = () => {
    const parts = templates[n++ % VARIANTS];
    const eventId = randomUUID().replaceAll('-', '');
    const now = Date.now();
    const sentAt = new Date(now).toISOString();
    let text = '';
    for (const part of parts) {
      if (part === EID) text += eventId;
      else if (part === SENT) text += sentAt;
      else if (part === TS) text += String(now / 1000);
      else text += part;
    }
    return { body: Buffer.from(text), eventId };
  };
  return { next, sampleSize: next().body.length };
}
