// A client key's rate limit as the server keeps it (Sentry's `rateLimit: {count, window}` on the key,
// set with PUT `/api/0/projects/{org}/{project}/keys/{key_id}/`): at most `count` error events (error,
// default and security categories) per `window` seconds, counted by each ingest process.

import type { KeyRateLimit } from './types';

/** Windows the settings offer (Sentry's own list runs from a minute to a day). */
export const WINDOW_CHOICES: ReadonlyArray<{ seconds: number; label: string }> = [
  { seconds: 60, label: 'minute' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 900, label: '15 minutes' },
  { seconds: 3600, label: 'hour' },
  { seconds: 21_600, label: '6 hours' },
  { seconds: 86_400, label: 'day' },
];

/** Largest count the server accepts. */
export const MAX_COUNT = 2_147_483_647;

const plural = (n: number, unit: string) => (n === 1 ? unit : `${n} ${unit}s`);

/** "minute", "5 minutes", "90 seconds": the window as it reads after "per". */
export function windowLabel(seconds: number): string {
  const known = WINDOW_CHOICES.find((c) => c.seconds === seconds);
  if (known) return known.label;
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** One line for the key list. */
export function describeRateLimit(limit: KeyRateLimit | null): string {
  if (!limit) return 'No rate limit';
  const events = limit.count === 1 ? 'error event' : 'error events';
  return `At most ${limit.count.toLocaleString('en-US')} ${events} per ${windowLabel(limit.window)}`;
}

/** The window choices, with a window set through the API that is not one of them. */
export function windowOptions(current: number | undefined): Array<{ seconds: number; label: string }> {
  const options = [...WINDOW_CHOICES];
  if (current !== undefined && !options.some((o) => o.seconds === current)) {
    options.push({ seconds: current, label: windowLabel(current) });
    options.sort((a, b) => a.seconds - b.seconds);
  }
  return options;
}

/** Reads the form's fields into a limit, or says what is wrong with them. */
export function readRateLimitForm(count: string, window: string): KeyRateLimit | string {
  const n = Number(count.trim());
  if (count.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_COUNT)
    return 'Enter a whole number of events, at least 1.';
  const w = Number(window);
  if (!Number.isInteger(w) || w < 1 || w > 86_400) return 'Choose a window.';
  return { count: n, window: w };
}
