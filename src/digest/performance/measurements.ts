/**
 * Measurements (`{name: {value, unit}}`): web vitals, mobile app starts and frames, custom ones.
 * Transaction items send them as `measurements`; v2 spans send them as attributes
 * (`browser.web_vital.lcp.value`, `app.vitals.start.cold.value`, …), mapped here to the classic names so
 * both paths feed the same views.
 */
import { num, obj } from '../event/coerce.js';
import type { Measurement } from './types.js';

/**
 * Sentry's built-in measurements and their units (Relay's `BuiltinMeasurementKey` config): a built-in
 * always gets this unit whatever the SDK wrote, and a negative value is dropped.
 */
export const BUILTIN_UNITS: Readonly<Record<string, string>> = {
  fp: 'millisecond',
  fcp: 'millisecond',
  lcp: 'millisecond',
  fid: 'millisecond',
  inp: 'millisecond',
  ttfb: 'millisecond',
  'ttfb.requesttime': 'millisecond',
  app_start_cold: 'millisecond',
  app_start_warm: 'millisecond',
  time_to_initial_display: 'millisecond',
  time_to_full_display: 'millisecond',
  stall_total_time: 'millisecond',
  stall_longest_time: 'millisecond',
  cls: 'none',
  frames_total: 'none',
  frames_slow: 'none',
  frames_frozen: 'none',
  stall_count: 'none',
  frames_slow_rate: 'ratio',
  frames_frozen_rate: 'ratio',
  stall_percentage: 'ratio',
};

/** Relay's default cap on custom (non built-in) measurements per event. */
export const MAX_CUSTOM_MEASUREMENTS = 10;
const NAME = /^[a-z0-9_.-]{1,64}$/;
const UNIT = /^[a-z_]{1,15}$/;

/** Normalises one measurement; undefined when it must be dropped. */
export function normalizeMeasurement(name: string, value: unknown, unit: unknown): Measurement | undefined {
  const v = num(value);
  if (v === undefined) return undefined;
  const builtin = BUILTIN_UNITS[name];
  if (builtin !== undefined) return v < 0 ? undefined : { value: v, unit: builtin };
  const u = typeof unit === 'string' ? unit.trim().toLowerCase() : '';
  return { value: v, unit: UNIT.test(u) ? u : 'none' };
}

/** Adds a measurement to `out` under Relay's rules (lowercase names, at most 10 custom ones). */
export function addMeasurement(
  out: Record<string, Measurement>,
  rawName: string,
  value: unknown,
  unit: unknown,
): void {
  const name = rawName.trim().toLowerCase();
  if (!NAME.test(name) || name === '__proto__') return;
  const m = normalizeMeasurement(name, value, unit);
  if (!m) return;
  if (!(name in BUILTIN_UNITS) && !(name in out)) {
    const custom = Object.keys(out).filter((k) => !(k in BUILTIN_UNITS)).length;
    if (custom >= MAX_CUSTOM_MEASUREMENTS) return;
  }
  out[name] = m;
}

/** A transaction item's `measurements` object (`ttfb.requestTime` → `ttfb.requesttime`). */
export function normalizeMeasurements(raw: unknown): Record<string, Measurement> {
  const out: Record<string, Measurement> = {};
  const o = obj(raw);
  if (!o) return out;
  for (const key of Object.keys(o).slice(0, 200)) {
    const entry = obj(o[key]);
    if (entry) addMeasurement(out, key, entry['value'], entry['unit']);
  }
  return out;
}

/**
 * v2 span attributes that carry measurements (names from `@sentry/conventions`): the browser's
 * `browser.web_vital.<name>.value`, TTFB request time, and the mobile app vitals.
 */
const ATTRIBUTE_MEASUREMENTS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'browser.web_vital.ttfb.request_time': 'ttfb.requesttime',
    'app.vitals.start.cold.value': 'app_start_cold',
    'app.vitals.start.warm.value': 'app_start_warm',
    'app.vitals.frames.total.count': 'frames_total',
    'app.vitals.frames.slow.count': 'frames_slow',
    'app.vitals.frames.frozen.count': 'frames_frozen',
    'app.vitals.ttid.value': 'time_to_initial_display',
    'app.vitals.ttfd.value': 'time_to_full_display',
  }),
);
const WEB_VITAL = /^browser\.web_vital\.([a-z]+)\.value$/;

/**
 * The measurement name an attribute maps to, if any. A Map, not an object: attribute keys are the
 * sender's, and `toString` or `constructor` must not find the object prototype's functions.
 */
export function measurementNameOfAttribute(key: string): string | undefined {
  const mapped = ATTRIBUTE_MEASUREMENTS.get(key);
  if (mapped !== undefined) return mapped;
  // Every other attribute of every span passes here: the prefix check spares most the regex.
  const m = key.startsWith('browser.web_vital.') ? WEB_VITAL.exec(key) : null;
  return m ? m[1] : undefined;
}

/** Measurements carried by (unwrapped) v2 attributes; `units` holds the attributes' `unit` fields if any. */
export function measurementsFromAttributes(
  attributes: Readonly<Record<string, unknown>>,
  units: Readonly<Record<string, string>> = {},
): Record<string, Measurement> {
  const out: Record<string, Measurement> = {};
  for (const key of Object.keys(attributes)) {
    const name = measurementNameOfAttribute(key);
    if (name !== undefined) addMeasurement(out, name, attributes[key], units[key]);
  }
  return out;
}
