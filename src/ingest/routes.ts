import type { IncomingMessage, ServerResponse } from 'node:http';
import querystring from 'node:querystring';
import type { Logger } from 'pino';
import { extractAuth, parseDsn, type SentryAuth } from '../protocol/auth.js';
import { serializeEnvelope } from '../protocol/envelope.js';
import { badRequest, forbidden, ProtocolError } from '../protocol/errors.js';
import { formatRateLimit } from '../protocol/rate-limits-header.js';
import { checkRecordingSize } from '../protocol/replay-recording.js';
import type { IngestLimits } from '../server/config.js';
import type { GroupCommit } from '../spool/group-commit.js';
import type { NewSpoolEntry } from '../spool/spool.js';
import { acceptEnvelope, acceptStoreBody, type AcceptedBody } from './accept.js';
import { applyKeyQuota, keyQuotaDetail, type KeyQuotaDecision } from './key-quota.js';
import { KeyWindows } from './key-windows.js';
import type { OutcomeCounter } from './outcomes.js';
import type { ProjectKeyCache } from './project-cache.js';
import { MemoryBudget, readBody } from './read-body.js';
import {
  ingestErrorAnswer,
  jsonAnswer,
  OverloadedError,
  PREFLIGHT_HEADERS,
  RateLimitedError,
  sendAnswer,
  type IngestAnswer,
} from './reply.js';

/** What the ingest routes need from the rest of the server. */
export interface IngestDeps {
  keys: ProjectKeyCache;
  spool: GroupCommit<NewSpoolEntry>;
  outcomes: OutcomeCounter;
  limits: IngestLimits;
  /** Take the client IP from `X-Forwarded-For` (its first hop) rather than the socket. */
  trustProxy: boolean;
  log: Logger;
}

type Kind = 'envelope' | 'store';

/** An ingest route a request URL names: `/api/{id}/envelope/`, `/api/{id}/store/` or `/api/store/`. */
export interface IngestRoute {
  kind: Kind;
  /** The raw `{id}` path segment; none on `/api/store/`. */
  projectSegment: string | undefined;
  query: string;
}

// The trailing slash is optional, as on every other route.
const ROUTE = /^\/api\/(?:([^/?]+)\/(envelope|store)|store)\/?(?:\?(.*))?$/s;

/** The ingest route of a request URL, or null when the URL is not one. */
export function matchIngestRoute(url: string): IngestRoute | null {
  const m = ROUTE.exec(url);
  if (m === null) return null;
  return { kind: m[2] === 'envelope' ? 'envelope' : 'store', projectSegment: m[1], query: m[3] ?? '' };
}

/** Leading digits of the path segment, as Relay reads it (`/api/42abc/` → 42). */
function pathProjectId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const digits = /^\d+/.exec(raw)?.[0];
  if (digits === undefined) throw badRequest('invalid_project', `invalid project id "${raw}"`);
  return String(Number(digits));
}

/** The address the request came from; behind a trusted proxy, the first `X-Forwarded-For` hop. */
function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || null;
}

/**
 * The envelope `dsn` header is the only auth some clients send, so when a request has none we must
 * parse the body first. Requests with auth are checked before their body is read.
 */
function authBeforeBody(
  headers: IncomingMessage['headers'],
  query: querystring.ParsedUrlQuery,
  projectId: string | undefined,
): SentryAuth | null {
  try {
    return extractAuth({ headers, query, projectId });
  } catch (err) {
    if (err instanceof ProtocolError && err.reason === 'auth_missing') return null;
    throw err;
  }
}

/**
 * The SDK-facing routes, on Node's request and response rather than through Fastify: this is the
 * hottest path of the server, and the framework's routing, hooks and reply machinery were a third of
 * its CPU per request. Cheap by design: authenticate, limit, parse, spool, answer. Returns a handler
 * that answers the request and returns true when its URL and method are an ingest route's, and
 * otherwise leaves it alone and returns false.
 */
