// The issue stream's state lives in the page URL (shareable, survives reloads, back button works) and
// maps one-to-one onto the issues API's query string.

/** What the stream shows. `query` null means "the default" (`is:unresolved`). */
export interface StreamParams {
  query: string;
  sort: string;
  statsPeriod: string;
  project: string;
  environment: string;
  cursor: string;
}

export const DEFAULT_QUERY = 'is:unresolved';
export const SORTS: Array<[string, string]> = [
  ['date', 'Last seen'],
  ['new', 'First seen'],
  ['freq', 'Events'],
  ['user', 'Users'],
];
export const PERIODS: Array<[string, string]> = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['14d', 'Last 14 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
  ['', 'All time'],
];

/** Reads the stream state from the page's search params, with the defaults filled in. */
export function readStreamParams(search: URLSearchParams): StreamParams {
  return {
    query: search.get('query') ?? DEFAULT_QUERY,
    sort: search.get('sort') ?? 'date',
    statsPeriod: search.get('statsPeriod') ?? '14d',
    project: search.get('project') ?? '',
    environment: search.get('environment') ?? '',
    cursor: search.get('cursor') ?? '',
  };
}

/** The page URL's search string for a state, leaving defaults out so URLs stay short. */
export function writeStreamParams(p: StreamParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.query !== DEFAULT_QUERY) out.set('query', p.query);
  if (p.sort !== 'date') out.set('sort', p.sort);
  if (p.statsPeriod !== '14d') out.set('statsPeriod', p.statsPeriod);
  if (p.project) out.set('project', p.project);
  if (p.environment) out.set('environment', p.environment);
  if (p.cursor) out.set('cursor', p.cursor);
  return out;
}

/** Which sparkline series fits a period: hourly for a day or less, daily otherwise. */
export function groupStatsPeriod(statsPeriod: string): '24h' | '14d' {
  return statsPeriod === '1h' || statsPeriod === '24h' ? '24h' : '14d';
}

/** The issues API query string. `query` is always sent, since an absent one means `is:unresolved`. */
export function issuesApiQuery(p: StreamParams, limit: number): string {
  const q = new URLSearchParams();
  q.set('query', p.query);
  q.set('sort', p.sort);
  if (p.statsPeriod) q.set('statsPeriod', p.statsPeriod);
  q.set('groupStatsPeriod', groupStatsPeriod(p.statsPeriod));
  if (p.project) q.set('project', p.project);
  if (p.environment) q.set('environment', p.environment);
  if (p.cursor) q.set('cursor', p.cursor);
  q.set('limit', String(limit));
  return q.toString();
}
