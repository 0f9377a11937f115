/**
 * Fingerprints: the client's `fingerprint` (custom, hybrid with `{{ default }}`, or default), the
 * variables SDK users can put in it, and Sentry's built-in server-side rules for JavaScript
 * (`javascript@2024-02-02`: chunk-load and hydration errors).
 */
import { globMatch } from './glob.js';
import { familyOf } from './in-app.js';
import type { GroupingEvent, GroupingFrame } from './types.js';

/** `{{ name }}` with optional inner whitespace (Sentry's `FINGERPRINT_VARIABLE_REGEX`, full match). */
const VARIABLE = /^\{\{\s*(\S+?)\s*\}\}$/;

/** The variable name of a fingerprint entry, or undefined for a literal. */
export function parseVariable(entry: string): string | undefined {
  return VARIABLE.exec(entry)?.[1];
}

/** True for `{{ default }}` in any spacing. */
export function isDefaultEntry(entry: string): boolean {
  return parseVariable(entry) === 'default';
}

/** `default` (only `{{ default }}`), `hybrid` (default plus more) or `custom` (no default). */
export function fingerprintType(fingerprint: string[]): 'default' | 'hybrid' | 'custom' {
  if (fingerprint.length === 1 && isDefaultEntry(fingerprint[0]!)) return 'default';
  return fingerprint.some(isDefaultEntry) ? 'hybrid' : 'custom';
}

/**
 * Sentry's crash frame: in the last exception's stack trace (else the top-level one, else the only
 * thread's), the last in-app frame, else the last frame.
 */
export function crashFrame(ev: GroupingEvent): GroupingFrame | undefined {
  let frames = ev.exceptions[ev.exceptions.length - 1]?.stacktrace?.frames ?? ev.stacktrace?.frames;
  if (!frames && ev.threads.length === 1) frames = ev.threads[0]!.stacktrace?.frames;
  if (!frames || frames.length === 0) return undefined;
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.inApp) return frames[i];
  return frames[frames.length - 1];
}

/**
 * Resolves one variable. Unknown variables stay as written (`newstyle:2023-01-11` keeps the legacy
 * behaviour; later configs flag them instead).
 */
function resolveVariable(name: string, ev: GroupingEvent): string | undefined {
  const lastException = ev.exceptions[ev.exceptions.length - 1];
  switch (name) {
    case 'transaction':
      return ev.transaction || '<no-transaction>';
    case 'message':
      return ev.formatted || ev.message || lastException?.value || '<no-message>';
    case 'type':
    case 'error.type':
      return lastException?.type || '<no-type>';
    case 'value':
    case 'error.value':
      return lastException?.value || '<no-value>';
    case 'function':
    case 'stack.function':
      return crashFrame(ev)?.function || '<no-function>';
    case 'path':
    case 'stack.abs_path': {
      const frame = crashFrame(ev);
      return frame?.absPath || frame?.filename || '<no-abs-path>';
    }
    case 'stack.filename': {
      const frame = crashFrame(ev);
      return frame?.filename || frame?.absPath || '<no-filename>';
    }
    case 'module':
    case 'stack.module':
      return crashFrame(ev)?.module || '<no-module>';
    case 'package':
    case 'stack.package': {
      const pkg = crashFrame(ev)?.package;
      return pkg?.split('/').pop()?.split('\\').pop() || '<no-package>';
    }
    case 'level':
      return ev.level || '<no-level>';
    case 'logger':
      return ev.logger || '<no-logger>';
  }
  if (name.startsWith('tags.')) {
    const tag = name.slice(5);
    return ev.tags.find(([key]) => key === tag)?.[1] ?? `<no-value-for-tag-${tag}>`;
  }
  return undefined;
}

/** Resolves the variables of a fingerprint; `{{ default }}` entries become the canonical `{{ default }}`. */
export function resolveFingerprint(fingerprint: string[], ev: GroupingEvent): string[] {
  return fingerprint.map((entry) => {
    const name = parseVariable(entry);
    if (name === undefined) return entry;
    if (name === 'default') return '{{ default }}';
    return resolveVariable(name, ev) ?? entry;
  });
}

const HYDRATION_MESSAGES = [
  'Hydration failed because the initial UI does not match what was rendered on the server.',
  'The server could not finish this Suspense boundary, likely due to an error during server rendering. Switched to client rendering.',
  'There was an error while hydrating this Suspense boundary. Switched to client rendering.',
  'There was an error while hydrating. Because the error happened outside of a Suspense boundary, the entire root will switch to client rendering.',
  'Text content does not match server-rendered HTML.',
];

/**
 * Sentry's built-in fingerprint rules for JavaScript. They run server-side and replace whatever
 * fingerprint the client sent. Returns the new (unresolved) fingerprint, or undefined.
 */
export function builtInFingerprint(ev: GroupingEvent): string[] | undefined {
  if (familyOf(ev.platform) !== 'javascript') return undefined;
  if (ev.exceptions.some((e) => e.type !== undefined && globMatch(e.type, 'ChunkLoadError', false)))
    return ['chunkloaderror'];
  if (
    ev.exceptions.some(
      (e) => e.value !== undefined && globMatch(e.value.trim().toLowerCase(), 'chunkloaderror*', false),
    )
  ) {
    return ['chunkloaderror'];
  }
  const hasTransactionTag = ev.tags.some(([key]) => key === 'transaction');
  if (!hasTransactionTag) return undefined;
  const texts = [ev.formatted?.trim(), ...ev.exceptions.map((e) => e.value?.trim())].filter(
    (t): t is string => !!t,
  );
  const lower = HYDRATION_MESSAGES.map((m) => m.toLowerCase());
  if (texts.some((t) => lower.includes(t.toLowerCase()))) return ['hydrationerror', '{{tags.transaction}}'];
  return undefined;
}