export function ingestHandler(deps: IngestDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const budget = new MemoryBudget(deps.limits.maxInFlightBytes);
  const windows = new KeyWindows();

  const accept = async (req: IncomingMessage, route: IngestRoute): Promise<IngestAnswer> => {
    const { kind } = route;
    let projectId: number | null = null;
    try {
      // Most SDKs authenticate in a header and send no query string.
      const query = route.query === '' ? {} : querystring.parse(route.query);
      const pathId = pathProjectId(route.projectSegment);
      const early = authBeforeBody(req.headers, query, pathId);
      const body = await readBody(req, req.headers['content-encoding'], {
        maxCompressed: deps.limits.maxCompressedBody,
        maxDecompressed: kind === 'store' ? deps.limits.maxStoreEvent : deps.limits.maxEnvelope,
        budget,
      });
      const accepted: AcceptedBody =
        kind === 'store' ? acceptStoreBody(body, deps.limits.maxStoreEvent) : acceptEnvelope(body);
      const envelopeDsn =
        typeof accepted.envelope.headers.dsn === 'string' ? accepted.envelope.headers.dsn : undefined;
      const auth =
        early && envelopeDsn === undefined
          ? early
          : extractAuth({ headers: req.headers, query, envelopeDsn, projectId: pathId });
      const key = await deps.keys.lookup(auth.publicKey);
      if (key === null) throw forbidden('unknown_key', 'unknown or disabled project key');
      projectId = key.projectId;
      const expected = pathId ?? (envelopeDsn ? parseDsn(envelopeDsn).projectId : undefined);
      if (expected !== undefined && Number(expected) !== projectId) {
        throw badRequest('project_mismatch', `the key does not belong to project ${expected}`);
      }
      // After authentication: only a known project's traffic is worth inflating to measure.
      for (const item of accepted.envelope.items) {
        if (item.headers.type === 'replay_recording') await checkRecordingSize(item.payload);
      }
      // Keys without a limit (the usual case) pay only this check: no counter, no allocation.
      let quota: KeyQuotaDecision | null = null;
      let bytes = accepted.bytes;
      if (key.rateLimit !== null) {
        quota = applyKeyQuota(accepted.envelope, key, key.rateLimit, windows, deps.outcomes, Date.now());
        if (quota.kept !== null) {
          if (quota.kept.length === 0) {
            throw new RateLimitedError(quota.notice, keyQuotaDetail(key.rateLimit, quota.notice.retryAfter));
          }
          bytes = serializeEnvelope({ headers: accepted.envelope.headers, items: quota.kept });
        }
      }
      if (accepted.envelope.items.length > 0) {
        await deps.spool
          .add({
            projectId,
            receivedAt: Date.now(),
            meta: {
              clientIp: clientIp(req, deps.trustProxy),
              userAgent: req.headers['user-agent'] ?? null,
              publicKey: auth.publicKey,
            },
            body: bytes,
          })
          .catch((err: unknown) => {
            // Not accepted after all: the events must not use up the key's quota.
            if (quota !== null && quota.counted > 0) windows.refund(key.publicKey, quota.counted);
            throw new OverloadedError(
              `could not spool the envelope: ${err instanceof Error ? err.message : 'error'}`,
            );
          });
      }
      // Items left after a limit took some, or a limit refused earlier in the window: 200, and the
      // header tells the SDK which categories to hold back (Relay's partial acceptance).
      const headers: Record<string, string> = quota?.notice
        ? { 'x-sentry-rate-limits': formatRateLimit(quota.notice) }
        : {};
      return jsonAnswer(200, accepted.eventId ? `{"id":"${accepted.eventId}"}` : '{}', headers);
    } catch (err) {
      // A rate limit counted its outcomes item by item where it applied.
      if (err instanceof RateLimitedError) return ingestErrorAnswer(err);
      const reason = err instanceof ProtocolError ? err.reason : 'internal_error';
      const outcome = err instanceof ProtocolError && err.status === 429 ? 'rate_limited' : 'invalid';
      const category = err instanceof ProtocolError && err.category ? err.category : undefined;
      deps.outcomes.add(projectId, outcome, category ?? (kind === 'store' ? 'error' : 'envelope'), reason);
      if (!(err instanceof ProtocolError)) deps.log.error({ err }, 'ingest failed');
      return ingestErrorAnswer(err);
    }
  };

  return (req, res) => {
    if (req.method !== 'POST' && req.method !== 'OPTIONS') return false;
    const route = matchIngestRoute(req.url ?? '');
    if (route === null) return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(200, { ...PREFLIGHT_HEADERS, 'content-length': '0' }).end();
      return true;
    }
    accept(req, route)
      .then((answer) => sendAnswer(res, answer))
      .catch((err: unknown) => {
        // Nothing above should throw; if it does, this request fails alone and the process stays up.
        deps.log.error({ err }, 'ingest answer failed');
        res.destroy();
      });
    return true;
  };
}
