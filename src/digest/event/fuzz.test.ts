import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../../test/fixtures.js';
import { prng } from '../../../test/harness/prng.js';
import { processEvent, processEventUnguarded } from './process-event.js';

const SOURCES = [
  'node-11.12.0/001.json',
  'node-11.12.0/002.json',
  'python-1.9.10/001.json',
  'python-1.9.10/002.json',
  'browser-11.12.0-replay/005.json',
];

/** The event payload of a recorded request (a `/store/` body or an envelope's `event` item). */
function loadPayload(name: string): unknown {
  const rec = loadRecording(name);
  const text = rec.body.toString('utf8');
  if (rec.url.includes('/store/')) return JSON.parse(text);
  const lines = text.split('\n');
  const at = lines.findIndex((line, i) => i > 0 && line.startsWith('{"type":"event"'));
  return JSON.parse(lines[at + 1]!);
}

const REPLACEMENTS: Array<(r: () => number, v: unknown) => unknown> = [
  () => null,
  () => undefined,
  (r) => Math.floor(r() * 1e6) - 5e5,
  () => NaN,
  () => true,
  () => '',
  () => '{{auto}}',
  () => 'ValueError: boom 42',
  (_r, v) => [v, v],
  (_r, v) => ({ values: v }),
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
  if (r() < rate) {
    const pick = REPLACEMENTS[Math.floor(r() * REPLACEMENTS.length)]!;
    return pick(r, value);
  }
  if (Array.isArray(value)) return value.map((item) => mutate(item, r, rate));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mutate(v, r, rate);
    return out;
  }
  return value;
}

describe('processEvent fuzzing', () => {
  it('never throws and always returns a hash on 2,000 mutated real events', () => {
    const payloads = SOURCES.map(loadPayload);
    const r = prng(20260301);
    for (let i = 0; i < 2000; i++) {
      const source = payloads[i % payloads.length];
      const mutated = mutate(source, r, [0.02, 0.05, 0.15][i % 3]!);
      const raw =
        mutated && typeof mutated === 'object' && !Array.isArray(mutated)
          ? (mutated as Record<string, unknown>)
          : {};
      const ctx = {
        projectId: 1,
        receivedAt: 1795240320000,
        sentAt: i % 7 === 0 ? Number.NaN : 1795240319000,
        clientIp: i % 2 ? '203.0.113.1' : null,
        userAgent: i % 5 ? 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0' : null,
      };
      const ev = processEvent(raw, ctx);
      // The last-resort guard must never be what saves us: the unguarded path copes too.
      expect(() => processEventUnguarded(raw, ctx)).not.toThrow();
      expect(ev.hashes.length).toBeGreaterThanOrEqual(1);
      for (const hash of ev.hashes) expect(hash).toMatch(/^[0-9a-f]{32}$/);
      expect(ev.eventId).toMatch(/^[0-9a-f]{32}$/);
      expect(typeof ev.title).toBe('string');
      expect(Number.isFinite(ev.timestamp)).toBe(true);
      expect(() => JSON.stringify(ev.data)).not.toThrow();
    }
  });
});
