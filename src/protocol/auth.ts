/**
 * DSNs and ingest authentication (ingest.md §1). A request names its project key in exactly one of:
 * `X-Sentry-Auth`, `Authorization: Sentry …` / `Basic …`, the query string (JS SDKs, to avoid CORS
 * preflights), a path segment (cron and Unreal routes) or, for `/envelope/`, the envelope's `dsn` header.
 */
import { badRequest, unauthorized } from './errors.js';

/** Who is sending: the project public key, protocol version and SDK identifier. */
export interface SentryAuth {
  publicKey: string;
  version: number;
  client: string | null;
}

/** What {@link extractAuth} reads from a request. Header names are matched case-insensitively. */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
  /** Key taken from the route path (`/cron/{slug}/{key}`, `/unreal/{key}/`). */
  pathKey?: string | undefined;
  /** The envelope header `dsn`, when the body is an envelope that carries one. */
  envelopeDsn?: string | undefined;
  /** Project id from the URL; when given, an envelope `dsn` must name the same project. */
  projectId?: string | undefined;
}

/** The parts of a DSN `{scheme}://{public_key}[:{secret}]@{host}[:{port}]{path}/{project_id}`. */
export interface Dsn {
  publicKey: string;
  projectId: string;
  host: string;
  /** Path prefix before the project id, `''` or e.g. `/sentry` (no trailing slash). */
  path: string;
  scheme: string;
}

/** Highest `sentry_version` this server speaks; newer clients get a 400. */
const MAX_PROTOCOL_VERSION = 7;
const DEFAULT_PROTOCOL_VERSION = 7;
const KEY_SHAPE = /^[0-9a-zA-Z]{1,64}$/;

interface Candidate {
  from: string;
  key: string | undefined;
  version: string | undefined;
  client: string | undefined;
}

