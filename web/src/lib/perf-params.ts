// The performance pages keep their filters in the page URL (shareable, back button works), and turn them
// into the Discover query string the server's `events` and `events-stats` routes read
// (`src/api/discover/filter.ts`: `project=`, `environment=`, `statsPeriod=`, `query=release:… transaction:…`).

import { quoteValue } from './search-query';

/** What the performance pages show. */
export interface PerfParams {
  /** Project id, or '' for all. */
  project: string;
  environment: string;
  release: string;
  statsPeriod: string;
  /** Discover sort of the summary table (`-count()`, `p95()`, …). */
  sort: string;
}

export const DEFAULT_PERIOD = '24h';
export const DEFAULT_SORT = '-count()';

/** Periods the performance pages offer (Discover needs a window: no "all time"). */
export const PERF_PERIODS: Array<[string, string]> = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['14d', 'Last 14 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
];

/** Reads the filters from the page's search params, defaults filled in. */
export function readPerfParams(search: URLSearchParams): PerfParams {
  return {
    project: search.get('project') ?? '',
    environment: search.get('environment') ?? '',
    release: search.get('release') ?? '',
    statsPeriod: search.get('statsPeriod') ?? DEFAULT_PERIOD,
    sort: search.get('sort') ?? DEFAULT_SORT,
  };
}

/** The page URL's search params for a state, defaults left out; `extra` (the transaction) goes first. */
export function writePerfParams(p: PerfParams, extra: Record<string, string> = {}): URLSearchParams {
  const out = new URLSearchParams(extra);
  if (p.project) out.set('project', p.project);
  if (p.environment) out.set('environment', p.environment);
  if (p.release) out.set('release', p.release);
  if (p.statsPeriod !== DEFAULT_PERIOD) out.set('statsPeriod', p.statsPeriod);
  if (p.sort !== DEFAULT_SORT) out.set('sort', p.sort);
  return out;
}

/** What narrows a Discover request beyond the page filters. */
export interface DiscoverScope {
  /** Exact transaction name. */
  transaction?: string;
  /** `transaction.op` (e.g. `pageload` for web vitals). */
  op?: string;
  /** Several ops, any of them (the INP interaction ops). */
  ops?: readonly string[];
  /** Project ids, overriding the page's project filter (web vitals ask for the browser projects). */
  projects?: string[];
}

/**
 * The filter part of a Discover query string: `project` (repeated), `environment`, `statsPeriod`, and the
 * `query` terms for release, transaction and op. Values are quoted the way the server's tokenizer reads them.
 */
export function discoverFilter(p: PerfParams, scope: DiscoverScope = {}): URLSearchParams {
  const q = new URLSearchParams();
  const projects = scope.projects ?? (p.project ? [p.project] : []);
  for (const id of projects) q.append('project', id);
  if (p.environment) q.set('environment', p.environment);
  q.set('statsPeriod', p.statsPeriod);
  const terms: string[] = [];
  if (p.release) terms.push(`release:${quoteValue(p.release)}`);
  // Transaction names are quoted always: they hold spaces and slashes (`GET /api/cart`).
  if (scope.transaction !== undefined) terms.push(`transaction:"${scope.transaction.replace(/"/g, '\\"')}"`);
  for (const op of scope.ops ?? (scope.op ? [scope.op] : [])) terms.push(`transaction.op:${quoteValue(op)}`);
  if (terms.length > 0) q.set('query', terms.join(' '));
  return q;
}

/** A Discover `events` query string: the filter, the fields, and optionally sort and page size. */
export function discoverQuery(
  p: PerfParams,
  scope: DiscoverScope,
  fields: readonly string[],
  options: { sort?: string; perPage?: number } = {},
): string {
  const q = discoverFilter(p, scope);
  q.set('dataset', 'transactions');
  for (const f of fields) q.append('field', f);
  if (options.sort) q.set('sort', options.sort);
  if (options.perPage) q.set('per_page', String(options.perPage));
  return q.toString();
}

/** Bucket size for a period's time series: about 24 to 48 buckets whatever the window. */
export function statsInterval(statsPeriod: string): string {
  const intervals: Record<string, string> = {
    '1h': '5m',
    '24h': '1h',
    '7d': '6h',
    '14d': '12h',
    '30d': '1d',
    '90d': '3d',
  };
  return intervals[statsPeriod] ?? '1h';
}
