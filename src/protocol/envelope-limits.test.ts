import { describe, it, expect } from 'vitest';
import type { ProtocolError } from './errors.js';
import { parseEnvelope, serializeEnvelope } from './envelope.js';
import type { EnvelopeItem } from './envelope.js';
import { expectRefusal } from '../../test/harness/refusal.js';

const item = (type: string, size: number, extra: Record<string, unknown> = {}): EnvelopeItem => ({
  headers: { type, ...extra },
  payload: Buffer.alloc(size, 0x61),
});
const wire = (...items: EnvelopeItem[]) => serializeEnvelope({ headers: {}, items });

describe('envelope limits', () => {
  it('limits event-like items to maxEventBytes', () => {
    expect(parseEnvelope(wire(item('event', 100)), { maxEventBytes: 100 }).items).toHaveLength(1);
    expectRefusal(
      () => parseEnvelope(wire(item('event', 101)), { maxEventBytes: 100 }),
      413,
      'item_too_large',
    );
    expectRefusal(
      () => parseEnvelope(wire(item('transaction', 101)), { maxEventBytes: 100 }),
      413,
      'item_too_large',
    );
  });

  it('measures items without length too', () => {
    const body = Buffer.from(`{}\n{"type":"event"}\n${'a'.repeat(101)}`);
    expectRefusal(() => parseEnvelope(body, { maxEventBytes: 100 }), 413, 'item_too_large');
  });

  it('allows one event-like item per envelope', () => {
    expectRefusal(() => parseEnvelope(wire(item('event', 2), item('transaction', 2))), 413, 'too_many_items');
  });

  it('limits attachment size and count', () => {
    expectRefusal(
      () => parseEnvelope(wire(item('attachment', 11)), { maxAttachmentBytes: 10 }),
      413,
      'item_too_large',
    );
    const thirty = Array.from({ length: 30 }, () => item('attachment', 1));
    expect(parseEnvelope(wire(item('event', 2), ...thirty)).items).toHaveLength(31);
    expectRefusal(() => parseEnvelope(wire(...thirty, item('attachment', 1))), 413, 'too_many_items');
  });

  it('limits sessions to 100 session/sessions items', () => {
    const sessions = Array.from({ length: 99 }, () => item('session', 2));
    expect(parseEnvelope(wire(...sessions, item('sessions', 2))).items).toHaveLength(100);
    expectRefusal(
      () => parseEnvelope(wire(...sessions, item('sessions', 2), item('session', 2))),
      413,
      'too_many_items',
    );
  });

  it('applies the default per-type byte limits', () => {
    const cases: [string, number][] = [
      ['check_in', 100 * 1024],
      ['client_report', 100 * 1024],
      ['replay_recording', 10 * 1024 * 1024],
      ['event', 1024 * 1024],
    ];
    for (const [type, limit] of cases) {
      expect(parseEnvelope(wire(item(type, limit))).items).toHaveLength(1);
      expectRefusal(() => parseEnvelope(wire(item(type, limit + 1))), 413, 'item_too_large');
    }
  });

  it('judges v2 containers by their total size and their average record size', () => {
    const limits = { maxContainerBytes: 1000, maxLogBytes: 100, maxSpanBytes: 100 };
    expect(parseEnvelope(wire(item('log', 900, { item_count: 10 })), limits).items).toHaveLength(1);
    expectRefusal(
      () => parseEnvelope(wire(item('log', 1001, { item_count: 100 })), limits),
      413,
      'item_too_large',
    );
    expectRefusal(
      () => parseEnvelope(wire(item('log', 500, { item_count: 2 })), limits),
      413,
      'item_too_large',
    );
    const spanCt = { content_type: 'application/vnd.sentry.items.span.v2+json' };
    expect(parseEnvelope(wire(item('span', 900, { ...spanCt, item_count: 9 })), limits).items).toHaveLength(
      1,
    );
    expectRefusal(() => parseEnvelope(wire(item('span', 300, spanCt)), limits), 413, 'item_too_large');
  });

  it('treats span items without container markers as single legacy spans', () => {
    const spans = Array.from({ length: 5 }, () => item('span', 50));
    expect(parseEnvelope(wire(...spans), { maxSpanBytes: 50 }).items).toHaveLength(5);
    expectRefusal(() => parseEnvelope(wire(item('span', 51)), { maxSpanBytes: 50 }), 413, 'item_too_large');
  });

  it('bounds the number of items overall, unknown types included', () => {
    const many = Array.from({ length: 11 }, () => item('brand_new', 0));
    expect(parseEnvelope(wire(...many.slice(0, 10)), { maxItems: 10 }).items).toHaveLength(10);
    expectRefusal(() => parseEnvelope(wire(...many), { maxItems: 10 }), 413, 'too_many_items');
  });

  it('never refuses unknown item types for their size', () => {
    expect(parseEnvelope(wire(item('brand_new', 5000)), { maxEventBytes: 10 }).items).toHaveLength(1);
  });

  it('reports framing errors (400) before size limits (413) for lying lengths', () => {
    const body = Buffer.from('{}\n{"type":"attachment","length":999999999}\nabc');
    let caught: unknown;
    try {
      parseEnvelope(body, { maxAttachmentBytes: 10 });
    } catch (err) {
      caught = err;
    }
    expect((caught as ProtocolError).status).toBe(400);
  });
});
