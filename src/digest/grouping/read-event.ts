/**
 * Reads a normalised event (JSON) into the typed {@link GroupingEvent}, applying Sentry's grouping
 * preprocessing on the way: JS query-string stripping and the stack trace rules. The preprocessing is
 * idempotent, so `markInApp` can persist its results into the stored event and grouping still agrees.
 */
import type { JsonObject } from '../../protocol/json.js';
import { isObject } from '../../protocol/json.js';
import { applyStacktraceRules, stripQueryString } from './in-app.js';
import type { RuleFrame } from './in-app.js';
import type {
  GroupingEvent,
  GroupingException,
  GroupingFrame,
  GroupingMechanism,
  GroupingStacktrace,
  GroupingThread,
} from './types.js';

const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const b = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const values = (v: unknown): unknown[] => (isObject(v) ? list(v['values']) : []);

function frameObjects(stacktrace: unknown): JsonObject[] {
  return isObject(stacktrace) ? (list(stacktrace['frames']).filter(isObject) as JsonObject[]) : [];
}

function ruleFrame(frame: JsonObject, eventPlatform: string): RuleFrame {
  const out: RuleFrame = { platform: s(frame['platform']) ?? eventPlatform };
  for (const [key, field] of [
    ['absPath', 'abs_path'],
    ['filename', 'filename'],
    ['function', 'function'],
    ['module', 'module'],
    ['package', 'package'],
  ] as const) {
    const value = s(frame[field]);
    if (value !== undefined) out[key] = value;
  }
  const inApp = b(frame['in_app']);
  if (inApp !== undefined) out.inApp = inApp;
  return out;
}

function stripJsQueries(frames: JsonObject[], eventPlatform: string): void {
  // Sentry checks the event platform (not the frame's) and only for `javascript`.
  if (eventPlatform !== 'javascript') return;
  for (const frame of frames) {
    const filename = s(frame['filename']);
    if (filename?.includes('?')) frame['filename'] = stripQueryString(filename);
  }
}

function readStacktrace(stacktrace: unknown, eventPlatform: string): GroupingStacktrace | undefined {
  // Read-only: the query-string strip is applied to the rule frames, not to the event's own frames.
  const frames = frameObjects(stacktrace);
  if (frames.length === 0) return undefined;
  const ruleFrames = frames.map((f) => {
    const rf = ruleFrame(f, eventPlatform);
    if (eventPlatform === 'javascript' && rf.filename?.includes('?')) {
      // As if the stripped value had been read: an empty filename counts as none.
      const stripped = stripQueryString(rf.filename);
      if (stripped === '') delete rf.filename;
      else rf.filename = stripped;
    }
    return rf;
  });
  const verdicts = applyStacktraceRules(ruleFrames);
  return {
    frames: frames.map((frame, i): GroupingFrame => {
      const rf = ruleFrames[i]!;
      const out: GroupingFrame = {
        platform: rf.platform,
        inApp: verdicts[i]!.inApp,
        ignored: verdicts[i]!.ignored,
        sourcemapUsed: isObject(frame['data']) && frame['data']['sourcemap'] != null,
      };
      if (rf.absPath !== undefined) out.absPath = rf.absPath;
      if (rf.filename !== undefined) out.filename = rf.filename;
      if (rf.function !== undefined) out.function = rf.function;
      if (rf.module !== undefined) out.module = rf.module;
      if (rf.package !== undefined) out.package = rf.package;
      const rawFunction = s(frame['raw_function']);
      if (rawFunction !== undefined) out.rawFunction = rawFunction;
      if (typeof frame['context_line'] === 'string') out.contextLine = frame['context_line'];
      const lineno = n(frame['lineno']);
      if (lineno !== undefined) out.lineno = lineno;
      const colno = n(frame['colno']);
      if (colno !== undefined) out.colno = colno;
      return out;
    }),
  };
}

function readMechanism(value: unknown): GroupingMechanism | undefined {
  if (!isObject(value)) return undefined;
  const out: GroupingMechanism = {
    synthetic: value['synthetic'] === true,
    isExceptionGroup: value['is_exception_group'] === true,
  };
  const type = s(value['type']);
  if (type !== undefined) out.type = type;
  const handled = b(value['handled']);
  if (handled !== undefined) out.handled = handled;
  const exceptionId = n(value['exception_id']);
  if (exceptionId !== undefined) out.exceptionId = exceptionId;
  const parentId = n(value['parent_id']);
  if (parentId !== undefined) out.parentId = parentId;
  const source = s(value['source']);
  if (source !== undefined) out.source = source;
  return out;
}

