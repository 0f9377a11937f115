/**
 * Message parameterisation (Sentry's `normalize_message_for_grouping` and `Parameterizer`): keep the
 * first two non-empty lines, then replace variable parts (ids, numbers, dates, addresses, …) with
 * placeholders so "order 1001 failed" and "order 1002 failed" group together.
 *
 * The patterns are Sentry's, transcribed from Python's verbose regex syntax. Python's `\b`, `\d` and
 * `\w` are Unicode-aware, so they are spelled out with Unicode property classes here.
 */

const W = String.raw`[\p{L}\p{N}_]`;
/** Python's Unicode `\b`. */
const B = String.raw`(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
/** Python's Unicode `\d`. */
const D = String.raw`\p{Nd}`;

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const DAYS = 'Sun|Mon|Tue|Wed|Thu|Fri|Sat';
const ZONE = String.raw`(?:UT|GMT|(?:E|C|M|P)(?:ST|DT)|[A-IK-Z])`;
const TLDS =
  'COM|NET|ORG|JP|DE|UK|FR|BR|IT|RU|ES|ME|GOV|PL|CA|AU|CN|CO|IN|NL|EDU|INFO|EU|CH|ID|AT|KR|CZ|MX|BE|TV|SE|TR|TW|AL|UA|IR|VN|CL|SK|LY|CC|TO|NO|FI|US|PT|DK|AR|HU|TK|GR|IL|NEWS|RO|MY|BIZ|IE|ZA|NZ|SG|EE|TH|IO|XYZ|PE|BG|HK|RS|LT|LINK|PH|CLUB|SI|SITE|MOBI|BY|CAT|WIKI|LA|GA|XXX|CF|HR|NG|JOBS|ONLINE|KZ|UG|GQ|AE|IS|LV|PRO|FM|TIPS|MS|SA|APP';
const H = '[0-9a-fA-F]';
const V4_PART = '(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9])';
const V4 = String.raw`(?:${V4_PART}\.){3,3}${V4_PART}`;

/** The placeholders, in Sentry's order (earlier kinds win where several could match). */
const PATTERNS: Array<[string, string]> = [
  ['email', "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*"],
  ['url', String.raw`${B}(?:wss?|https?|ftp)://[^\s/$.?#].[^\s]*`],
  ['hostname', String.raw`${B}(?:[a-zA-Z0-9\-]{1,63}\.)+?(?:(?:${TLDS})|(?:${TLDS.toLowerCase()}))${B}`],
  [
    'ip',
    [
      `(?:${H}{1,4}:){7,7}${H}{1,4}`,
      `(?:${H}{1,4}:){1,7}:`,
      `(?:${H}{1,4}:){1,6}:${H}{1,4}`,
      `(?:${H}{1,4}:){1,5}(?::${H}{1,4}){1,2}`,
      `(?:${H}{1,4}:){1,4}(?::${H}{1,4}){1,3}`,
      `(?:${H}{1,4}:){1,3}(?::${H}{1,4}){1,4}`,
      `(?:${H}{1,4}:){1,2}(?::${H}{1,4}){1,5}`,
      `${H}{1,4}:(?:(?::${H}{1,4}){1,6})`,
      `:(?:(?::${H}{1,4}){1,7}|:)`,
      `fe80:(?::${H}{0,4}){0,4}%[0-9a-zA-Z]{1,}`,
      `::(?:ffff(?::0{1,4}){0,1}:){0,1}${V4}`,
      `(?:${H}{1,4}:){1,4}:${V4}${B}`,
      `${B}${V4}${B}`,
    ].join('|'),
  ],
  ['uuid', `${B}${H}{8}-${H}{4}-${H}{4}-${H}{4}-${H}{12}${B}`],
  ['sha1', `${B}${H}{40}${B}`],
  ['md5', `${B}${H}{32}${B}`],
  [
    'date',
    [
      String.raw`(?:${DAYS}),\s${D}{1,2}\s(?:${MONTHS})\s${D}{2,4}\s${D}{1,2}:${D}{1,2}(?::${D}{1,2})?\s(?:[-\+]${D}{2}[0-5]${D}|${ZONE})`,
      String.raw`(?:(?:${DAYS})\s)?(?:${MONTHS})\s[0-3]${D},\s${D}{2,4}`,
      String.raw`(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday),\s${D}{2}-(?:${MONTHS})-${D}{2}\s${D}{2}:${D}{2}:${D}{2}\s${ZONE}`,
      String.raw`${D}{4}-${D}{2}-${D}{2}T${D}{2}:${D}{2}:${D}{2}(?:\.${D}+)?Z?(?:[+-]?${D}{2}:${D}{2})?`,
      String.raw`${D}{4}-?[01]${D}-?[0-3]${D}\s[0-2]${D}:[0-5]${D}:[0-5]${D}(?:\.${D}+)?`,
      // "Kitchen" time. Python's verbose mode drops the space in `(?: [aApP][Mm])`, so `10:30 PM` only
      // loses `10:30`; kept as Sentry has it.
      String.raw`${D}{1,2}:${D}{2}(?::${D}{2})?(?:[aApP][Mm])?`,
      String.raw`${D}{4}-[01]${D}-[0-3]${D}`,
      String.raw`[0-2]${D}:[0-5]${D}:[0-5]${D}`,
      String.raw`${D}{4}-[01]${D}-[0-3]${D}T[0-2]${D}:[0-5]${D}:[0-5]${D}\.${D}+(?:[+-][0-2]${D}:[0-5]${D}|Z)`,
      String.raw`${D}{4}-[01]${D}-[0-3]${D}T[0-2]${D}:[0-5]${D}:[0-5]${D}(?:[+-][0-2]${D}:[0-5]${D}|Z)`,
      String.raw`${D}{4}-[01]${D}-[0-3]${D}T[0-2]${D}:[0-5]${D}(?:[+-][0-2]${D}:[0-5]${D}|Z)`,
      String.raw`${B}(?:(?:${DAYS})\s+)?(?:${MONTHS})\s+${D}{1,2}\s+${D}{2}:${D}{2}:${D}{2}\s+${D}{4}`,
      String.raw`${B}(?:(?:${DAYS}),\s+)?(?:0[1-9]|[1-2]?${D}|3[01])\s+(?:${MONTHS})\s+(?:19${D}{2}|[2-9]${D}{3})\s+(?:2[0-3]|[0-1]${D}):(?:[0-5]${D})(?::(?:60|[0-5]${D}))?\s+(?:[-\+]${D}{2}[0-5]${D}|${ZONE})`,
      String.raw`datetime.datetime\(.*?\)`,
    ].join('|'),
  ],
  // Sentry's duration pattern binds `\b` to the outer ends only (`\b(\d+ms) | (\d+(\.\d+)?s)\b`).
  ['duration', String.raw`${B}${D}+ms|${D}+(?:\.${D}+)?s${B}`],
  ['hex', `${B}0[xX]${H}+${B}`],
  ['float', String.raw`-${D}+\.${D}+${B}|${B}${D}+\.${D}+${B}`],
  ['int', String.raw`-${D}+${B}|${B}${D}+${B}`],
  // Only the value half of `key='value'` / `key=true`, via a lookbehind on `=`.
  ['quoted_str', String.raw`(?<==)(?:'[^']+'|"[^"]+")`],
  ['bool', String.raw`(?<==)(?:True|true|False|false)`],
];

