import type { KeyRateLimit } from '../../storage/types.js';
import { badInput } from '../errors.js';

/** Longest rate-limit window Sentry accepts: a day, in seconds. */
export const MAX_RATE_LIMIT_WINDOW = 86_400;
/** Largest count: what the PostgreSQL INTEGER column holds (Sentry's column is the same size). */
export const MAX_RATE_LIMIT_COUNT = 2_147_483_647;

/** The changes a `PUT …/keys/{key_id}/` body asks for. */
export interface KeyPatch {
  label?: string;
  isActive?: boolean;
  rateLimit?: KeyRateLimit | null;
}

/**
 * Reads one of `rateLimit`'s numbers as Sentry's serializer does: null or `""` mean "not set", a whole
 * number (or a numeric string, as forms send) from 0 to `max`; anything else is refused with a reason.
 */
function readWhole(value: unknown, field: string, max: number): number | null {
  if (value === null || value === '') return null;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw badInput(`rateLimit.${field} must be a whole number.`);
  if (n < 0 || n > max) throw badInput(`rateLimit.${field} must be between 0 and ${max}.`);
  return n;
}

/**
 * Reads `rateLimit`: `null` removes the limit; `{count, window}` sets it (`window` in seconds, up to a
 * day). As in Sentry, a null (or `""`) count or window also removes it, and so does 0, which Sentry
 * stores but never enforces. Both keys must be present, so a typo cannot silently clear a limit.
 */
export function readRateLimit(value: unknown): KeyRateLimit | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw badInput('rateLimit must be an object with count and window, or null.');
  const input = value as Record<string, unknown>;
  if (!('count' in input) || !('window' in input))
    throw badInput('rateLimit needs both count and window (null for either removes the limit).');
  const count = readWhole(input.count, 'count', MAX_RATE_LIMIT_COUNT);
  const window = readWhole(input.window, 'window', MAX_RATE_LIMIT_WINDOW);
  return count && window ? { count, window } : null;
}

/**
 * Reads the fields of Sentry's key update that Faultline has: `name` (blank keeps the old one, as in
 * Sentry; cut to 64 characters), `isActive` and `rateLimit`. Others (`browserSdkVersion`, …) are
 * ignored, as Sentry ignores fields it does not know.
 */
export function readKeyPatch(body: Record<string, unknown>): KeyPatch {
  const patch: KeyPatch = {};
  if (typeof body.name === 'string' && body.name.trim()) patch.label = body.name.trim().slice(0, 64);
  if (body.isActive !== undefined) {
    if (typeof body.isActive !== 'boolean') throw badInput('isActive must be true or false.');
    patch.isActive = body.isActive;
  }
  if (body.rateLimit !== undefined) patch.rateLimit = readRateLimit(body.rateLimit);
  return patch;
}
