// Editing the issue search string the way the API parses it (`src/api/issues/query.ts`): the filter
// dropdowns only add, replace or remove `key:value` tokens, so the text box always shows the whole truth.

/** Splits on whitespace, keeping `"quoted values"` together (the server's tokenizer). */
export function tokenize(query: string): string[] {
  return [...query.matchAll(/(\S*?"(?:[^"\\]|\\.)*"\S*|\S+)/g)].map((m) => m[0]);
}

function tokenKey(token: string): string | null {
  const m = /^!?([A-Za-z0-9_.:-]+?):/.exec(token);
  return m?.[1] ?? null;
}

/** Quotes a value when it holds whitespace or quotes. */
export function quoteValue(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

/** The value of the first non-negated `key:` token, unquoted; null when there is none. */
export function getToken(query: string, key: string): string | null {
  for (const token of tokenize(query)) {
    if (token.startsWith('!') || tokenKey(token) !== key) continue;
    const raw = token.slice(key.length + 1);
    return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2
      ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
      : raw;
  }
  return null;
}

/** Replaces every `key:` token with `key:value`, or removes them when `value` is null. */
export function setToken(query: string, key: string, value: string | null): string {
  const kept = tokenize(query).filter((t) => tokenKey(t) !== key || t.startsWith('!'));
  if (value !== null && value !== '') kept.unshift(`${key}:${quoteValue(value)}`);
  return kept.join(' ');
}
