/**
 * Turns the replay items of one envelope (`replay_event` + `replay_recording`, or a mobile
 * `replay_video`) into one segment ready to store: metadata for the replay index, and the recording as
 * it will be kept in the blob store (zlib-compressed rrweb JSON, scrubbed).
 */
import zlib from 'node:zlib';
import { decode } from '@msgpack/msgpack';
import { badRequest } from '../../protocol/errors.js';
import { isObject } from '../../protocol/json.js';
import { inflateRecording, splitRecording } from '../../protocol/replay-recording.js';
import { readReplayEvent, type ReplayContext, type ReplayEventMeta } from './replay-event.js';
import { scrubRecording } from './scrub.js';

/** A segment waiting for its blobs to be written. */
export interface PendingReplaySegment {
  projectId: number;
  receivedAt: number;
  replayId: string;
  segmentId: number;
  meta: ReplayEventMeta;
  /** zlib-compressed JSON array of rrweb events. */
  recording: Buffer;
  video: Buffer | null;
}

/** The replay items of one envelope, as found. */
export interface ReplayItems {
  event?: Buffer;
  recording?: Buffer;
  video?: Buffer;
}

const HEADERS_KEY = Buffer.from('"headers"');
const BODY_KEY = Buffer.from('"body"');

/**
 * Whether a recording may hold something the scrubber changes: a `body` key, or `headers` that are not
 * `{}`. The SDK records `"headers":{}` for every request unless the page opted in to capturing
 * details, so most recordings with network events have nothing to scrub. A superset test on the raw
 * JSON: a key always appears as its quoted name, while quotes inside string values are escaped.
 */
function mayNeedScrubbing(text: Buffer): boolean {
  // `"body"` is also a value in every DOM snapshot (`"tagName":"body"`): only a key counts.
  for (let at = text.indexOf(BODY_KEY); at !== -1; at = text.indexOf(BODY_KEY, at + 1)) {
    if (follows(text, at + BODY_KEY.length, [0x3a])) return true;
  }
  for (let at = text.indexOf(HEADERS_KEY); at !== -1; at = text.indexOf(HEADERS_KEY, at + 1)) {
    if (!follows(text, at + HEADERS_KEY.length, [0x3a, 0x7b, 0x7d])) return true;
  }
  return false;
}

/** The bytes `expected` come next from `at`, blanks between them allowed (`: {}` for `[0x3a, 0x7b, 0x7d]`). */
function follows(text: Buffer, at: number, expected: number[]): boolean {
  for (const byte of expected) {
    while (isBlank(text[at])) at++;
    if (text[at] !== byte) return false;
    at++;
  }
  return true;
}

const isBlank = (b: number | undefined): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Decompresses (bounded) and scrubs a recording; keeps the SDK's own zlib bytes when nothing had to
 * change. Only a recording with captured network details is parsed here: parsing every segment would
 * cost more than digesting an error, so the others are checked when read (see the recording routes).
 */
export function prepareRecording(payload: Buffer): { segmentId: number | null; stored: Buffer } {
  const parts = splitRecording(payload);
  const text = inflateRecording(parts);
  let changed = false;
  let events: unknown = null;
  if (mayNeedScrubbing(text)) {
    try {
      events = JSON.parse(text.toString('utf8'));
    } catch {
      throw badRequest('invalid_replay', 'replay recording is not a JSON array of events');
    }
    if (!Array.isArray(events))
      throw badRequest('invalid_replay', 'replay recording is not a JSON array of events');
    changed = scrubRecording(events);
  } else if (!looksLikeArray(text)) {
    throw badRequest('invalid_replay', 'replay recording is not a JSON array of events');
  }
  const stored =
    !changed && parts.encoding === 'zlib'
      ? parts.body
      : zlib.deflateSync(changed ? JSON.stringify(events) : text, { level: 6 });
  return { segmentId: parts.segmentId, stored };
}

/** First and last non-blank bytes are `[` and `]`: the cheap shape check of an unparsed recording. */
function looksLikeArray(text: Buffer): boolean {
  let start = 0;
  let end = text.length - 1;
  while (start < end && isBlank(text[start])) start++;
  while (end > start && isBlank(text[end])) end--;
  return text[start] === 0x5b && text[end] === 0x5d;
}

/** Bounds for the MessagePack of a mobile `replay_video` item (the whole item is already size-limited). */
const MSGPACK_LIMITS = { maxStrLength: 1 << 20, maxArrayLength: 1000, maxMapLength: 100, maxExtLength: 0 };

/** Unpacks a `replay_video` item: a MessagePack map of `replay_event`, `replay_recording` and `replay_video`. */
export function unpackVideoItem(payload: Buffer): Required<ReplayItems> {
  let map: unknown;
  try {
    map = decode(payload, MSGPACK_LIMITS);
  } catch {
    throw badRequest('invalid_replay', 'replay_video item is not a MessagePack map');
  }
  if (!isObject(map)) throw badRequest('invalid_replay', 'replay_video item is not a MessagePack map');
  const bytes = (v: unknown, what: string): Buffer => {
    if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (typeof v === 'string') return Buffer.from(v);
    throw badRequest('invalid_replay', `replay_video item has no ${what}`);
  };
  return {
    event: bytes(map.replay_event, 'replay_event'),
    recording: bytes(map.replay_recording, 'replay_recording'),
    video: bytes(map.replay_video, 'replay_video'),
  };
}

/**
 * One segment from the items of an envelope. `headerId` (the envelope's event id) is the replay id;
 * the segment id comes from the replay event, else from the recording's header.
 */
export function buildReplaySegment(
  items: ReplayItems,
  headerId: string | null,
  ctx: ReplayContext & { projectId: number },
): PendingReplaySegment {
  let raw: unknown = {};
  if (items.event) {
    try {
      raw = JSON.parse(items.event.toString('utf8'));
    } catch {
      throw badRequest('invalid_replay', 'replay_event is not JSON');
    }
    if (!isObject(raw)) throw badRequest('invalid_replay', 'replay_event is not a JSON object');
  }
  const meta = readReplayEvent(raw as Record<string, unknown>, headerId, ctx);
  if (!items.recording) throw badRequest('invalid_replay', 'replay segment without a recording');
  const recording = prepareRecording(items.recording);
  const segmentId = meta.segmentId ?? recording.segmentId;
  if (meta.replayId === null) throw badRequest('invalid_replay', 'replay segment without a replay id');
  if (segmentId === null) throw badRequest('invalid_replay', 'replay segment without a segment id');
  return {
    projectId: ctx.projectId,
    receivedAt: ctx.receivedAt,
    replayId: meta.replayId,
    segmentId,
    meta,
    recording: recording.stored,
    video: items.video ?? null,
  };
}