function header(headers: AuthRequest['headers'], name: string): string[] {
  let value = headers[name];
  if (value === undefined) {
    const match = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = match === undefined ? undefined : headers[match];
  }
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Parses `sentry_key=…, sentry_version=7, …` (after the optional `Sentry ` prefix). */
function fromSentryPairs(value: string, from: string): Candidate {
  const pairs = new Map<string, string>();
  for (const part of value.replace(/^sentry(?:\s+|$)/i, '').split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    pairs.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return {
    from,
    key: pairs.get('sentry_key'),
    version: pairs.get('sentry_version'),
    client: pairs.get('sentry_client'),
  };
}

/** Every auth payload the request carries (more than one is an error). */
function candidates(req: AuthRequest): Candidate[] {
  const found: Candidate[] = [];
  for (const value of header(req.headers, 'x-sentry-auth'))
    found.push(fromSentryPairs(value, 'X-Sentry-Auth'));
  for (const value of header(req.headers, 'authorization')) {
    if (/^sentry(?:\s|$)/i.test(value)) {
      found.push(fromSentryPairs(value, 'Authorization'));
    } else if (/^basic(?:\s|$)/i.test(value)) {
      // Basic base64(public_key:anything) — the password part is the deprecated secret, ignored.
      const decoded = Buffer.from(value.replace(/^basic\s*/i, ''), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const key = (colon === -1 ? decoded : decoded.slice(0, colon)).trim();
      found.push({ from: 'Authorization', key, version: undefined, client: undefined });
    }
    // Other schemes (e.g. `Bearer` API tokens) are not ingest auth; ignore them here.
  }
  const queryKey = first(req.query.sentry_key);
  if (queryKey !== undefined) {
    const version = first(req.query.sentry_version);
    found.push({ from: 'query', key: queryKey, version, client: first(req.query.sentry_client) });
  }
  if (req.pathKey !== undefined && req.pathKey !== '') {
    found.push({ from: 'path', key: req.pathKey, version: undefined, client: undefined });
  }
  return found;
}

function parseVersion(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PROTOCOL_VERSION;
  // Only the part before a `.` counts ("7.0" is 7), as in Relay.
  const major = raw.trim().split('.')[0] ?? '';
  if (!/^\d+$/.test(major))
    throw unauthorized('invalid_auth', `invalid sentry_version ${JSON.stringify(raw)}`);
  const version = Number(major);
  if (version > MAX_PROTOCOL_VERSION) {
    throw badRequest(
      'unsupported_protocol_version',
      `sentry_version ${version} is not supported (highest is ${MAX_PROTOCOL_VERSION})`,
    );
  }
  return version;
}

/**
 * Extracts the ingest auth of a request. For `/envelope/`, parse the envelope first and pass its
 * `dsn` header as `envelopeDsn`: it is the only auth some clients send, and when the request carries
 * auth too, the two keys (and projects) must agree.
 *
 * Errors: none → 401 `missing authorization information`; several → 401 `multiple authorization
 * payloads detected`; no or malformed key → 401; `sentry_version` above 7 → 400; envelope DSN
 * mismatch or garbage → 400.
 */
export function extractAuth(req: AuthRequest): SentryAuth {
  const found = candidates(req);
  if (found.length > 1) {
    const sources = found.map((c) => c.from).join(', ');
    throw unauthorized('auth_multiple', `multiple authorization payloads detected (${sources})`);
  }
  const dsn = req.envelopeDsn === undefined ? null : parseDsn(req.envelopeDsn);
  const chosen: Candidate | undefined =
    found[0] ??
    (dsn === null
      ? undefined
      : { from: 'envelope dsn', key: dsn.publicKey, version: undefined, client: undefined });
  if (chosen === undefined) throw unauthorized('auth_missing', 'missing authorization information');

  const key = chosen.key?.trim() ?? '';
  if (key === '')
    throw unauthorized('auth_missing_key', `missing sentry_key in ${chosen.from} authorization`);
  if (!KEY_SHAPE.test(key)) {
    throw unauthorized('invalid_auth', `sentry_key in ${chosen.from} is not a valid public key`);
  }
  const version = parseVersion(chosen.version);

  if (dsn !== null) {
    if (dsn.publicKey !== key) {
      throw badRequest('dsn_mismatch', 'the envelope dsn names a different public key than the request');
    }
    if (req.projectId !== undefined && dsn.projectId !== req.projectId) {
      throw badRequest(
        'dsn_mismatch',
        `the envelope dsn names project ${dsn.projectId}, not ${req.projectId}`,
      );
    }
  }
  // Old SDKs omit sentry_client; the User-Agent identifies them well enough.
  const client = chosen.client?.trim() || header(req.headers, 'user-agent')[0] || null;
  return { publicKey: key, version, client };
}

/** Parses a DSN. Throws 400 `invalid_dsn` unless it is an http(s) URL with a public key and project id. */
export function parseDsn(dsn: string): Dsn {
  const fail = (why: string) => badRequest('invalid_dsn', `invalid DSN ${JSON.stringify(dsn)}: ${why}`);
  let url: URL;
  try {
    url = new URL(dsn.trim());
  } catch {
    throw fail('not a URL');
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') throw fail('scheme must be http or https');
  let publicKey: string;
  try {
    publicKey = decodeURIComponent(url.username);
  } catch {
    throw fail('bad public key encoding');
  }
  if (publicKey === '') throw fail('no public key');
  const pathname = url.pathname.replace(/\/+$/, '');
  const slash = pathname.lastIndexOf('/');
  // The project id is the leading digits of the last path segment.
  const projectId = /^\d+/.exec(pathname.slice(slash + 1))?.[0];
  if (projectId === undefined) throw fail('no project id');
  return { publicKey, projectId, host: url.host, path: pathname.slice(0, Math.max(slash, 0)), scheme };
}

/** Formats a DSN for display to users and SDK configuration. */
export function buildDsn(opts: {
  scheme: string;
  host: string;
  publicKey: string;
  projectId: string;
  path?: string | undefined;
}): string {
  let path = (opts.path ?? '').replace(/\/+$/, '');
  if (path !== '' && !path.startsWith('/')) path = `/${path}`;
  return `${opts.scheme}://${opts.publicKey}@${opts.host}${path}/${opts.projectId}`;
}
