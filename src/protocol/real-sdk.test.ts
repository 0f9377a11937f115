import { describe, it, expect } from 'vitest';
import zlib from 'node:zlib';
import { listRecordings, loadRecording } from '../../test/fixtures.js';
import { extractAuth } from './auth.js';
import { parseEnvelope, serializeEnvelope } from './envelope.js';
import { parseJsonObject, parseStoreBody } from './store-body.js';

const KEY = '0123456789abcdef0123456789abcdef';

/** Item types of every envelope the real SDKs sent (see /work/shared/protocol/real-clients.md). */
const EXPECTED: Record<string, string[]> = {
  'browser-11.12.0-replay/001.json': ['session'],
  'browser-11.12.0-replay/002.json': ['span'],
  'browser-11.12.0-replay/003.json': ['span'],
  'browser-11.12.0-replay/004.json': ['session'],
  'browser-11.12.0-replay/005.json': ['event'],
  'browser-11.12.0-replay/006.json': ['span'],
  'browser-11.12.0-replay/007.json': ['replay_event', 'replay_recording'],
  'browser-11.12.0-replay/008.json': ['client_report'],
  'browser-11.12.0-replay/009.json': ['span'],
  'browser-11.12.0-replay/010.json': ['session'],
  'browser-11.12.0-replay/011.json': ['span'],
  'browser-11.12.0-replay/012.json': ['replay_event', 'replay_recording'],
  'browser-11.12.0-replay/013.json': ['span'],
  'browser-11.12.0-replay/014.json': ['replay_event', 'replay_recording'],
  'browser-11.12.0-replay/015.json': ['client_report'],
  'browser-11.12.0-replay/016.json': ['span'],
  'node-11.12.0/001.json': ['event'],
  'node-11.12.0/002.json': ['event'],
  'node-11.12.0/004.json': ['span'],
  'python-1.9.10/002.json': ['event', 'attachment'],
  'python-1.9.10/003.json': ['transaction'],
};

const envelopeRecordings = () => listRecordings().filter((f) => loadRecording(f).url.includes('/envelope/'));

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, 'http://x').searchParams);
}

describe('real SDK envelopes', () => {
  it('finds exactly the expected envelope recordings', () => {
    expect(envelopeRecordings()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s parses with items %j', (file, types) => {
    const rec = loadRecording(file);
    const env = parseEnvelope(rec.body);
    expect(env.items.map((i) => i.headers.type)).toEqual(types);
    for (const item of env.items) {
      if (item.headers.length !== undefined) expect(item.payload.length).toBe(item.headers.length);
      if (
        ['event', 'transaction', 'session', 'span', 'client_report', 'replay_event'].includes(
          item.headers.type,
        )
      ) {
        expect(parseJsonObject(item.payload, item.headers.type)).toBeTypeOf('object');
      }
    }
    // Round trip through the serializer keeps every payload byte.
    const again = parseEnvelope(serializeEnvelope(env));
    expect(again.items.map((i) => i.payload.toString('base64'))).toEqual(
      env.items.map((i) => i.payload.toString('base64')),
    );
    // Each recording authenticates the way real-clients.md says.
    const auth = extractAuth({ headers: rec.headers, query: queryOf(rec.url) });
    expect(auth.publicKey).toBe(KEY);
    expect(auth.version).toBe(7);
    expect(auth.client).toMatch(/^sentry\.(javascript\.(browser|node)|python)\/\d/);
  });

  it('keeps replay recordings binary: {"segment_id":N}\\n then zlib data with newlines inside', () => {
    const env = parseEnvelope(loadRecording('browser-11.12.0-replay/007.json').body);
    const recording = env.items[1];
    expect(recording?.headers).toEqual({ type: 'replay_recording', length: 1620 });
    const payload = recording?.payload ?? Buffer.alloc(0);
    const split = payload.indexOf(0x0a);
    expect(payload.subarray(0, split).toString()).toBe('{"segment_id":0}');
    const rrweb = zlib.inflateSync(payload.subarray(split + 1));
    expect(Array.isArray(JSON.parse(rrweb.toString()))).toBe(true);
    expect(payload.subarray(split + 1).includes(0x0a)).toBe(true);
  });

  it('keeps the trailing newline that belongs to a Python attachment', () => {
    const env = parseEnvelope(loadRecording('python-1.9.10/002.json').body);
    expect(env.headers.event_id).toBe('4e434375eb6e43918d0fcf03fd9b5d72');
    expect(env.items[1]?.headers).toMatchObject({
      filename: 'note.txt',
      content_type: 'text/plain',
      length: 17,
    });
    expect(env.items[1]?.payload.toString()).toBe('hello attachment\n');
  });

  it('client reports come with an empty envelope header', () => {
    expect(parseEnvelope(loadRecording('browser-11.12.0-replay/008.json').body).headers).toEqual({});
  });
});

describe('real SDK store request', () => {
  it('python-1.9.10/001.json decodes as a store event', () => {
    const rec = loadRecording('python-1.9.10/001.json');
    expect(rec.url).toBe('/api/2/store/');
    const event = parseStoreBody(rec.body, 1024 * 1024);
    expect(event.event_id).toBe('2c9437c2fc4641c0976945a7d3fca2b3');
    expect(event.platform).toBe('python');
    expect(extractAuth({ headers: rec.headers, query: {} }).client).toBe('sentry.python/1.9.10');
  });
});
