/**
 * Validation of the short identifying fields of an event: event id, release, environment, dist,
 * fingerprint. Invalid values are dropped or repaired, never fatal, as in Relay.
 */
import { randomUUID } from 'node:crypto';
import { LIMITS } from './bounds.js';
import { arr, trimmed } from './coerce.js';

/** A 32-lowercase-hex event id from a hex string or a hyphenated UUID, else undefined. */
export function validEventId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const id = value.trim().toLowerCase().replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}

/** The event id: the envelope header's wins over the payload's; a fresh one when both are unusable. */
export function resolveEventId(payloadId: unknown, headerId: string | undefined): string {
  return validEventId(headerId) ?? validEventId(payloadId) ?? randomUUID().replace(/-/g, '');
}

/**
 * Sentry's release name rules: no newlines, tabs, forward or back slashes; not `.`, `..` or a lone
 * space; at most 200 characters. An invalid release is dropped (the event is still kept).
 */
export function validRelease(value: unknown): string | null {
  const release = trimmed(value);
  if (release === undefined || release.length > LIMITS.name) return null;
  if (/[\r\n\t\f\v/\\]/.test(release) || release === '.' || release === '..') return null;
  return release;
}

/** Sentry's environment rules: at most 64 characters, no newline, form feed or slash. */
export function validEnvironment(value: unknown): string | null {
  const env = trimmed(value);
  if (env === undefined || env.length > LIMITS.shortName || /[\r\n\f/]/.test(env)) return null;
  return env;
}

/** A distribution identifier (at most 64 characters, no newline). */
export function validDist(value: unknown): string | null {
  const dist = typeof value === 'number' && Number.isFinite(value) ? String(value) : trimmed(value);
  if (dist === undefined || dist.length > LIMITS.shortName || /[\r\n]/.test(dist)) return null;
  return dist;
}

/**
 * Normalises `fingerprint`: strings kept, numbers rendered, booleans as Python renders them (Relay's
 * rule, so hashes match events that went through Sentry), other entries dropped. Empty → undefined.
 */
export function normalizeFingerprint(value: unknown): string[] | undefined {
  const list = arr(value);
  if (!list) return undefined;
  const out: string[] = [];
  for (const item of list.slice(0, 64)) {
    if (typeof item === 'string') out.push(item.slice(0, 1024));
    else if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
    else if (typeof item === 'boolean') out.push(item ? 'True' : 'False');
  }
  return out.length > 0 ? out : undefined;
}
