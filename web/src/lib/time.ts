// Time formatting. Relative times are what people scan a stream by; the exact time is always one hover
// away (the `title` of the element that shows the relative one).

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 minutes ago", "in 2 hours", "just now"; compact form ("5m", "2h", "3d") for dense columns. */
export function relativeTime(iso: string | null | undefined, now = Date.now(), compact = false): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return compact ? 'now' : 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size || unit === 'minute') {
      const n = Math.max(1, Math.round(abs / size));
      if (compact) return `${n}${unit === 'month' ? 'mo' : unit[0]}${diff > 0 ? ' from now' : ''}`;
      return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(diff > 0 ? n : -n, unit);
    }
  }
  return '—';
}

/** "5m ago" for a stream's last-seen column; "just now" rather than "now ago". */
export function compactAgo(iso: string | null | undefined, now = Date.now()): string {
  const r = relativeTime(iso, now, true);
  return r === 'now' ? 'just now' : r === '—' ? r : `${r} ago`;
}

/** "2w old" for a stream's first-seen column; "brand new" for an issue under a minute old. */
export function compactAge(iso: string | null | undefined, now = Date.now()): string {
  const r = relativeTime(iso, now, true);
  return r === 'now' ? 'brand new' : r === '—' ? r : `${r} old`;
}

/** A full local date and time, for titles and detail fields. */
export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString('en', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** `HH:MM:SS.mmm` for breadcrumbs, which happen within seconds of each other. */
export function clockTime(value: unknown): string {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Compact counts: 999, 1.2k, 34k, 1.5M. */
export function shortCount(value: number | string): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(n)) return String(value);
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}
