/**
 * Raw-URL transaction names → low-cardinality names, as Relay's `normalize_transaction_name` does for
 * names whose source is `url`: `/users/123/orders/550e8400-e29b-41d4-a716-446655440000` becomes
 * `/users/*\/orders/*`, so one endpoint is one row in the performance views.
 *
 * Rules (Relay's `TRANSACTION_NAME_NORMALIZER_REGEX`, ported to a JavaScript regex with the same
 * alternatives in the same order; each match replaces the whole path segment, i.e. the text between
 * slashes or backslashes, that contains):
 * 1. a UUID (`8-4-4-4-12` hex digits),
 * 2. a 40-hex SHA-1 or 3. a 32-hex MD5 (as whole words),
 * 4. a date: ISO 8601 with time (`2024-01-31T10:00:00Z`, with or without seconds, fraction or offset),
 *    C `asctime` (`Mon Jan 2 15:04:05 2006`) or RFC 2822 (`Mon, 02 Jan 2006 15:04:05 -0700`),
 * 5. a hex literal (`0x1F`),
 * 6. two or more consecutive digits (`123`, `abc12`, `2024-01-31`; a single digit as in `v1` or `page2`
 *    is kept).
 * Like Relay, a name that would become just `*` is left unchanged. Faultline additionally drops a
 * leading `scheme://host[:port]` (keeping an HTTP-method prefix such as `GET `) and any `?query` or
 * `#fragment`, which Relay leaves to its clusterer: both carry per-request values.
 */

const SEGMENT = '[^/\\\\]*';
const WS = '[ \\t\\n\\v\\f\\r]';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const ISO_OFFSET = '(?:[+-][0-2][0-9]:[0-5][0-9]|Z)';
const DATE = [
  `[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]+${ISO_OFFSET}`,
  `[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]${ISO_OFFSET}`,
  `[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]${ISO_OFFSET}`,
  `\\b(?:(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat)${WS}+)?${MONTH}${WS}+[0-9]{1,2}${WS}+[0-9]{2}:[0-9]{2}:[0-9]{2}${WS}+[0-9]{4}`,
  `\\b(?:(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat),${WS}+)?(?:0[1-9]|[1-2]?[0-9]|3[01])${WS}+${MONTH}${WS}+` +
    `(?:19[0-9]{2}|[2-9][0-9]{3})${WS}+(?:2[0-3]|[0-1][0-9]):[0-5][0-9](?::(?:60|[0-5][0-9]))?${WS}+` +
    `(?:[-+][0-9]{2}[0-5][0-9]|UT|GMT|[ECMP][SD]T|[A-IK-Z])`,
].join('|');

/** `d`: match indices, so a group's own range is replaced (the `int` match includes its leading slash). */
const NORMALIZER = new RegExp(
  [
    `(?<uuid>${SEGMENT}\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b${SEGMENT})`,
    `(?<sha1>${SEGMENT}\\b[0-9a-fA-F]{40}\\b${SEGMENT})`,
    `(?<md5>${SEGMENT}\\b[0-9a-fA-F]{32}\\b${SEGMENT})`,
    `(?<date>${SEGMENT}(?:${DATE})${SEGMENT})`,
    `(?<hex>${SEGMENT}\\b0[xX][0-9a-fA-F]+\\b${SEGMENT})`,
    `(?:^|[/\\\\])(?<int>(?::?[^%/\\\\]|%[0-9a-fA-F]{2})*[0-9]{2,}${SEGMENT})`,
  ].join('|'),
  'gd',
);

const GROUPS = ['uuid', 'sha1', 'md5', 'date', 'hex', 'int'] as const;

/** Longest name scrubbed (names are capped at 200 characters before this; the bound keeps regex work linear-ish). */
const MAX_INPUT = 2048;

