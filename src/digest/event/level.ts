/**
 * Level and platform validation, after Relay's `Level` parser and its list of known platforms.
 */
import type { Level } from './processed-event.js';

/** Python `logging` numeric levels, which the Python SDK's logging integration can pass through. */
const NUMERIC_LEVELS: Record<number, Level> = {
  10: 'debug',
  20: 'info',
  30: 'warning',
  40: 'error',
  50: 'fatal',
};

const LEVEL_NAMES: Record<string, Level> = {
  debug: 'debug',
  info: 'info',
  log: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  fatal: 'fatal',
  critical: 'fatal',
};

/** A Sentry level, or undefined for anything Relay would reject (the event then defaults to `error`). */
export function normalizeLevel(value: unknown): Level | undefined {
  if (typeof value === 'number') return NUMERIC_LEVELS[value];
  if (typeof value !== 'string') return undefined;
  return Object.hasOwn(LEVEL_NAMES, value.trim().toLowerCase())
    ? LEVEL_NAMES[value.trim().toLowerCase()]
    : undefined;
}

/** Relay's `VALID_PLATFORMS`; anything else is stored as `other`. */
const PLATFORMS = new Set([
  'as3',
  'c',
  'cfml',
  'cocoa',
  'csharp',
  'elixir',
  'haskell',
  'go',
  'groovy',
  'java',
  'javascript',
  'native',
  'node',
  'objc',
  'other',
  'perl',
  'php',
  'python',
  'ruby',
]);

/** The event platform: the payload's, else the envelope item's hint, else `other`. */
export function normalizePlatform(value: unknown, hint: string | undefined): string {
  for (const candidate of [value, hint]) {
    if (typeof candidate === 'string' && PLATFORMS.has(candidate.trim().toLowerCase())) {
      return candidate.trim().toLowerCase();
    }
  }
  return 'other';
}
