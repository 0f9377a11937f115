import { describe, it, expect } from 'vitest';
import { itemCategory, normalizeEventId, parseEnvelope, serializeEnvelope } from './envelope.js';
import type { Envelope } from './envelope.js';
import { expectRefusal } from '../../test/harness/refusal.js';

const b = (...parts: (string | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

const types = (env: Envelope) => env.items.map((i) => i.headers.type);
const payloads = (env: Envelope) => env.items.map((i) => i.payload.toString('latin1'));

describe('parseEnvelope framing', () => {
  it('parses JS-style items without length and without trailing newline', () => {
    const env = parseEnvelope(
      b('{"sdk":{"name":"js"}}\n{"type":"event"}\n{"a":1}\n{"type":"session"}\n{"b":2}'),
    );
    expect(env.headers).toEqual({ sdk: { name: 'js' } });
    expect(types(env)).toEqual(['event', 'session']);
    expect(payloads(env)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('parses Python-style items with length and a trailing newline', () => {
    const env = parseEnvelope(
      b('{}\n{"type":"event","length":7,"content_type":"application/json"}\n{"a":1}\n'),
    );
    expect(types(env)).toEqual(['event']);
    expect(payloads(env)).toEqual(['{"a":1}']);
    expect(env.items[0]?.headers.content_type).toBe('application/json');
  });

  it('accepts a length-framed last item with no trailing newline', () => {
    const env = parseEnvelope(b('{}\n{"type":"attachment","length":5}\nhello'));
    expect(payloads(env)).toEqual(['hello']);
  });

  it('mixes both framings in one envelope', () => {
    const env = parseEnvelope(b('{}\n{"type":"a","length":3}\nx\ny\n{"type":"b"}\nzz\n'));
    expect(payloads(env)).toEqual(['x\ny', 'zz']);
  });

  it('accepts an envelope with only a header, with or without newline', () => {
    expect(parseEnvelope(b('{}')).items).toEqual([]);
    expect(parseEnvelope(b('{}\n')).items).toEqual([]);
  });

  it('refuses a declared length that is too short (next byte is not a newline)', () => {
    const err = expectRefusal(
      () => parseEnvelope(b('{}\n{"type":"event","length":3}\nhello\n')),
      400,
      'invalid_envelope',
    );
    expect(err.message).toMatch(/not followed by a newline/);
  });

  it('refuses a declared length followed by a space instead of a newline', () => {
    expectRefusal(() => parseEnvelope(b('{}\n{"type":"event","length":2}\nab \n')), 400, 'invalid_envelope');
  });

  it('refuses a declared length that runs past the end', () => {
    const err = expectRefusal(
      () => parseEnvelope(b('{}\n{"type":"event","length":50}\nhello\n')),
      400,
      'invalid_envelope',
    );
    expect(err.message).toMatch(/declares length 50/);
  });

  it('refuses a non-zero length on a header that ends the body', () => {
    expectRefusal(() => parseEnvelope(b('{}\n{"type":"attachment","length":1}')), 400);
  });

  it('counts length in bytes, not characters', () => {
    const text = 'héllo €'; // 10 bytes, 7 characters
    const env = parseEnvelope(
      b(`{}\n{"type":"attachment","length":${Buffer.byteLength(text)}}\n`, text, '\n'),
    );
    expect(env.items[0]?.payload.toString('utf8')).toBe(text);
  });

  it('keeps binary payloads containing newlines and NUL bytes intact', () => {
    const bin = Buffer.from([0x00, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0x7b, 0x0a]);
    const env = parseEnvelope(
      b('{}\n{"type":"replay_recording","length":8}\n', bin, '\n{"type":"event"}\n{}'),
    );
    expect(env.items[0]?.payload.equals(bin)).toBe(true);
    expect(types(env)).toEqual(['replay_recording', 'event']);
  });

  it('returns slices of the input, not copies', () => {
    const body = b('{}\n{"type":"attachment","length":3}\nabc');
    const payload = parseEnvelope(body).items[0]?.payload;
    expect(payload?.buffer).toBe(body.buffer);
  });

  it('keeps a \\r before \\n in a payload without length', () => {
    const env = parseEnvelope(b('{}\r\n{"type":"event"}\r\n{"a":1}\r\n{"type":"log"}\r\nx\r\n'));
    expect(types(env)).toEqual(['event', 'log']);
    expect(payloads(env)).toEqual(['{"a":1}\r', 'x\r']);
  });

  it('tolerates a \\r at the end of header lines (JSON.parse ignores the whitespace)', () => {
    const env = parseEnvelope(
      b('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\r\n{"type":"event","length":2}\r\n{}\n'),
    );
    expect(env.headers.event_id).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
    expect(payloads(env)).toEqual(['{}']);
  });

  it('parses empty items, with and without length', () => {
    const env = parseEnvelope(
      b('{}\n{"type":"attachment","length":0}\n\n{"type":"attachment"}\n\n{"type":"x","length":0}'),
    );
    expect(types(env)).toEqual(['attachment', 'attachment', 'x']);
    expect(payloads(env)).toEqual(['', '', '']);
  });

  it('gives an item header at the very end an empty payload', () => {
    const env = parseEnvelope(b('{}\n{"type":"attachment"}'));
    expect(payloads(env)).toEqual(['']);
  });

  it('skips blank lines where an item header is expected (e.g. a doubled trailing newline)', () => {
    const env = parseEnvelope(b('{}\n{"type":"a","length":1}\nx\n\n\r\n{"type":"b"}\ny\n\n'));
    expect(types(env)).toEqual(['a', 'b']);
    expect(payloads(env)).toEqual(['x', 'y']);
  });

  it('keeps unknown item types and unknown header keys', () => {
    const env = parseEnvelope(b('{"custom":1}\n{"type":"brand_new","flavour":"x"}\n123'));
    expect(env.headers.custom).toBe(1);
    expect(env.items[0]?.headers).toEqual({ type: 'brand_new', flavour: 'x' });
  });

  it('treats "length": null as no length', () => {
    const env = parseEnvelope(b('{}\n{"type":"event","length":null}\n{}\n'));
    expect(payloads(env)).toEqual(['{}']);
    expect(env.items[0]?.headers).not.toHaveProperty('length');
  });
});

describe('parseEnvelope header errors', () => {
  it('refuses an empty body', () => {
    expectRefusal(() => parseEnvelope(Buffer.alloc(0)), 400, 'invalid_envelope');
  });

  it('refuses a blank envelope header line', () => {
    expectRefusal(() => parseEnvelope(b('\n{"type":"event"}\n{}')), 400, 'invalid_envelope');
  });

  it('refuses invalid JSON in the envelope header and in item headers', () => {
    expectRefusal(() => parseEnvelope(b('{"a":\n')), 400, 'invalid_envelope');
    const err = expectRefusal(() => parseEnvelope(b('{}\n{"type":"event",}\n{}')), 400, 'invalid_envelope');
    expect(err.message).toMatch(/item 0 header/);
  });

  it('refuses non-object headers', () => {
    expectRefusal(() => parseEnvelope(b('[]\n')), 400, 'invalid_envelope');
    expectRefusal(() => parseEnvelope(b('{}\n"event"\n{}')), 400, 'invalid_envelope');
    expectRefusal(() => parseEnvelope(b('{}\nnull\n{}')), 400, 'invalid_envelope');
  });

  it('refuses a missing, empty or non-string type', () => {
    expectRefusal(() => parseEnvelope(b('{}\n{"length":2}\n{}')), 400, 'invalid_envelope');
    expectRefusal(() => parseEnvelope(b('{}\n{"type":""}\n{}')), 400, 'invalid_envelope');
    expectRefusal(() => parseEnvelope(b('{}\n{"type":7}\n{}')), 400, 'invalid_envelope');
  });

  it('refuses a length that is not a non-negative integer', () => {
    for (const length of ['-1', '1.5', '"2"', 'true', '1e300']) {
      expectRefusal(
        () => parseEnvelope(b(`{}\n{"type":"event","length":${length}}\n{}`)),
        400,
        'invalid_envelope',
      );
    }
  });

  it('refuses invalid UTF-8 in header lines', () => {
    expectRefusal(
      () => parseEnvelope(b('{"a":"', Buffer.from([0xc3, 0x28]), '"}\n')),
      400,
      'invalid_envelope',
    );
    expectRefusal(
      () => parseEnvelope(b('{}\n{"type":"', Buffer.from([0xff]), '"}\n')),
      400,
      'invalid_envelope',
    );
  });

  it('accepts any bytes in payloads, including invalid UTF-8', () => {
    const env = parseEnvelope(b('{}\n{"type":"attachment"}\n', Buffer.from([0xff, 0xfe])));
    expect([...(env.items[0]?.payload ?? [])]).toEqual([0xff, 0xfe]);
  });

  it('refuses deeply nested headers before parsing them', () => {
    const deep = '{"a":'.repeat(100) + '1' + '}'.repeat(100);
    expectRefusal(() => parseEnvelope(b(deep, '\n')), 400, 'json_too_deep');
    expectRefusal(
      () => parseEnvelope(b('{}\n{"type":"x","n":', '['.repeat(70), ']'.repeat(70), '}\n')),
      400,
      'json_too_deep',
    );
  });

  it('refuses header lines over the limit without needing a newline', () => {
    const long = `{"pad":"${'x'.repeat(100)}"}`;
    expectRefusal(() => parseEnvelope(b(long, '\n'), { maxHeaderLineBytes: 64 }), 400, 'invalid_envelope');
    expectRefusal(() => parseEnvelope(b('{}\n', long), { maxHeaderLineBytes: 64 }), 400, 'invalid_envelope');
    expect(parseEnvelope(b(long, '\n'), { maxHeaderLineBytes: long.length }).headers.pad).toHaveLength(100);
  });

  it('does not apply the header line limit to payloads', () => {
    const env = parseEnvelope(b('{}\n{"type":"event"}\n', 'y'.repeat(1000)), { maxHeaderLineBytes: 64 });
    expect(env.items[0]?.payload.length).toBe(1000);
  });
});

describe('envelope event_id', () => {
  it('lowercases a 32-hex id', () => {
    const env = parseEnvelope(b('{"event_id":"9EC79C33EC9942AB8353589FCB2E04DC"}\n'));
    expect(env.headers.event_id).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
  });

  it('accepts a hyphenated UUID and strips the hyphens', () => {
    const env = parseEnvelope(b('{"event_id":"9EC79C33-EC99-42AB-8353-589FCB2E04DC"}\n'));
    expect(env.headers.event_id).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
  });

  it('drops a null event_id', () => {
    expect(parseEnvelope(b('{"event_id":null}\n')).headers).not.toHaveProperty('event_id');
  });

  it('refuses anything else', () => {
    for (const id of [
      '"abc"',
      '"9ec79c33ec9942ab8353589fcb2e04dg"',
      '42',
      '"9ec79c33-ec9942ab8353589fcb2e04dc"',
    ]) {
      expectRefusal(() => parseEnvelope(b(`{"event_id":${id}}\n`)), 400, 'invalid_event_id');
    }
  });

  it('normalizeEventId returns null for non-ids', () => {
    expect(normalizeEventId(undefined)).toBeNull();
    expect(normalizeEventId('')).toBeNull();
    expect(normalizeEventId('9ec79c33ec9942ab8353589fcb2e04dc ')).toBeNull();
  });
});

describe('serializeEnvelope', () => {
  it('writes length on every item and round-trips binary payloads', () => {
    const bin = Buffer.from([0x0a, 0x00, 0x0a, 0x0d]);
    const env: Envelope = {
      headers: { event_id: '9ec79c33ec9942ab8353589fcb2e04dc' },
      items: [
        { headers: { type: 'event' }, payload: Buffer.from('{"a":1}') },
        { headers: { type: 'attachment', filename: 'a.bin', length: 999 }, payload: bin },
        { headers: { type: 'attachment' }, payload: Buffer.alloc(0) },
      ],
    };
    const wire = serializeEnvelope(env);
    expect(wire.toString('latin1').split('\n')[1]).toBe('{"type":"event","length":7}');
    const back = parseEnvelope(wire);
    expect(back.headers).toEqual(env.headers);
    expect(types(back)).toEqual(['event', 'attachment', 'attachment']);
    expect(back.items.map((i) => i.headers.length)).toEqual([7, 4, 0]);
    expect(back.items[1]?.payload.equals(bin)).toBe(true);
    expect(back.items[1]?.headers.filename).toBe('a.bin');
  });
});

describe('itemCategory', () => {
  it('maps item types to data categories', () => {
    const expected: Record<string, string> = {
      event: 'error',
      transaction: 'transaction',
      attachment: 'attachment',
      session: 'session',
      sessions: 'session',
      replay_event: 'replay',
      replay_recording: 'replay',
      replay_video: 'replay',
      check_in: 'monitor',
      feedback: 'feedback',
      user_report: 'feedback',
      span: 'span',
      log: 'log_item',
      profile: 'profile',
      profile_chunk: 'profile_chunk',
      client_report: 'internal',
      statsd: 'metric_bucket',
      metric_buckets: 'metric_bucket',
      trace_metric: 'metric_bucket',
    };
    for (const [type, category] of Object.entries(expected)) expect(itemCategory(type)).toBe(category);
  });

  it('maps unknown types (including Object.prototype names) to unknown', () => {
    expect(itemCategory('brand_new')).toBe('unknown');
    expect(itemCategory('toString')).toBe('unknown');
    expect(itemCategory('__proto__')).toBe('unknown');
  });
});