/** Relay's `scrub_identifiers`: replaces identifier-bearing path segments by `*` (see the module comment). */
export function scrubIdentifiers(name: string): string {
  const input = name.length > MAX_INPUT ? name.slice(0, MAX_INPUT) : name;
  const ranges: Array<[number, number]> = [];
  for (const match of input.matchAll(NORMALIZER)) {
    const groups = match.indices?.groups;
    if (!groups) continue;
    for (const group of GROUPS) {
      const range = groups[group];
      if (range) {
        ranges.push(range);
        break;
      }
    }
  }
  if (ranges.length === 0) return name;
  ranges.sort((a, b) => a[1] - b[1]);
  let out = '';
  let last = 0;
  for (const [start, end] of ranges) {
    out += input.slice(last, start) + '*';
    last = end;
  }
  out += input.slice(last);
  return out === '' || out === '*' ? name : out;
}

const SCHEME_HOST = /^((?:[A-Z]{3,10} )?)[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#\s]*/;

/** Drops `scheme://host[:port]`, the query string and the fragment of a URL-ish name. */
export function stripUrlParts(name: string): string {
  let out = name;
  const host = SCHEME_HOST.exec(name);
  if (host) {
    const rest = name.slice(host[0].length);
    out = host[1]! + (rest.startsWith('/') ? rest : `/${rest}`);
  }
  const cut = out.search(/[?#]/);
  return cut >= 0 ? out.slice(0, cut) : out;
}

/** Full normalisation of a URL-source transaction name. */
export function parameterizeUrlName(name: string): string {
  const stripped = stripUrlParts(name).trim();
  return scrubIdentifiers(stripped === '' ? name : stripped);
}

/**
 * SDKs whose transaction names are raw URLs even without a source (Relay's `RAW_URL_SDKS`): for their
 * legacy events a name containing `/` is treated as a URL.
 */
const RAW_URL_SDKS = new Set([
  'sentry.javascript.angular',
  'sentry.javascript.browser',
  'sentry.javascript.ember',
  'sentry.javascript.gatsby',
  'sentry.javascript.react',
  'sentry.javascript.remix',
  'sentry.javascript.vue',
  'sentry.javascript.nextjs',
  'sentry.php.laravel',
  'sentry.php.symfony',
]);

/**
 * Relay's `treat_transaction_as_url`: the source is `url` (or `sanitized`, normalised again), or there is
 * no source, the name contains a slash and the SDK is known to send raw URLs.
 */
export function treatAsUrl(source: string | undefined, name: string, sdkName: string | undefined): boolean {
  if (source === 'url' || source === 'sanitized') return true;
  return source === undefined && name.includes('/') && sdkName !== undefined && RAW_URL_SDKS.has(sdkName);
}

/**
 * The JS SDK v11's low-cardinality placeholder names for page loads and navigations under span
 * streaming (`PAGELOAD_SPAN_NAME_FALLBACK`, `NAVIGATION_SPAN_NAME_FALLBACK` in `@sentry/core`): the SDK
 * still marks them `source: url` and sends the page path as `url.path`.
 */
export const PLACEHOLDER_NAMES: ReadonlySet<string> = new Set(['Pageload', 'Navigation']);

/** Whether a name is one of {@link PLACEHOLDER_NAMES}. */
export function isPlaceholderName(name: string): boolean {
  return PLACEHOLDER_NAMES.has(name);
}

/** HTTP request methods, as a server span may be named by one alone. */
const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

/**
 * `@sentry/node` 11 without a framework router names its `http.server` span by the method alone (`GET`,
 * source `url`) and sends the path as `url.path` (`http.target` in older OpenTelemetry conventions,
 * query included). Such a name would put every endpoint in one row, so the method and the path become
 * the raw-URL name a classic transaction carries (`GET /orders/123`), to be parameterised like one.
 * Returns undefined when the name is more than a method or no path is known.
 */
export function methodAndPathName(name: string, path: string | undefined): string | undefined {
  const method = name.trim().toUpperCase();
  if (!HTTP_METHODS.has(method) || !path) return undefined;
  const trimmed = path.trim();
  if (trimmed === '') return undefined;
  return `${method} ${trimmed.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `/${trimmed}`}`;
}
