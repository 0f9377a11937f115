import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../test/fixtures.js';
import type { OutcomeCounter } from '../ingest/outcomes.js';
import { serializeEnvelope } from '../protocol/envelope.js';
import type { SpoolEntry } from '../spool/spool.js';
import { storedBody, unpackEventBody } from '../storage/event-body.js';
import type { SpanRow, TransactionBatch } from '../storage/performance-types.js';
import { unpackSpanChunk } from '../storage/span-chunk.js';
import { splitBatch } from './envelope-batch.js';
import type { EventForStorage } from './event/processed-event.js';
import { segmentEventId } from './performance/ids.js';

/** The spans of a batch, unpacked from its chunks. */
const spansOf = (batch: TransactionBatch): SpanRow[] =>
  batch.spanChunks.flatMap((c) => unpackSpanChunk(c, c.body));

const entry = (body: Buffer): SpoolEntry => ({
  id: 1,
  attempts: 0,
  projectId: 7,
  receivedAt: Date.now(),
  meta: { clientIp: '10.0.0.1', userAgent: null, publicKey: 'k' },
  body,
});

function counter(): OutcomeCounter & { rows: Array<[string, string, string, number]> } {
  const rows: Array<[string, string, string, number]> = [];
  return {
    rows,
    add: (_p: number | null, o: string, c: string, r: string, q = 1) => rows.push([o, c, r, q]),
  } as never;
}

/** The JSON body the digest packed for storage. */
const storedData = (ev: EventForStorage) => unpackEventBody(storedBody(ev));

