/**
 * Type-narrowing readers for attacker-controlled JSON. Every payload field can have any type, so the
 * normalisers read through these instead of trusting casts: a wrong type reads as "absent".
 */
import { isObject } from '../../protocol/json.js';

/** A non-empty string, else undefined (Relay treats `""` like a missing value almost everywhere). */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A non-empty string after trimming whitespace, else undefined. */
export function trimmed(value: unknown): string | undefined {
  return typeof value === 'string' ? str(value.trim()) : undefined;
}

/** A finite number, else undefined (JSON cannot carry NaN, but Python 1.x sends `NaN` tokens anyway). */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A plain object, else undefined. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}

/** An array, else undefined. */
export function arr(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A boolean, else undefined. */
export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/**
 * Scalars rendered as text, like Relay's "lenient strings": SDKs send user ids and tag values as
 * numbers or booleans (`{"id": 42}`), which must read as `"42"`, not be dropped.
 */
export function lenientString(value: unknown): string | undefined {
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/** Walks a path of keys and indices (negative indices count from the end, like Sentry's `get_path`). */
export function getPath(value: unknown, ...path: Array<string | number>): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key < 0 ? current.length + key : key];
    } else {
      if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
      current = current[key];
    }
  }
  return current;
}

/**
 * Relay's `Values<T>` container: `{"values": [...]}`, a bare array, or (legacy) a single object that
 * is itself the one value. Anything else yields an empty list.
 */
export function valuesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const o = obj(value);
  if (!o) return [];
  if (Object.hasOwn(o, 'values')) return arr(o['values']) ?? [];
  return [o];
}
