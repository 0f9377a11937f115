// The replay list's filters live in the page URL (shareable, back-button friendly) and compile to the
// replay search language of the API.

export interface ReplayParams {
  project: string;
  user: string;
  url: string;
  errorsOnly: boolean;
  release: string;
  environment: string;
  statsPeriod: string;
  /** `started_at`, `duration` or `count_errors`, `-` for descending. */
  sort: string;
  cursor: string;
}

export const REPLAY_SORTS = ['started_at', 'duration', 'count_errors'] as const;

export function readReplayParams(search: URLSearchParams): ReplayParams {
  const sort = search.get('sort') ?? '-started_at';
  return {
    project: search.get('project') ?? '',
    user: search.get('user') ?? '',
    url: search.get('url') ?? '',
    errorsOnly: search.get('errors') === '1',
    release: search.get('release') ?? '',
    environment: search.get('environment') ?? '',
    statsPeriod: search.get('statsPeriod') ?? '14d',
    sort: (REPLAY_SORTS as readonly string[]).includes(sort.replace(/^-/, '')) ? sort : '-started_at',
    cursor: search.get('cursor') ?? '',
  };
}

export function writeReplayParams(p: ReplayParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.project) out.set('project', p.project);
  if (p.user) out.set('user', p.user);
  if (p.url) out.set('url', p.url);
  if (p.errorsOnly) out.set('errors', '1');
  if (p.release) out.set('release', p.release);
  if (p.environment) out.set('environment', p.environment);
  if (p.statsPeriod !== '14d') out.set('statsPeriod', p.statsPeriod);
  if (p.sort !== '-started_at') out.set('sort', p.sort);
  if (p.cursor) out.set('cursor', p.cursor);
  return out;
}

/** A search value, quoted when it has spaces or quotes (the API's tokenizer splits on whitespace). */
const quote = (v: string): string => (/[\s"]/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v);

/** The API query string for the list route. */
export function replayApiQuery(p: ReplayParams, perPage: number): string {
  const terms: string[] = [];
  if (p.user) terms.push(`user:${quote(p.user.includes('*') ? p.user : `*${p.user}*`)}`);
  if (p.url) terms.push(`url:${quote(p.url)}`);
  if (p.errorsOnly) terms.push('count_errors:>0');
  if (p.release) terms.push(`release:${quote(p.release)}`);
  const q = new URLSearchParams({ statsPeriod: p.statsPeriod, sort: p.sort, per_page: String(perPage) });
  if (terms.length > 0) q.set('query', terms.join(' '));
  if (p.project) q.set('project', p.project);
  if (p.environment) q.set('environment', p.environment);
  if (p.cursor) q.set('cursor', p.cursor);
  return q.toString();
}
