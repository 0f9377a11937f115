// How performance numbers read: durations in the unit that keeps them short, rates as percentages,
// scores with two decimals. Null (no data in the window) is always an em dash.

const DASH = '—';

/** A number from a Discover cell, or null for anything else (null, strings, NaN). */
export function cellNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** 0.42 ms, 12 ms, 840 ms, 1.25 s, 2.4 min. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** 0.1234 → "12.3%"; exact zero and one stay round. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  const pct = ratio * 100;
  if (pct === 0 || pct === 100) return `${pct}%`;
  return `${pct < 10 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}

/** Apdex and user misery: two decimals (Sentry's display). */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return value.toFixed(2);
}

/** Transactions per minute: small rates keep their significant digits. */
export function formatRate(tpm: number | null | undefined): string {
  if (tpm === null || tpm === undefined || !Number.isFinite(tpm)) return DASH;
  if (tpm === 0) return '0';
  if (tpm < 0.01) return '<0.01';
  if (tpm < 10) return tpm.toFixed(2);
  return String(Math.round(tpm));
}

/** A web vital's value: CLS is unitless, the others are durations. */
export function formatVital(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return name === 'cls' ? value.toFixed(value < 1 ? 3 : 2) : formatDuration(value);
}

/** Unix seconds → an ISO string for `<RelativeTime>` and `absoluteTime`. */
export const isoFromSeconds = (seconds: number): string => new Date(seconds * 1000).toISOString();
