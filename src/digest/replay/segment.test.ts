import zlib from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { expectRefusal } from '../../../test/harness/refusal.js';
import { buildReplaySegment, prepareRecording, unpackVideoItem } from './segment.js';
import { FILTERED } from './scrub.js';

const REPLAY = 'b524af63f5f14693937c1962efde5759';
const ctx = { projectId: 7, receivedAt: 1_795_240_200_000, clientIp: '10.0.0.9', userAgent: null };
const recording = (events: unknown[], segment = 0) =>
  Buffer.concat([Buffer.from(`{"segment_id":${segment}}\n`), zlib.deflateSync(JSON.stringify(events))]);
const replayEvent = (over: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      type: 'replay_event',
      replay_id: REPLAY,
      segment_id: 0,
      replay_type: 'session',
      timestamp: 1795240121.279,
      replay_start_timestamp: 1795240115.5193,
      urls: ['http://127.0.0.1/index.html'],
      error_ids: ['ae34688543254fdc908106ac1615cdae', 'not-an-id'],
      trace_ids: ['cd780e6e472d4262bf95052df6b9c4df'],
      user: { id: '42', ip_address: '{{auto}}' },
      request: {
        headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36' },
      },
      ...over,
    }),
  );

describe('replay segments', () => {
  it('reads the replay event: ids, times, lists, user and browser from the User-Agent', () => {
    const seg = buildReplaySegment(
      { event: replayEvent(), recording: recording([{ type: 4 }]) },
      REPLAY,
      ctx,
    );
    expect(seg).toMatchObject({ replayId: REPLAY, segmentId: 0 });
    expect(seg.meta.startedAt).toBe(1795240115519.3);
    expect(seg.meta.timestamp).toBe(1795240121279);
    expect(seg.meta.errorIds).toEqual(['ae34688543254fdc908106ac1615cdae']);
    expect(seg.meta.info.user).toEqual({ id: '42', ip: '10.0.0.9' });
    expect(seg.meta.info.browser.name).toBe('Chrome');
    expect(seg.meta.info.os.name).toBe('Linux');
  });

  it('keeps the SDK’s compressed bytes when nothing is scrubbed, and scrubs credentials from network details', () => {
    const plain = [{ type: 3, data: { source: 1 } }];
    const raw = recording(plain);
    expect(prepareRecording(raw).stored).toEqual(raw.subarray(raw.indexOf(10) + 1));

    const fetchSpan = {
      type: 5,
      data: {
        tag: 'performanceSpan',
        payload: {
          op: 'resource.fetch',
          description: '/api/login',
          data: {
            method: 'POST',
            request: {
              headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
              body: JSON.stringify({ user: 'alice', password: 'hunter2' }),
            },
            response: { headers: { 'set-cookie': 'sid=1' }, body: { token: 't', ok: true } },
          },
        },
      },
    };
    // What the SDK records by default: empty headers, sizes, no bodies. Nothing to scrub, so the
    // SDK's bytes are kept; a later request with a credential in its headers is still scrubbed.
    const quiet = (headers: unknown) => ({
      type: 5,
      data: {
        tag: 'performanceSpan',
        payload: {
          op: 'resource.fetch',
          data: { request: { headers }, response: { headers: {}, size: 11 } },
        },
      },
    });
    const sdkDefault = Buffer.concat([
      Buffer.from('{"segment_id":1}\n'),
      zlib.deflateSync(
        JSON.stringify([{ type: 2, data: { node: { tagName: 'body' } } }, quiet({}), quiet({})]).replace(
          '"headers":{}',
          '"headers" : { }',
        ),
      ),
    ]);
    expect(prepareRecording(sdkDefault).stored).toEqual(sdkDefault.subarray(sdkDefault.indexOf(10) + 1));
    const later = prepareRecording(recording([quiet({}), quiet({ Cookie: 'sid=1' })])).stored;
    expect(zlib.inflateSync(later).toString()).toContain(`"Cookie":"${FILTERED}"`);

    const stored = prepareRecording(recording([fetchSpan])).stored;
    const [event] = JSON.parse(zlib.inflateSync(stored).toString()) as [typeof fetchSpan];
    const data = event.data.payload.data;
    expect(data.request.headers).toEqual({ authorization: FILTERED, 'content-type': 'application/json' });
    expect(JSON.parse(data.request.body)).toEqual({ user: 'alice', password: FILTERED });
    expect(data.response).toEqual({
      headers: { 'set-cookie': FILTERED },
      body: { token: FILTERED, ok: true },
    });
  });

  it('unpacks a mobile replay_video item: its event, its recording and the video', () => {
    const video = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
    const item = Buffer.from(
      encode({
        replay_event: replayEvent({ platform: 'android', segment_id: 2 }),
        replay_recording: Buffer.from(`{"segment_id":2}\n[{"type":5,"timestamp":1}]`),
        replay_video: video,
      }),
    );
    const seg = buildReplaySegment(unpackVideoItem(item), REPLAY, ctx);
    expect(seg.segmentId).toBe(2);
    expect(seg.meta.info.platform).toBe('android');
    expect(seg.video).toEqual(video);
    expect(JSON.parse(zlib.inflateSync(seg.recording).toString())).toEqual([{ type: 5, timestamp: 1 }]);
    expectRefusal(() => unpackVideoItem(Buffer.from('not msgpack')), 400, 'invalid_replay');
    expectRefusal(() => unpackVideoItem(Buffer.from(encode({ replay_event: 1 }))), 400, 'invalid_replay');
  });

  it('refuses segments it cannot place: no replay id, no segment id, no recording, not an array', () => {
    const noIds = Buffer.from('{"type":"replay_event"}');
    expectRefusal(
      () => buildReplaySegment({ event: noIds, recording: recording([]) }, null, ctx),
      400,
      'invalid_replay',
    );
    const bare = Buffer.from(zlib.deflateSync('[]'));
    expectRefusal(
      () => buildReplaySegment({ event: noIds, recording: bare }, REPLAY, ctx),
      400,
      'invalid_replay',
    );
    expectRefusal(() => buildReplaySegment({ event: replayEvent() }, REPLAY, ctx), 400, 'invalid_replay');
    const notArray = Buffer.concat([Buffer.from('{"segment_id":0}\n'), zlib.deflateSync('{"a":1}')]);
    expectRefusal(() => prepareRecording(notArray), 400, 'invalid_replay');
    const badNetwork = Buffer.concat([Buffer.from('{"segment_id":0}\n'), zlib.deflateSync('[{"request":')]);
    expectRefusal(() => prepareRecording(badNetwork), 400, 'invalid_replay');
    // A recording alone still makes a segment: the ids come from the envelope and the recording header.
    expect(buildReplaySegment({ recording: recording([], 4) }, REPLAY, ctx).segmentId).toBe(4);
  });
});
