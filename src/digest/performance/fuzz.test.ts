/**
 * Robustness: 1,000+ mutated real payloads (transaction items and v2 span containers) go through the
 * unguarded processors without throwing, and what comes out keeps its invariants.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../test/harness/prng.js';
import { loadRecording } from '../../../test/fixtures.js';
import { parseEnvelope } from '../../protocol/envelope.js';
import { processSpanItemsUnguarded } from './span-container.js';
import { processTransactionUnguarded } from './transaction.js';
import type { ProcessedSpan, ProcessedTransaction } from './types.js';

function payloadOf(file: string, type: string): unknown {
  const envelope = parseEnvelope(loadRecording(file).body);
  const item = envelope.items.find((i) => i.headers.type === type)!;
  return JSON.parse(item.payload.toString('utf8')) as unknown;
}

const REPLACEMENTS: Array<(r: () => number, v: unknown) => unknown> = [
  () => null,
  () => undefined,
  (r) => Math.floor(r() * 1e6) - 5e5,
  (r) => r() * 4e9, // plausible-looking Unix seconds, far in the future
  () => -1,
  () => NaN,
  () => Infinity,
  () => true,
  () => '',
  () => 'error',
  () => 'url',
  () => 'Pageload',
  () => 'ui.interaction.click',
  () => '/users/123/orders/550e8400-e29b-41d4-a716-446655440000',
  () => '2026-11-21T05:47:23.720390Z',
  () => 'ffffffffffffffff',
  (_r, v) => [v, v],
  (_r, v) => ({ value: v, type: 'string' }),
  () => ({}),
  () => [],
  () => 'x'.repeat(20_000),
  (r) => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50 + Math.floor(r() * 100); i++) deep = r() < 0.5 ? [deep] : { d: deep };
    return deep;
  },
  (_r, v) => (typeof v === 'string' ? Number(v) : String(v)),
];

/** Replaces random nodes of the tree with values of the wrong type or shape. */
function mutate(value: unknown, r: () => number, rate: number): unknown {
  if (r() < rate) return REPLACEMENTS[Math.floor(r() * REPLACEMENTS.length)]!(r, value);
  if (Array.isArray(value)) return value.map((item) => mutate(item, r, rate));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mutate(v, r, rate);
    return out;
  }
  return value;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

function checkTransaction(tx: ProcessedTransaction): void {
  expect(tx.eventId).toMatch(HEX32);
  expect(tx.traceId).toMatch(HEX32);
  expect(tx.spanId).toMatch(HEX16);
  expect(tx.name.length).toBeLessThanOrEqual(200);
  expect(tx.durationMs).toBeGreaterThanOrEqual(0);
  expect(Number.isFinite(tx.startTimestamp) && Number.isFinite(tx.endTimestamp)).toBe(true);
  for (const m of Object.values(tx.measurements)) expect(Number.isFinite(m.value)).toBe(true);
  expect(typeof tx.status).toBe('string');
  expect(() => JSON.stringify(tx.data)).not.toThrow();
}

function checkSpan(s: ProcessedSpan): void {
  expect(s.spanId).toMatch(HEX16);
  expect(s.segmentId).toMatch(HEX16);
  expect(s.transactionEventId).toMatch(HEX32);
  expect(s.durationMs).toBeGreaterThanOrEqual(0);
  expect(() => JSON.stringify(s.data)).not.toThrow();
}

describe('performance processors fuzzing', () => {
  const transaction = payloadOf('python-1.9.10/003.json', 'transaction');
  const containers = [
    payloadOf('node-11.12.0/004.json', 'span'),
    payloadOf('browser-11.12.0-replay/002.json', 'span'),
    payloadOf('browser-11.12.0-replay/009.json', 'span'),
  ];
  const receivedAt = Date.parse('2026-11-21T05:52:00Z');

  it('never throws on 1,200 mutated real payloads', () => {
    const r = prng(20261121);
    for (let i = 0; i < 1200; i++) {
      const rate = [0.02, 0.06, 0.2][i % 3]!;
      const ctx = {
        projectId: 1,
        receivedAt,
        sentAt: i % 7 === 0 ? Number.NaN : receivedAt - 50,
        clientIp: i % 2 ? '203.0.113.1' : null,
        userAgent: i % 5 ? 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0' : null,
        trace: mutate({ trace_id: 'cd780e6e472d4262bf95052df6b9c4df', replay_id: 'x' }, r, rate) as Record<
          string,
          unknown
        >,
      };
      if (i % 4 === 0) {
        const mutated = mutate(transaction, r, rate);
        const raw = mutated && typeof mutated === 'object' && !Array.isArray(mutated) ? mutated : {};
        const result = processTransactionUnguarded(raw as Record<string, unknown>, ctx);
        checkTransaction(result.transaction);
        expect(result.spans.length).toBeGreaterThanOrEqual(1);
        expect(result.spans[0]!.isSegment).toBe(true);
        result.spans.forEach(checkSpan);
      } else {
        const result = processSpanItemsUnguarded(mutate(containers[i % 3], r, rate), ctx);
        result.segments.forEach(checkTransaction);
        result.spans.forEach(checkSpan);
        for (const m of result.measurements) expect(m.transactionEventId).toMatch(HEX32);
      }
    }
  });
});
