import { inflateRawSync, constants } from 'node:zlib';
import type { JsonObject } from '../protocol/json.js';
import { deflateExact } from './deflate.js';

/**
 * Event bodies are stored deflated: real SDK events shrink about 2.5–3x (measured by the benchmark),
 * and level 3 keeps the digest's CPU cost low. Raw deflate (no zlib header) saves a few bytes per row at a million rows.
 */
export function packEventBody(data: JsonObject): Buffer {
  return deflateExact(JSON.stringify(data), { level: 3, strategy: constants.Z_DEFAULT_STRATEGY });
}

/** The packed body of an event handed to storage, packing it now if the digest did not. */
export function storedBody(ev: { data?: JsonObject | undefined; body?: Buffer | undefined }): Buffer {
  return ev.body ?? packEventBody(ev.data ?? {});
}

/** Inverse of {@link packEventBody}. */
export function unpackEventBody(body: Buffer): JsonObject {
  return JSON.parse(inflateRawSync(body).toString('utf8')) as JsonObject;
}

/** Start of the hour containing `ms`, for hourly roll-ups. */
export function hourOf(ms: number): number {
  return ms - (ms % 3_600_000);
}

/** Milliseconds in a (UTC) day: the grain of the day roll-ups. */
export const DAY_MS = 86_400_000;

/** Start of the UTC day containing `ms`, for day roll-ups. */
export function dayOf(ms: number): number {
  return ms - (ms % DAY_MS);
}
