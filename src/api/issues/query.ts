import type { IssueQuery, IssueStatus } from '../../storage/types.js';
import { badInput } from '../errors.js';

/** The filter part of {@link IssueQuery}: what a search string can say. */
export type IssueFilter = Pick<IssueQuery, 'status' | 'levels' | 'tags' | 'text'>;

const STATUS_ALIASES: Record<string, IssueStatus> = {
  unresolved: 'unresolved',
  resolved: 'resolved',
  ignored: 'ignored',
  archived: 'ignored',
  muted: 'ignored',
};

/** Splits on whitespace, keeping `"quoted values"` (with `\"` escapes) together. */
export function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const re = /(\S*?"(?:[^"\\]|\\.)*"\S*|\S+)/g;
  for (const match of query.matchAll(re)) tokens.push(match[0]);
  return tokens;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

/**
 * Parses Sentry's issue search language: `is:unresolved`, `level:error`, `environment:prod`,
 * `release:"1.0 beta"`, any `tag:value`, `!tag:value` to negate, and free text for the rest.
 */
export function parseIssueQuery(query: string): IssueFilter {
  if (query.length > 2_000) throw badInput('query is too long');
  const filter: IssueFilter = { tags: [], text: [] };
  for (const token of tokenize(query)) {
    const m = /^(!?)([A-Za-z0-9_.:-]+?):(.+)$/.exec(token);
    if (!m) {
      filter.text.push(unquote(token));
      continue;
    }
    const negate = m[1] === '!';
    const key = m[2] ?? '';
    const value = unquote(m[3] ?? '');
    if (key === 'is') {
      const status = STATUS_ALIASES[value];
      if (!status) throw badInput(`Invalid value for "is" search: ${value}`);
      filter.status = status;
    } else if (key === 'level' && !negate) {
      filter.levels = [...(filter.levels ?? []), ...value.split(',')];
    } else {
      // Sentry spells the user tag `user`, and derived tags are stored under their own keys.
      filter.tags.push({ key: key === 'tags' ? value : key, value, negate });
    }
  }
  return filter;
}
