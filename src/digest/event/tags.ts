/**
 * Tag parsing. SDKs send tags as an object (`{"a": "b"}`, JS/Python) or a list of pairs
 * (`[["a", "b"]]`, older SDKs and Relay's own output); values may be numbers or booleans.
 */
import { LIMITS } from './bounds.js';
import { arr, lenientString, obj } from './coerce.js';

/** Sentry's tag key rule (`TAG_KEY_RE` plus the 32-character limit). */
const TAG_KEY = /^[a-zA-Z0-9_.:-]+$/;

/**
 * A tag key as Sentry stores it, or undefined when Sentry would discard the tag. Over-long or oddly
 * spelled keys are dropped rather than cut: two different truncated keys would silently merge.
 */
export function validTagKey(key: unknown): string | undefined {
  const k = lenientString(key)?.trim();
  return k !== undefined && k.length <= LIMITS.tagKey && TAG_KEY.test(k) ? k : undefined;
}

/**
 * A tag value as Sentry stores it: stringified and trimmed; undefined (dropped) when empty, longer than
 * 200 characters, or containing a newline (Sentry's `is_valid_value`). Truncating instead would make
 * distinct values collide in tag search.
 */
export function validTagValue(value: unknown): string | undefined {
  const v = lenientString(value)?.trim();
  if (v === undefined || v === '' || v.length > LIMITS.tagValue || /[\r\n]/.test(v)) return undefined;
  return v;
}

/**
 * Parses `tags` in either form into ordered, de-duplicated pairs (a repeated key keeps its first
 * position and its last value, like building a dict), at most {@link LIMITS.tags}.
 */
export function parseTags(value: unknown): Array<[string, string]> {
  const entries: Array<[unknown, unknown]> = [];
  const list = arr(value);
  if (list) {
    for (const item of list.slice(0, LIMITS.tags * 4)) {
      const pair = arr(item);
      if (pair && pair.length === 2) entries.push([pair[0], pair[1]]);
      const o = obj(item);
      if (o && 'key' in o) entries.push([o['key'], o['value']]);
    }
  } else {
    const o = obj(value);
    if (o) for (const key of Object.keys(o).slice(0, LIMITS.tags * 4)) entries.push([key, o[key]]);
  }
  const out = new Map<string, string>();
  for (const [k, v] of entries) {
    const key = validTagKey(k);
    const val = validTagValue(v);
    if (key === undefined || val === undefined) continue;
    if (!out.has(key) && out.size >= LIMITS.tags) continue;
    out.set(key, val);
  }
  return [...out];
}
