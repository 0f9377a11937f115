/**
 * `replay_recording` payloads: a `{"segment_id":N}` header line, then the rrweb event array, which the
 * SDK may or may not have compressed. Nothing in the item says which, so the first byte decides
 * (performance-replay-cli.md §B): `[` plain JSON, 0x78 zlib (what the JS SDK sends), 0x1f 0x8b gzip.
 */
import zlib from 'node:zlib';
import { isObject } from './json.js';
import { badRequest, tooLarge } from './errors.js';

export type RecordingEncoding = 'zlib' | 'gzip' | 'plain';

/** A recording item split into its header and its (possibly compressed) event array. */
export interface RecordingParts {
  /** The header's `segment_id`, when it had a usable one. */
  segmentId: number | null;
  body: Buffer;
  encoding: RecordingEncoding;
}

/** Relay's limit on a replay recording once decompressed (ingest.md §2). */
export const MAX_RECORDING_INFLATED = 100 * 1024 * 1024;

/** zlib cannot expand data by more than about 1032:1, so a body this small can never inflate past the limit. */
const MAX_DEFLATE_RATIO = 1032;

/** A usable segment id: a non-negative integer (the SDK counts 0, 1, 2, …). */
export function segmentIdOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

function encodingOf(body: Buffer): RecordingEncoding {
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) return 'gzip';
  if (body.length >= 1 && body[0] === 0x78) return 'zlib';
  return 'plain';
}

/**
 * Splits the header line from the body. A payload without a header line (first byte not `{`) is read
 * as a bare body, which some older SDKs sent.
 */
export function splitRecording(payload: Buffer): RecordingParts {
  let segmentId: number | null = null;
  let body = payload;
  if (payload[0] === 0x7b) {
    const newline = payload.indexOf(0x0a);
    if (newline < 0) throw badRequest('invalid_replay', 'replay recording has a header but no body');
    let header: unknown;
    try {
      header = JSON.parse(payload.subarray(0, newline).toString('utf8'));
    } catch {
      throw badRequest('invalid_replay', 'replay recording header is not JSON');
    }
    if (isObject(header)) segmentId = segmentIdOf(header.segment_id);
    body = payload.subarray(newline + 1);
  }
  if (body.length === 0) throw badRequest('invalid_replay', 'replay recording is empty');
  return { segmentId, body, encoding: encodingOf(body) };
}

/** The decompressed event array text, refusing more than `maxBytes`. */
export function inflateRecording(parts: RecordingParts, maxBytes = MAX_RECORDING_INFLATED): Buffer {
  if (parts.encoding === 'plain') {
    if (parts.body.length > maxBytes) throw recordingTooLarge(maxBytes);
    return parts.body;
  }
  try {
    const options = { maxOutputLength: maxBytes };
    return parts.encoding === 'gzip'
      ? zlib.gunzipSync(parts.body, options)
      : zlib.inflateSync(parts.body, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw recordingTooLarge(maxBytes);
    throw badRequest('invalid_replay', `replay recording does not decompress (${parts.encoding})`);
  }
}

function recordingTooLarge(maxBytes: number) {
  return tooLarge('replay_too_large', `replay recording inflates past ${maxBytes} bytes`, 'replay');
}

/**
 * Checks at the edge, without keeping the output, that a compressed recording stays under the limit
 * once inflated. Bodies too small to ever reach it (the usual 1–2 KB segment) cost nothing; larger ones
 * are streamed through the inflater and counted, so a bomb costs one chunk of memory, not the limit.
 * Corrupt data is left for the digest to count: the edge only enforces size.
 */
export async function checkRecordingSize(payload: Buffer, maxBytes = MAX_RECORDING_INFLATED): Promise<void> {
  let parts: RecordingParts;
  try {
    parts = splitRecording(payload);
  } catch {
    return;
  }
  if (parts.encoding === 'plain' || parts.body.length * MAX_DEFLATE_RATIO <= maxBytes) return;
  const inflater = parts.encoding === 'gzip' ? zlib.createGunzip() : zlib.createInflate();
  await new Promise<void>((resolve, reject) => {
    let total = 0;
    inflater.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        inflater.destroy();
        reject(recordingTooLarge(maxBytes));
      }
    });
    inflater.on('end', resolve);
    inflater.on('close', resolve);
    inflater.on('error', () => resolve());
    inflater.end(parts.body);
  });
}
