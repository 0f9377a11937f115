import { describe, it, expect } from 'vitest';
import zlib from 'node:zlib';
import { parseJsonObject, parseStoreBody } from './store-body.js';
import { expectRefusal } from '../../test/harness/refusal.js';

const MAX = 1024 * 1024;
const event = { event_id: '9ec79c33ec9942ab8353589fcb2e04dc', message: 'NaN is "NaN"', extra: { n: 1 } };
const json = JSON.stringify(event);

describe('parseStoreBody', () => {
  it('parses plain JSON, with leading whitespace', () => {
    expect(parseStoreBody(Buffer.from(json), MAX)).toEqual(event);
    expect(parseStoreBody(Buffer.from(`\r\n  ${json}`), MAX)).toEqual(event);
  });

  it('parses base64 JSON', () => {
    expect(parseStoreBody(Buffer.from(Buffer.from(json).toString('base64')), MAX)).toEqual(event);
  });

  it('parses base64 JSON wrapped over lines', () => {
    const b64 = Buffer.from(json)
      .toString('base64')
      .replace(/(.{40})/g, '$1\n');
    expect(parseStoreBody(Buffer.from(b64), MAX)).toEqual(event);
  });

  it('parses raw zlib and gzip', () => {
    expect(parseStoreBody(zlib.deflateSync(json), MAX)).toEqual(event);
    expect(parseStoreBody(zlib.gzipSync(json), MAX)).toEqual(event);
  });

  it('parses base64 of zlib (old raven clients)', () => {
    const body = Buffer.from(zlib.deflateSync(json).toString('base64'));
    expect(parseStoreBody(body, MAX)).toEqual(event);
  });

  it('repairs bare NaN and Infinity but not inside strings', () => {
    const body = Buffer.from('{"message":"NaN Infinity","extra":{"a":NaN,"b":-Infinity,"c":[Infinity]}}');
    expect(parseStoreBody(body, MAX)).toEqual({
      message: 'NaN Infinity',
      extra: { a: null, b: null, c: [null] },
    });
  });

  it('turns a compression bomb into a 413 without inflating it all', () => {
    const bomb = zlib.deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expectRefusal(() => parseStoreBody(bomb, MAX), 413, 'body_too_large');
    expectRefusal(() => parseStoreBody(Buffer.from(bomb.toString('base64')), MAX), 413, 'body_too_large');
  });

  it('refuses a plain body over the limit', () => {
    expectRefusal(() => parseStoreBody(Buffer.from(json), 10), 413, 'body_too_large');
  });

  it('refuses empty and undecodable bodies', () => {
    expectRefusal(() => parseStoreBody(Buffer.alloc(0), MAX), 400, 'invalid_store_body');
    expectRefusal(() => parseStoreBody(Buffer.from(' \n '), MAX), 400, 'invalid_store_body');
    expectRefusal(() => parseStoreBody(Buffer.from('not json at all!'), MAX), 400, 'invalid_store_body');
    expectRefusal(() => parseStoreBody(Buffer.from([0x01, 0x02, 0x03]), MAX), 400, 'invalid_store_body');
  });

  it('refuses invalid and non-object JSON', () => {
    expectRefusal(() => parseStoreBody(Buffer.from('{"a":'), MAX), 400, 'invalid_json');
    expectRefusal(
      () => parseStoreBody(Buffer.from(Buffer.from('[1,2]').toString('base64')), MAX),
      400,
      'invalid_store_body',
    );
    expectRefusal(() => parseStoreBody(zlib.deflateSync('[1,2]'), MAX), 400, 'invalid_json');
  });

  it('refuses deep nesting', () => {
    const deep = '{"a":'.repeat(200) + '1' + '}'.repeat(200);
    expectRefusal(() => parseStoreBody(Buffer.from(deep), MAX), 400, 'json_too_deep');
  });

  it('re-exports parseJsonObject', () => {
    expect(parseJsonObject(Buffer.from('{"a":NaN}'), 'event')).toEqual({ a: null });
  });
});
