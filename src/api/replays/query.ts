/**
 * The replay list's search language, a subset of Sentry's replay search: `user.email:`, `user.id:`,
 * `user.username:`, `user.ip:`, `user:` (any of them), `url:`/`urls:` (a visited URL contains the
 * value, `*` globs), `release:`, `environment:`, numeric `count_errors:>0`, `duration:>30s`,
 * `count_segments:`, `count_urls:`, `!` to negate, free text for a URL or the user.
 */
import type { ReplayQuery, ReplaySort } from '../../storage/replay-types.js';
import { badInput } from '../errors.js';
import { tokenize } from '../issues/query.js';

type Filters = Pick<ReplayQuery, 'urls' | 'users' | 'releases' | 'numbers' | 'text'> & {
  environments: string[];
};

const USER_FIELDS: Record<string, ReplayQuery['users'][number]['field']> = {
  user: 'any',
  'user.id': 'id',
  'user.email': 'email',
  'user.username': 'username',
  'user.ip': 'ip',
  'user.ip_address': 'ip',
};

const NUMBER_FIELDS = new Set(['count_errors', 'duration', 'count_segments', 'count_urls']);

const unquote = (v: string) => (v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v);

/** `30`, `30s`, `5m`, `2h`, `1500ms` → seconds. */
function durationSeconds(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) return null;
  const scale: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  return Number(m[1]) * scale[m[2] ?? 's']!;
}

export function parseReplayQuery(query: string): Filters {
  if (query.length > 2_000) throw badInput('query is too long');
  const f: Filters = { urls: [], users: [], releases: [], numbers: [], text: [], environments: [] };
  for (const token of tokenize(query)) {
    const m = /^(!?)([a-z_.]+):(.+)$/.exec(token);
    if (!m) {
      f.text.push(unquote(token));
      continue;
    }
    const negate = m[1] === '!';
    const key = m[2]!;
    const value = unquote(m[3]!);
    if (key in USER_FIELDS) f.users.push({ field: USER_FIELDS[key]!, value, negate });
    else if (key === 'url' || key === 'urls') f.urls.push({ value, negate });
    else if (key === 'release' || key === 'releases') f.releases.push({ value, negate });
    else if (key === 'environment' && !negate) f.environments.push(value);
    else if (NUMBER_FIELDS.has(key) && !negate) {
      const cmp = /^(>=|<=|>|<|=)?(.+)$/.exec(value)!;
      const n = key === 'duration' ? durationSeconds(cmp[2]!) : Number(cmp[2]);
      if (n === null || !Number.isFinite(n)) throw badInput(`Invalid number in ${token}`);
      f.numbers.push({
        field: key as ReplayQuery['numbers'][number]['field'],
        op: (cmp[1] ?? '=') as '=',
        value: n,
      });
    } else throw badInput(`Unsupported search term: ${token}`);
  }
  return f;
}

const SORTS: ReadonlySet<string> = new Set<ReplaySort>([
  'started_at',
  'finished_at',
  'duration',
  'count_errors',
  'count_segments',
  'count_urls',
]);

/** Sentry's `sort`/`orderBy` (`-started_at` default, newest first). */
export function parseReplaySort(raw: string | undefined): { sort: ReplaySort; descending: boolean } {
  const value = raw ?? '-started_at';
  const descending = value.startsWith('-');
  const name = value.replace(/^-/, '');
  if (!SORTS.has(name)) throw badInput(`Unsupported sort: ${value}`);
  return { sort: name as ReplaySort, descending };
}
