// Web vitals per page, as Sentry's Web Vitals view shows them: each vital's p75 with its rating, the
// good/meh/poor shares of the page loads that measured it, and the performance score. The thresholds,
// curves and weights are the server's own pure functions (src/perf/vitals.ts), imported, not copied.

import {
  performanceScore,
  scoreRating,
  vitalRating,
  type PerformanceScore,
  type Rating,
  type ScoredVital,
} from '../../../src/perf/vitals';
import { cellNumber } from './perf-format';
import type { DiscoverValue } from './perf-types';
import type { Project } from './types';

export { scoreRating, vitalRating, type Rating };

/** The vitals the panel shows, in Sentry's order. */
export const VITALS: ReadonlyArray<{ name: ScoredVital; label: string; title: string }> = [
  { name: 'lcp', label: 'LCP', title: 'Largest contentful paint' },
  { name: 'fcp', label: 'FCP', title: 'First contentful paint' },
  { name: 'cls', label: 'CLS', title: 'Cumulative layout shift' },
  { name: 'inp', label: 'INP', title: 'Interaction to next paint' },
  { name: 'ttfb', label: 'TTFB', title: 'Time to first byte' },
];

/** The p75 of each vital, as Discover fields. */
export const VITAL_P75_FIELDS = VITALS.map((v) => `p75(measurements.${v.name})`);

/** Aggregate fields of the per-page table (one row per page and project). */
export const VITAL_AGGREGATE_FIELDS = [
  'transaction',
  'project',
  'project.id',
  'count()',
  ...VITAL_P75_FIELDS,
];

/** Raw fields of the page loads the shares are counted from. */
export const VITAL_RAW_FIELDS = ['transaction', 'project.id', ...VITALS.map((v) => `measurements.${v.name}`)];

/**
 * Ops of the JS SDK's standalone INP spans. The server keeps these interactions out of transaction
 * lists unless a query names their ops; each carries its page's name and one `inp` value.
 */
export const INP_OPS = [
  'ui.interaction.click',
  'ui.interaction.press',
  'ui.interaction.hover',
  'ui.interaction.drag',
];

/** Aggregate fields of INP per page (from the interactions). */
export const INP_AGGREGATE_FIELDS = ['transaction', 'project.id', 'count()', 'p75(measurements.inp)'];

/** Raw fields of the interactions the INP shares are counted from. */
export const INP_RAW_FIELDS = ['transaction', 'project.id', 'measurements.inp'];

/**
 * Puts each page's INP p75 from its interactions into its page-load row (a page load carries no INP
 * of its own: the SDK sends it as a separate span when the page is hidden). Pages with no interaction
 * keep what they had.
 */
export function withInp(
  pages: ReadonlyArray<Record<string, DiscoverValue>>,
  inpPages: ReadonlyArray<Record<string, DiscoverValue>>,
): Array<Record<string, DiscoverValue>> {
  const key = (r: Record<string, DiscoverValue>) =>
    `${String(r['project.id'])}\u0000${String(r.transaction)}`;
  const inp = new Map(inpPages.map((r) => [key(r), r['p75(measurements.inp)'] ?? null]));
  return pages.map((page) => {
    const value = inp.get(key(page));
    return value === undefined || value === null ? page : { ...page, 'p75(measurements.inp)': value };
  });
}

/** Projects whose pages have web vitals: the browser JavaScript platforms. */
export function isBrowserProject(p: Pick<Project, 'platform'>): boolean {
  return p.platform === 'javascript' || (p.platform?.startsWith('javascript-') ?? false);
}

/** How many measured values of a vital were good, meh and poor. */
export interface RatingShares {
  good: number;
  meh: number;
  poor: number;
  total: number;
}

/** Counts ratings of one vital over raw rows (rows without the vital are not counted). */
export function ratingShares(rows: ReadonlyArray<Record<string, DiscoverValue>>, name: string): RatingShares {
  const out: RatingShares = { good: 0, meh: 0, poor: 0, total: 0 };
  for (const row of rows) {
    const value = cellNumber(row[`measurements.${name}`]);
    const rating = value === null ? null : vitalRating(name, value);
    if (!rating) continue;
    out[rating]++;
    out.total++;
  }
  return out;
}

/** The raw page loads of the page an aggregate row stands for (same name, same project). */
export function loadsOf(
  loads: ReadonlyArray<Record<string, DiscoverValue>>,
  page: Record<string, DiscoverValue>,
): Array<Record<string, DiscoverValue>> {
  return loads.filter(
    (l) => l.transaction === page.transaction && String(l['project.id']) === String(page['project.id']),
  );
}

/** The p75 of each vital in an aggregate row, null when none was measured. */
export function p75Vitals(row: Record<string, DiscoverValue>): Record<ScoredVital, number | null> {
  return Object.fromEntries(
    VITALS.map((v) => [v.name, cellNumber(row[`p75(measurements.${v.name})`])]),
  ) as Record<ScoredVital, number | null>;
}

/** The performance score (0–100) of a page from its p75 vitals, weights renormalised over those present. */
export function pageScore(row: Record<string, DiscoverValue>): PerformanceScore {
  return performanceScore(p75Vitals(row));
}
