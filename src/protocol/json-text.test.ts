import { describe, it, expect } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonObject, parseJsonText, repairJsonText } from './json-text.js';
import { expectRefusal } from '../../test/harness/refusal.js';

describe('repairJsonText', () => {
  it('replaces bare NaN, Infinity and -Infinity with null (Python SDK 1.x)', () => {
    const text = '{"a":NaN,"b":[Infinity,-Infinity, NaN],"c":1}';
    expect(JSON.parse(repairJsonText(text, 'event'))).toEqual({ a: null, b: [null, null, null], c: 1 });
  });

  it('leaves the same words inside strings and keys untouched', () => {
    const text = '{"NaN":"NaN","s":"-Infinity and Infinity","q":"say \\"NaN\\"","x":NaN}';
    expect(JSON.parse(repairJsonText(text, 'event'))).toEqual({
      NaN: 'NaN',
      s: '-Infinity and Infinity',
      q: 'say "NaN"',
      x: null,
    });
  });

  it('handles escaped backslashes before a closing quote', () => {
    const text = '{"path":"C:\\\\","v":NaN,"w":"\\\\\\"NaN"}';
    expect(JSON.parse(repairJsonText(text, 'event'))).toEqual({ path: 'C:\\', v: null, w: '\\"NaN' });
  });

  it('returns the very same string when nothing needs repair', () => {
    const text = '{"a":[1,2,{"b":"NaN"}]}';
    expect(repairJsonText(text, 'event')).toBe(text);
  });

  it('does not count brackets inside strings towards depth', () => {
    const text = `{"s":"${'['.repeat(200)}"}`;
    expect(repairJsonText(text, 'event')).toBe(text);
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    const ok = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    expect(repairJsonText(ok, 'event')).toBe(ok);
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expectRefusal(() => repairJsonText(deep, 'event'), 400, 'json_too_deep');
  });

  it('refuses hostile nesting quickly without parsing', () => {
    expectRefusal(() => repairJsonText('['.repeat(1_000_000), 'event'), 400, 'json_too_deep');
  });
});

describe('parseJsonText / parseJsonObject', () => {
  it('explains syntax errors with the item name', () => {
    const err = expectRefusal(() => parseJsonText('{"a":', 'event'), 400, 'invalid_json');
    expect(err.message).toMatch(/^invalid event JSON: /);
  });

  it('uses the given reason', () => {
    expectRefusal(
      () => parseJsonText('nope', 'envelope header', 'invalid_envelope'),
      400,
      'invalid_envelope',
    );
  });

  it('parses an object payload with NaN repair', () => {
    expect(parseJsonObject(Buffer.from('{"v":NaN}'), 'event')).toEqual({ v: null });
  });

  it('ignores a UTF-8 BOM and surrounding whitespace', () => {
    expect(parseJsonObject(Buffer.from('\ufeff {"a":1}\n'), 'event')).toEqual({ a: 1 });
  });

  it('refuses empty payloads and non-objects', () => {
    expectRefusal(() => parseJsonObject(Buffer.alloc(0), 'event'), 400, 'invalid_json');
    expectRefusal(() => parseJsonObject(Buffer.from('  \n'), 'event'), 400, 'invalid_json');
    for (const text of ['[1]', 'null', '"s"', '3', 'true']) {
      const err = expectRefusal(() => parseJsonObject(Buffer.from(text), 'transaction'), 400, 'invalid_json');
      expect(err.message).toMatch(/^transaction JSON must be an object/);
    }
  });

  it('replaces invalid UTF-8 in payloads rather than refusing', () => {
    const payload = Buffer.concat([Buffer.from('{"m":"a'), Buffer.from([0xff]), Buffer.from('b"}')]);
    expect(parseJsonObject(payload, 'event')).toEqual({ m: 'a\ufffdb' });
  });

  it('refuses deep nesting', () => {
    const deep = '{"a":'.repeat(65) + '1' + '}'.repeat(65);
    expectRefusal(() => parseJsonObject(Buffer.from(deep), 'event'), 400, 'json_too_deep');
  });
});
