import { describe, expect, it } from 'vitest';
import type { OutcomeCounter } from '../ingest/outcomes.js';
import { serializeEnvelope } from '../protocol/envelope.js';
import type { SpoolEntry } from '../spool/spool.js';
import { splitBatch } from './envelope-batch.js';

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
    expect(out.errors[0]!.data.contexts).toMatchObject({ replay: { replay_id: replayId } });
    expect(out.errors[0]!.tags).toContainEqual(['replayId', replayId]);
  });

  it('keeps a replay id the event already has', () => {
    const own = 'ef'.repeat(16);
    const body = JSON.stringify({ message: 'hi', contexts: { replay: { replay_id: own } } });
    const out = splitBatch([entry(envelope({ replay_id: replayId }, [[{}, body]]))], counter());
    expect(out.errors[0]!.data.contexts).toMatchObject({ replay: { replay_id: own } });
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
});
