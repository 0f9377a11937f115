/**
 * Stack trace and frame normalisation, after Relay's `process_non_raw_frame`: only known frame fields
 * survive, each with its proper type, and `abs_path`/`filename` are completed the way Relay does it
 * (browser SDKs send only `filename`, which is really a URL).
 */
import type { JsonObject, JsonValue } from '../../protocol/json.js';
import { LIMITS, boundedObject, boundedString, dropMiddle, toBoundedJson } from './bounds.js';
import { arr, bool, num, obj, str } from './coerce.js';

const FRAME_STRINGS = [
  'filename',
  'abs_path',
  'function',
  'raw_function',
  'symbol',
  'module',
  'package',
  'platform',
  'instruction_addr',
  'symbol_addr',
  'image_addr',
  'addr_mode',
  'trust',
  'lang',
  'source_link',
] as const;
const CONTEXT_LINES = 20;

/** Normalises one frame; returns undefined for anything that is not an object. */
export function normalizeFrame(value: unknown): JsonObject | undefined {
  const raw = obj(value);
  if (!raw) return undefined;
  const frame: JsonObject = {};
  for (const key of FRAME_STRINGS) {
    const s = boundedString(raw[key], key === 'function' || key === 'raw_function' ? 1024 : LIMITS.string);
    if (s !== undefined) frame[key] = s;
  }
  for (const key of ['lineno', 'colno'] as const) {
    const n = num(raw[key]);
    if (n !== undefined && n >= 0) frame[key] = Math.floor(n);
  }
  const contextLine = typeof raw['context_line'] === 'string' ? raw['context_line'] : undefined;
  if (contextLine !== undefined) frame['context_line'] = boundedString(contextLine, 1024) ?? '';
  for (const key of ['pre_context', 'post_context'] as const) {
    const lines = arr(raw[key]);
    if (lines)
      frame[key] = lines.slice(-CONTEXT_LINES).map((l) => (typeof l === 'string' ? l.slice(0, 1024) : ''));
  }
  const inApp = bool(raw['in_app']);
  if (inApp !== undefined) frame['in_app'] = inApp;
  const vars = boundedObject(raw['vars']);
  if (vars) frame['vars'] = vars;
  const data = boundedObject(raw['data'], 4);
  if (data) frame['data'] = data;
  completePaths(frame);
  return frame;
}

/**
 * Relay's path fix-up: a frame without `abs_path` takes its `filename` as `abs_path`; a frame without
 * `filename` takes `abs_path`, and for URLs only the URL's path (`http://x/app.js` → `/app.js`).
 */
function completePaths(frame: JsonObject): void {
  if (frame['abs_path'] === undefined && frame['filename'] !== undefined) {
    frame['abs_path'] = frame['filename'];
    delete frame['filename'];
  }
  const absPath = frame['abs_path'];
  if (frame['filename'] === undefined && typeof absPath === 'string') {
    frame['filename'] = urlPath(absPath) ?? absPath;
  }
}

function urlPath(absPath: string): string | undefined {
  if (!/^(file|https?|applewebdata):/.test(absPath)) return undefined;
  try {
    const path = new URL(absPath).pathname;
    return path !== '' && path !== '/' ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Normalises a stack trace. Frames are kept caller → callee (crash last); above {@link LIMITS.frames}
 * the middle is dropped so both the entry point and the crash site survive.
 */
export function normalizeStacktrace(value: unknown): JsonObject | undefined {
  const raw = obj(value);
  if (!raw) return undefined;
  const frames: JsonValue[] = [];
  for (const item of dropMiddle(arr(raw['frames']) ?? [], LIMITS.frames * 2)) {
    const frame = normalizeFrame(item);
    if (frame) frames.push(frame);
  }
  if (frames.length === 0) return undefined;
  const out: JsonObject = { frames: dropMiddle(frames, LIMITS.frames) };
  const omitted = arr(raw['frames_omitted']);
  if (omitted && omitted.length === 2 && omitted.every((n) => typeof n === 'number')) {
    out['frames_omitted'] = omitted as number[];
  }
  const registers = boundedObject(raw['registers'], 1);
  if (registers) out['registers'] = registers;
  const lang = str(raw['lang']);
  if (lang) out['lang'] = lang.slice(0, 64);
  if (raw['snapshot'] === true) out['snapshot'] = true;
  return out;
}

/** Bounded copy of a `raw_stacktrace` (kept for display; never used for grouping). */
export function rawStacktrace(value: unknown): JsonValue | undefined {
  const st = normalizeStacktrace(value);
  return st ? (toBoundedJson(st, { depth: 6 }) ?? undefined) : undefined;
}
