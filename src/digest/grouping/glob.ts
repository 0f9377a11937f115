/**
 * Sentry's glob dialect for stack trace rules (`sentry.utils.glob`). Path-like fields use "doublestar"
 * mode, where `*` stops at `/` and `**` crosses it; other fields use plain mode, where `*` matches anything.
 */

const cache = new Map<string, RegExp>();

/** Compiles a glob to an anchored regular expression (memoised: the rule set is fixed). */
export function globToRegExp(pattern: string, doublestar: boolean): RegExp {
  const key = `${doublestar ? 'd' : 'p'}:${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      out += escape(pattern[++i]!);
    } else if (c === '*') {
      if (doublestar && pattern[i + 1] === '*') {
        out += '.*';
        i++;
      } else {
        out += doublestar ? '[^/]*' : '.*';
      }
    } else if (c === '?') {
      out += doublestar ? '[^/]' : '.';
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
      } else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else {
      out += escape(c);
    }
  }
  const re = new RegExp(`^${out}$`, 's');
  cache.set(key, re);
  return re;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const chunkCache = new Map<string, string[]>();

/** The literal runs of a pattern; a matching value must contain every one of them. */
function literalChunks(pattern: string): string[] {
  let chunks = chunkCache.get(pattern);
  if (!chunks) {
    chunks =
      pattern.includes('\\') || pattern.includes('[') ? [] : pattern.split(/[*?]+/).filter((c) => c !== '');
    chunkCache.set(pattern, chunks);
  }
  return chunks;
}

/**
 * Matches a value against a glob. The rule set runs on every frame of every event, so a cheap
 * "contains every literal part" test rejects most pairs before the regular expression runs.
 */
export function globMatch(value: string, pattern: string, doublestar: boolean): boolean {
  for (const chunk of literalChunks(pattern)) if (!value.includes(chunk)) return false;
  return globToRegExp(pattern, doublestar).test(value);
}