/**
 * A character each kind cannot match without. Leaving impossible kinds out of the combined expression
 * changes no result but avoids their quadratic scans on long messages (the email pattern alone is
 * O(n²) on 8 KB of text without an `@`).
 */
const NEEDS: Record<string, (text: string) => boolean> = {
  email: (t) => t.includes('@'),
  url: (t) => t.includes('://'),
  hostname: (t) => t.includes('.'),
  ip: (t) => t.includes(':') || t.includes('.'),
  date: (t) => /\p{Nd}/u.test(t) || t.includes('datetime'),
  duration: (t) => /\p{Nd}/u.test(t),
  float: (t) => /\p{Nd}/u.test(t),
  int: (t) => /\p{Nd}/u.test(t),
  quoted_str: (t) => t.includes('='),
  bool: (t) => t.includes('='),
};
const combined = new Map<string, { re: RegExp; keys: string[] }>();

function combinedFor(text: string): { re: RegExp; keys: string[] } {
  const kinds = PATTERNS.filter(([key]) => NEEDS[key]?.(text) ?? true);
  const id = kinds.map(([key]) => key).join(',');
  let entry = combined.get(id);
  if (!entry) {
    entry = {
      re: new RegExp(kinds.map(([key, source]) => `(?<${key}>${source})`).join('|'), 'gu'),
      keys: kinds.map(([key]) => key),
    };
    combined.set(id, entry);
  }
  return entry;
}

/** Python's `str.splitlines()` boundaries (the C0 separators U+001C–U+001E are line breaks there). */
// eslint-disable-next-line no-control-regex -- Python's line-break set includes control characters
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
/** Python's `str.isspace()` set (differs from JS `\s`: no U+FEFF, but U+001C–U+001F and U+0085). */
// eslint-disable-next-line no-control-regex -- Python's whitespace set includes control characters
const PY_BLANK = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Python's `str.splitlines()` (a trailing break yields no empty last line). */
export function splitLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Keeps the first two non-empty lines; appends `...` when anything was cut (Sentry compares to the input). */
export function trimToTwoLines(message: string): string {
  const lines = splitLines(message).filter((line) => !PY_BLANK.test(line));
  const trimmed = lines.slice(0, 2).join('\n');
  return trimmed === message ? trimmed : trimmed + '...';
}

/** Replaces variable parts with `<email>`, `<url>`, `<hostname>`, `<ip>`, `<uuid>`, `<int>`, … */
export function parameterize(text: string): string {
  const { re, keys } = combinedFor(text);
  return text.replace(re, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    for (const key of keys) if (groups[key] !== undefined) return `<${key}>`;
    return '';
  });
}

/**
 * Results for messages seen recently. Production traffic repeats the same few error messages over and
 * over, and the parameterising regex is the dearest step of grouping, so a repeat skips it. Bounded in
 * entries and in message length, so hostile input cannot grow it.
 */
const recent = new Map<string, string>();
const MAX_RECENT = 2048;
const MAX_RECENT_LENGTH = 1024;

/** The full normalisation applied to messages and exception values before they are hashed. */
export function normalizeMessageForGrouping(message: string): string {
  const known = recent.get(message);
  if (known !== undefined) return known;
  const normalized = parameterize(trimToTwoLines(message));
  if (message.length <= MAX_RECENT_LENGTH) {
    if (recent.size >= MAX_RECENT) recent.clear();
    recent.set(message, normalized);
  }
  return normalized;
}
