/** ISO 8601 with milliseconds, as Sentry's API writes dates. */
export function isoDate(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Parses Sentry's `statsPeriod` (`24h`, `14d`, `30m`, `2w`, `90s`) to milliseconds; null when empty or invalid. */
export function parsePeriod(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const m = /^(\d+)([smhdw])$/.exec(value.trim());
  if (!m) return null;
  const unit: Record<string, number> = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 };
  return Number(m[1]) * (unit[m[2] ?? 's'] ?? 1e3);
}

/** The first value of a query parameter that may be repeated. */
export function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : undefined;
}

/** All values of a query parameter that may be repeated. */
export function all(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}
