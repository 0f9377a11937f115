import { randomUUID } from 'node:crypto';
import fs from 'node:fs';

/** The real @sentry/browser 11.12.0 replay segment: a replay event and a 1.6 KB zlib recording. */
const FIXTURE = new URL('../../shared/fixtures/real-sdk/browser-11.12.0-replay/007.json', import.meta.url);

/** Segments per replay: the SDK flushes about every 5 s, so twelve make one minute of recording. */
export const SEGMENTS_PER_REPLAY = 12;
export const SECONDS_PER_SEGMENT = 5;

/** Splits the recorded envelope into its header and its two items (header line, payload). */
function readFixture() {
  const recording = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const body = Buffer.from(recording.body_base64, 'base64');
  const lineEnd = (from) => body.indexOf(0x0a, from);
  const header = JSON.parse(body.subarray(0, lineEnd(0)).toString());
  let pos = lineEnd(0) + 1;
  const items = [];
  while (pos < body.length) {
    const end = lineEnd(pos);
    const itemHeader = JSON.parse(body.subarray(pos, end).toString());
    pos = end + 1;
    const length = itemHeader.length ?? lineEnd(pos) - pos;
    items.push([itemHeader, body.subarray(pos, pos + length)]);
    pos += length + 1;
  }
  return { header, event: JSON.parse(items[0][1].toString()), recording: items[1][1] };
}

/**
 * Replay segment envelopes as the browser SDK sends them: each replay gets a fresh id and sends
 * segments 0…11, five seconds of recording apart, each with the recorded 1.6 KB zlib recording.
 * @returns {{ next: () => { body: Buffer }, sampleSize: number, recordingBytes: number }}
 */
export function replayFactory() {
  const { header, event, recording } = readFixture();
  const rrweb = recording.subarray(recording.indexOf(0x0a) + 1);
  let replayId = '';
  let segment = SEGMENTS_PER_REPLAY;
  let startedAt = 0;
  const next = () => {
    if (segment === SEGMENTS_PER_REPLAY) {
      replayId = randomUUID().replaceAll('-', '');
      segment = 0;
      startedAt = Date.now() / 1000;
    }
    const h = { ...header, event_id: replayId, sent_at: new Date().toISOString() };
    const e = {
      ...event,
      event_id: replayId,
      replay_id: replayId,
      segment_id: segment,
      replay_start_timestamp: startedAt + segment * SECONDS_PER_SEGMENT,
      timestamp: startedAt + (segment + 1) * SECONDS_PER_SEGMENT,
      error_ids: [],
    };
    const rec = Buffer.concat([Buffer.from(`{"segment_id":${segment}}\n`), rrweb]);
    segment++;
    return {
      body: Buffer.concat([
        Buffer.from(`${JSON.stringify(h)}\n{"type":"replay_event"}\n${JSON.stringify(e)}\n`),
        Buffer.from(`{"type":"replay_recording","length":${rec.length}}\n`),
        rec,
        Buffer.from('\n'),
      ]),
    };
  };
  const sampleSize = next().body.length;
  segment = SEGMENTS_PER_REPLAY;
  return { next, sampleSize, recordingBytes: rrweb.length };
}