describe('splitBatch', () => {
  const eventId = 'ab'.repeat(16);
  const replayId = 'cd'.repeat(16);
  const envelope = (trace: Record<string, unknown>, items: Array<[Record<string, unknown>, string]>) =>
    serializeEnvelope({
      headers: { event_id: eventId, trace },
      items: items.map(([headers, payload]) => ({
        headers: { type: 'event', ...headers },
        payload: Buffer.from(payload),
      })),
    });

  it('copies the replay id from the trace header into the event and its tags', () => {
    const out = splitBatch(
      [
        entry(
          envelope({ replay_id: replayId }, [
            [{}, JSON.stringify({ message: 'hi', platform: 'javascript' })],
          ]),
        ),
      ],
      counter(),
    );
    expect(storedData(out.errors[0]!).contexts).toMatchObject({ replay: { replay_id: replayId } });
    expect(out.errors[0]!.tags).toContainEqual(['replayId', replayId]);
  });

  it('keeps a replay id the event already has', () => {
    const own = 'ef'.repeat(16);
    const body = JSON.stringify({ message: 'hi', contexts: { replay: { replay_id: own } } });
    const out = splitBatch([entry(envelope({ replay_id: replayId }, [[{}, body]]))], counter());
    expect(storedData(out.errors[0]!).contexts).toMatchObject({ replay: { replay_id: own } });
  });

  it('counts invalid items, client reports and items it does not process', () => {
    const c = counter();
    const report = JSON.stringify({
      discarded_events: [{ reason: 'sample_rate', category: 'transaction', quantity: 3 }],
    });
    splitBatch(
      [
        entry(
          envelope({}, [
            [{}, '{not json'],
            [{ type: 'client_report' }, report],
            [{ type: 'profile' }, '{}'],
          ]),
        ),
      ],
      c,
    );
    expect(c.rows).toEqual([
      ['invalid', 'error', 'invalid_json', 1],
      ['client_discard', 'transaction', 'sample_rate', 3],
      ['filtered', 'profile', 'not_processed:profile', 1],
    ]);
  });

  describe('performance items', () => {
    const traceId = '12'.repeat(16);
    const now = Date.now() / 1000;
    const transaction = (extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        type: 'transaction',
        transaction: 'GET /orders/{id}',
        transaction_info: { source: 'route' },
        start_timestamp: now - 0.2,
        timestamp: now,
        contexts: { trace: { trace_id: traceId, span_id: 'a1'.repeat(8), op: 'http.server', status: 'ok' } },
        spans: [
          {
            span_id: 'b2'.repeat(8),
            parent_span_id: 'a1'.repeat(8),
            trace_id: traceId,
            op: 'db',
            start_timestamp: now - 0.15,
            timestamp: now - 0.1,
          },
          { op: 'broken: no span id', start_timestamp: now - 0.1, timestamp: now },
        ],
        ...extra,
      });

    it('turns a transaction item into a transaction with its spans, the header id winning', () => {
      const c = counter();
      const out = splitBatch(
        [
          entry(
            envelope({ replay_id: replayId }, [
              [{ type: 'transaction' }, transaction({ event_id: 'ef'.repeat(16) })],
            ]),
          ),
        ],
        c,
      );
      const [tx] = out.transactions.transactions;
      expect(tx).toMatchObject({
        eventId,
        projectId: 7,
        kind: 'transaction',
        traceId,
        name: 'GET /orders/{id}',
        replayId,
      });
      // Packed as soon as processed, like error events' bodies.
      expect(tx!.data).toBeUndefined();
      expect(unpackEventBody(storedBody(tx!))).toMatchObject({
        type: 'transaction',
        transaction: 'GET /orders/{id}',
      });
      expect(spansOf(out.transactions).map((s) => [s.spanId, s.isSegment])).toEqual([
        ['a1'.repeat(8), true],
        ['b2'.repeat(8), false],
      ]);
      expect(out.errors).toEqual([]);
      expect(c.rows).toEqual([['filtered', 'span', 'span_limit', 1]]);
    });

    it('gives a transaction without any id one derived from its spool entry, the same every time', () => {
      const body = serializeEnvelope({
        headers: {},
        items: [{ headers: { type: 'transaction' }, payload: Buffer.from(transaction()) }],
      });
      // The same spool entry (same id and receive time), processed twice as after a crash.
      const spooled = entry(body);
      const first = splitBatch([spooled], counter()).transactions.transactions[0]!;
      const again = splitBatch([spooled], counter()).transactions.transactions[0]!;
      expect(first.eventId).toMatch(/^[0-9a-f]{32}$/);
      expect(again.eventId).toBe(first.eventId);
    });

    it('reads a v2 span container: segments, spans and late web vitals', () => {
      const rec = loadRecording('browser-11.12.0-replay/006.json');
      const out = splitBatch([entry(rec.body)], counter());
      const perf = out.transactions;
      expect(perf.transactions.map((t) => t.kind)).toEqual(['segment']);
      expect(spansOf(perf)).toHaveLength(2);
      expect(perf.measurements).toEqual([
        expect.objectContaining({
          name: 'lcp',
          transactionEventId: segmentEventId('cd780e6e472d4262bf95052df6b9c4df', '8b48eeee1dee77e9'),
        }),
      ]);
    });

    it('reads a legacy single span', () => {
      const span = {
        trace_id: traceId,
        span_id: 'c3'.repeat(8),
        op: 'queue.process',
        description: 'job',
        start_timestamp: now - 1,
        timestamp: now,
      };
      const out = splitBatch([entry(envelope({}, [[{ type: 'span' }, JSON.stringify(span)]]))], counter());
      expect(spansOf(out.transactions)).toEqual([
        expect.objectContaining({ spanId: 'c3'.repeat(8), op: 'queue.process', projectId: 7 }),
      ]);
    });

    it('counts unreadable transaction and span items as invalid, a container by its declared size', () => {
      const c = counter();
      splitBatch(
        [
          entry(
            envelope({}, [
              [{ type: 'transaction' }, '{bad'],
              [{ type: 'span', item_count: 5 }, '{"version": 2, "items": ['],
              [{ type: 'span' }, ''],
            ]),
          ),
        ],
        c,
      );
      expect(c.rows).toEqual([
        ['invalid', 'transaction', 'invalid_json', 1],
        ['invalid', 'span', 'invalid_json', 5],
        ['invalid', 'span', 'invalid_json', 1],
      ]);
    });
  });
});