function readException(value: JsonObject, platform: string): GroupingException {
  const out: GroupingException = {};
  const type = s(value['type']);
  if (type !== undefined) out.type = type;
  if (typeof value['value'] === 'string') out.value = value['value'];
  const module = s(value['module']);
  if (module !== undefined) out.module = module;
  const mechanism = readMechanism(value['mechanism']);
  if (mechanism) out.mechanism = mechanism;
  const stacktrace = readStacktrace(value['stacktrace'], platform);
  if (stacktrace) out.stacktrace = stacktrace;
  return out;
}

/** Builds the grouping view of a normalised event. */
export function readGroupingEvent(data: JsonObject): GroupingEvent {
  const platform = s(data['platform']) ?? 'other';
  const ev: GroupingEvent = {
    platform,
    exceptions: values(data['exception'])
      .filter(isObject)
      .map((e) => readException(e as JsonObject, platform)),
    threads: values(data['threads'])
      .filter(isObject)
      .map((t): GroupingThread => {
        const thread: GroupingThread = { crashed: t['crashed'] === true, current: t['current'] === true };
        const stacktrace = readStacktrace(t['stacktrace'], platform);
        if (stacktrace) thread.stacktrace = stacktrace;
        return thread;
      }),
    tags: list(data['tags']).filter(
      (p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string',
    ),
  };
  const stacktrace = readStacktrace(data['stacktrace'], platform);
  if (stacktrace) ev.stacktrace = stacktrace;
  const logentry = isObject(data['logentry']) ? data['logentry'] : {};
  const message = s(logentry['message']);
  if (message !== undefined) ev.message = message;
  const formatted = s(logentry['formatted']);
  if (formatted !== undefined) ev.formatted = formatted;
  if (isObject(data['template'])) {
    const t = data['template'];
    ev.template = {};
    const filename = s(t['filename']) ?? s(t['abs_path']);
    if (filename !== undefined) ev.template.filename = filename;
    if (typeof t['context_line'] === 'string') ev.template.contextLine = t['context_line'];
  }
  if (isObject(data['csp'])) {
    const c = data['csp'];
    ev.csp = {};
    const effective = s(c['effective_directive']);
    if (effective !== undefined) ev.csp.effectiveDirective = effective;
    const violated = s(c['violated_directive']);
    if (violated !== undefined) ev.csp.violatedDirective = violated;
    const blocked = typeof c['blocked_uri'] === 'string' ? c['blocked_uri'] : undefined;
    if (blocked !== undefined) ev.csp.blockedUri = blocked;
  }
  const fingerprint = list(data['fingerprint']).filter((x): x is string => typeof x === 'string');
  if (fingerprint.length > 0) ev.fingerprint = fingerprint;
  for (const key of ['transaction', 'level', 'logger', 'release'] as const) {
    const value = s(data[key]);
    if (value !== undefined) ev[key] = value;
  }
  const sdk = isObject(data['sdk']) ? data['sdk'] : {};
  const sdkName = s(sdk['name']);
  if (sdkName !== undefined) ev.sdkName = sdkName;
  const sdkVersion = s(sdk['version']);
  if (sdkVersion !== undefined) ev.sdkVersion = sdkVersion;
  return ev;
}

/**
 * Persists the preprocessing into the stored event, as Sentry does: query strings stripped from JS
 * filenames and every frame's `in_app` set to its final verdict. Returns the event's in-app frame mix
 * (`in-app-only`, `system-only` or `mixed`), or undefined when it has no frames.
 */
export function markInApp(data: JsonObject): string | undefined {
  const platform = s(data['platform']) ?? 'other';
  const stacktraces: unknown[] = [data['stacktrace']];
  for (const container of [...values(data['exception']), ...values(data['threads'])]) {
    if (!isObject(container)) continue;
    stacktraces.push(container['stacktrace'], container['raw_stacktrace']);
  }
  const mixes: string[] = [];
  for (const stacktrace of stacktraces) {
    const frames = frameObjects(stacktrace);
    if (frames.length === 0) continue;
    stripJsQueries(frames, platform);
    const verdicts = applyStacktraceRules(frames.map((f) => ruleFrame(f, platform)));
    frames.forEach((frame, i) => (frame['in_app'] = verdicts[i]!.inApp));
    const inApp = verdicts.some((v) => v.inApp);
    const system = verdicts.some((v) => !v.inApp);
    mixes.push(inApp && system ? 'mixed' : inApp ? 'in-app-only' : 'system-only');
  }
  if (mixes.length === 0) return undefined;
  if (mixes.every((m) => m === 'in-app-only')) return 'in-app-only';
  if (mixes.every((m) => m === 'system-only')) return 'system-only';
  return 'mixed';
}
