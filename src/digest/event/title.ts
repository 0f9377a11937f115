/**
 * Issue title, culprit and metadata exactly as Sentry builds them (`eventtypes/error.py`,
 * `eventtypes/base.py`, `culprit.py`). Reads the normalised event after in-app marking, because the
 * crash frame is "the last in-app frame".
 */
import type { JsonObject } from '../../protocol/json.js';
import { isObject } from '../../protocol/json.js';
import { splitLines } from '../grouping/normalize-message.js';
import { getPath, str } from './coerce.js';
import type { ErrorEventType } from './processed-event.js';

/** Sentry's `MAX_CULPRIT_LENGTH`. */
const MAX_CULPRIT = 200;
/** Title text after `Type: ` (Sentry's default; a 256 option exists but is off by default). */
const MAX_TITLE_VALUE = 100;

/** Sentry's `truncatechars`: at most `max` code points, ending in `...` when cut. */
export function truncatechars(value: string, max: number): string {
  const chars = [...value];
  return chars.length > max ? chars.slice(0, Math.max(0, max - 3)).join('') + '...' : value;
}

/** Python's `splitlines()[0]`. */
function firstLine(value: string): string {
  return splitLines(value)[0] ?? '';
}

/** Title, culprit and metadata of an event. */
export interface TitleInfo {
  title: string;
  culprit: string;
  metadata: JsonObject;
}

/** Options for {@link buildTitle}. */
export interface TitleOptions {
  type: ErrorEventType;
  /** From grouping: which exception titles an exception group. */
  mainExceptionId?: number;
  /** From in-app marking. */
  inAppFrameMix?: string;
}

const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? (v.filter(isObject) as JsonObject[]) : []);
const exceptionsOf = (data: JsonObject): JsonObject[] => objects(getPath(data, 'exception', 'values'));

/**
 * Sentry's `get_crash_frame_from_event_data`: frames of the last exception (else the top-level stack
 * trace, else the only thread), the last in-app frame passing `filter`, else the last frame passing it.
 */
function crashFrame(data: JsonObject, filter: (f: JsonObject) => boolean): JsonObject | undefined {
  let frames = objects(getPath(data, 'exception', 'values', -1, 'stacktrace', 'frames'));
  if (frames.length === 0) frames = objects(getPath(data, 'stacktrace', 'frames'));
  if (frames.length === 0) {
    const threads = objects(getPath(data, 'threads', 'values'));
    if (threads.length === 1) frames = objects(getPath(threads[0], 'stacktrace', 'frames'));
  }
  let fallback: JsonObject | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    if (!filter(frame)) continue;
    if (frame['in_app'] === true) return frame;
    fallback ??= frame;
  }
  return fallback;
}

function errorMetadata(data: JsonObject, options: TitleOptions): JsonObject {
  const exceptions = exceptionsOf(data);
  const main =
    (options.mainExceptionId !== undefined
      ? exceptions.find((e) => getPath(e, 'mechanism', 'exception_id') === options.mainExceptionId)
      : undefined) ?? exceptions[exceptions.length - 1];
  if (!main) return {};
  const metadata: JsonObject = { value: truncatechars(str(main['value']) ?? '', 1024) };
  // Synthetic exceptions (SDK-made, e.g. `captureMessage` with `attachStacktrace`) carry no real type.
  if (getPath(main, 'mechanism', 'synthetic') !== true) {
    metadata['type'] = truncatechars(str(main['type']) ?? 'Error', 128);
  }
  const frame = crashFrame(data, (f) => {
    const fn = f['function'];
    return typeof fn === 'string' && fn !== '<redacted>' && fn !== '<unknown>';
  });
  if (frame) {
    const filename = str(frame['filename']) ?? str(frame['abs_path']);
    if (filename) metadata['filename'] = filename;
    const fn = str(frame['function']);
    if (fn) metadata['function'] = fn;
  }
  if (options.inAppFrameMix) metadata['in_app_frame_mix'] = options.inAppFrameMix;
  return metadata;
}

function errorTitle(metadata: JsonObject): string {
  const type = metadata['type'];
  const value = metadata['value'];
  if (typeof type === 'string') {
    return typeof value === 'string' && value !== ''
      ? `${type}: ${truncatechars(firstLine(value), MAX_TITLE_VALUE)}`
      : type;
  }
  // No type (synthetic): Sentry falls back to the crash function, so such issues are titled e.g. `main`.
  return str(metadata['function']) ?? '<unknown>';
}

function defaultTitle(data: JsonObject): string {
  const message = (
    str(getPath(data, 'logentry', 'formatted')) ??
    str(getPath(data, 'logentry', 'message')) ??
    ''
  ).trim();
  return message !== '' ? truncatechars(firstLine(message), MAX_TITLE_VALUE) : '<unlabeled event>';
}

/** Sentry's `get_frame_culprit`: `module in function`, JS `function(module)`, native just the function. */
function frameCulprit(frame: JsonObject, eventPlatform: string): string {
  const platform = str(frame['platform']) ?? eventPlatform;
  const fn = str(frame['function']);
  if (platform === 'objc' || platform === 'cocoa' || platform === 'native') return fn ?? '?';
  const fileloc = str(frame['module']) ?? str(frame['filename']);
  if (!fileloc) return '';
  return platform === 'javascript' || platform === 'node'
    ? `${fn ?? '?'}(${fileloc})`
    : `${fileloc} in ${fn ?? '?'}`;
}

function stacktraceCulprit(frames: JsonObject[], platform: string): string {
  let fallback: string | undefined;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    if (frame['in_app'] === true) {
      const culprit = frameCulprit(frame, platform);
      if (culprit) return culprit;
    } else {
      fallback ??= frameCulprit(frame, platform);
    }
  }
  return fallback ?? '';
}

/** Sentry's legacy `generate_culprit`, used when the event names no transaction. */
function generateCulprit(data: JsonObject): string {
  const platform = str(data['platform']) ?? 'other';
  const exceptions = exceptionsOf(data);
  let stacktraces: JsonObject[][];
  if (exceptions.length > 0) {
    // Synthetic exceptions no longer get a culprit (not even the request URL).
    if (getPath(exceptions[exceptions.length - 1], 'mechanism', 'synthetic') === true) return '';
    stacktraces = exceptions
      .map((e) => objects(getPath(e, 'stacktrace', 'frames')))
      .filter((f) => f.length > 0);
  } else {
    const frames = objects(getPath(data, 'stacktrace', 'frames'));
    stacktraces = frames.length > 0 ? [frames] : [];
  }
  let culprit = '';
  const last = stacktraces[stacktraces.length - 1];
  if (last) culprit = stacktraceCulprit(last, platform);
  if (!culprit && isObject(data['request'])) culprit = str(getPath(data, 'request', 'url')) ?? '';
  return truncatechars(culprit, MAX_CULPRIT);
}

/** Builds title, culprit and metadata for a normalised event. */
export function buildTitle(data: JsonObject, options: TitleOptions): TitleInfo {
  const culprit = str(data['culprit']) ?? str(data['transaction']) ?? generateCulprit(data);
  if (options.type === 'error') {
    const metadata = errorMetadata(data, options);
    return { title: errorTitle(metadata), culprit, metadata };
  }
  const title = defaultTitle(data);
  return { title, culprit, metadata: { title } };
}
