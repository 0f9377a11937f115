/**
 * Breadcrumb normalisation. Breadcrumbs arrive as `{values: [...]}` (Python) or a bare array (JS),
 * oldest first. The order is never changed (SDKs record them in call order, and two crumbs often share
 * a timestamp); only the newest {@link LIMITS.breadcrumbs} are kept.
 */
import type { JsonObject } from '../../protocol/json.js';
import { LIMITS, boundedObject, boundedString, keepLast } from './bounds.js';
import { valuesOf } from './coerce.js';
import { obj } from './coerce.js';
import { normalizeLevel } from './level.js';
import { secondaryTimestamp } from './timestamps.js';

/** Normalises breadcrumbs; `drift` is the clock-drift correction applied to the event. */
export function normalizeBreadcrumbs(value: unknown, drift: number): JsonObject[] {
  const out: JsonObject[] = [];
  for (const item of keepLast(valuesOf(value), LIMITS.breadcrumbs)) {
    const raw = obj(item);
    if (!raw) continue;
    const crumb: JsonObject = {};
    const timestamp = secondaryTimestamp(raw['timestamp'], drift);
    if (timestamp !== undefined) crumb['timestamp'] = timestamp;
    for (const key of ['type', 'category', 'event_id'] as const) {
      const s = boundedString(raw[key], 256);
      if (s !== undefined) crumb[key] = s;
    }
    const message = boundedString(raw['message'], LIMITS.message);
    if (message !== undefined) crumb['message'] = message;
    const level = normalizeLevel(raw['level']);
    if (level !== undefined) crumb['level'] = level;
    const data = boundedObject(raw['data'], LIMITS.depth);
    if (data) crumb['data'] = data;
    out.push(crumb);
  }
  return out;
}
