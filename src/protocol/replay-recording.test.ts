import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectRefusal } from '../../test/harness/refusal.js';
import { checkRecordingSize, inflateRecording, splitRecording } from './replay-recording.js';

const events = [{ type: 4, timestamp: 1, data: { href: 'https://x.example/' } }];
const text = Buffer.from(JSON.stringify(events));
const withHeader = (body: Buffer, header = '{"segment_id":3}') =>
  Buffer.concat([Buffer.from(`${header}\n`), body]);

describe('replay recordings', () => {
  it('reads plain, zlib and gzip bodies, telling them apart by the first byte', () => {
    for (const [body, encoding] of [
      [text, 'plain'],
      [zlib.deflateSync(text), 'zlib'],
      [zlib.gzipSync(text), 'gzip'],
    ] as const) {
      const parts = splitRecording(withHeader(body));
      expect(parts.encoding).toBe(encoding);
      expect(parts.segmentId).toBe(3);
      expect(JSON.parse(inflateRecording(parts).toString())).toEqual(events);
    }
  });

  it('accepts a body without a header line, and refuses broken ones with a reason', () => {
    expect(splitRecording(zlib.deflateSync(text)).segmentId).toBeNull();
    expectRefusal(() => splitRecording(Buffer.from('{"segment_id":0}')), 400, 'invalid_replay');
    expectRefusal(() => splitRecording(withHeader(Buffer.alloc(0))), 400, 'invalid_replay');
    expectRefusal(() => splitRecording(withHeader(text, '{nope')), 400, 'invalid_replay');
    const corrupt = splitRecording(withHeader(Buffer.from([0x78, 0x9c, 1, 2, 3])));
    expectRefusal(() => inflateRecording(corrupt), 400, 'invalid_replay');
    expect(splitRecording(withHeader(text, '{"segment_id":-1}')).segmentId).toBeNull();
  });

  it('refuses a recording that inflates past the limit, at the edge without keeping the output', async () => {
    const bomb = withHeader(zlib.deflateSync(Buffer.alloc(4 * 1024 * 1024)));
    expectRefusal(() => inflateRecording(splitRecording(bomb), 1024 * 1024), 413, 'replay_too_large');
    const refused = await checkRecordingSize(bomb, 1024 * 1024).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toMatchObject({ status: 413, reason: 'replay_too_large', category: 'replay' });
    await expect(checkRecordingSize(bomb, 8 * 1024 * 1024)).resolves.toBeUndefined();
    // Too small to ever reach the limit: not inflated at all, so corrupt bytes pass the edge.
    await expect(
      checkRecordingSize(withHeader(Buffer.from([0x78, 1, 2])), 1024 * 1024),
    ).resolves.toBeUndefined();
  });
});
