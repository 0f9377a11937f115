import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  INGEST_CORS_HEADERS,
  OverloadedError,
  PREFLIGHT_HEADERS,
  RateLimitedError,
  sendIngestError,
} from './reply.js';

/** What the ingest routes need from the rest of the server. */
export interface IngestDeps {
  keys: ProjectKeyCache;
  spool: GroupCommit<NewSpoolEntry>;
  outcomes: OutcomeCounter;
  limits: IngestLimits;
}

type Kind = 'envelope' | 'store';
type Params = { projectId?: string };

/** Leading digits of the path segment, as Relay reads it (`/api/42abc/` → 42). */
function pathProjectId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const digits = /^\d+/.exec(raw)?.[0];
  if (digits === undefined) throw badRequest('invalid_project', `invalid project id "${raw}"`);
  return String(Number(digits));
}

/**
 * The envelope `dsn` header is the only auth some clients send, so when a request has none we must
 * parse the body first. Requests with auth are checked before their body is read.
 */
function authBeforeBody(req: FastifyRequest, projectId: string | undefined): SentryAuth | null {
  try {
    return extractAuth({ headers: req.headers, query: req.query as Record<string, string>, projectId });
  } catch (err) {
    if (err instanceof ProtocolError && err.reason === 'auth_missing') return null;
    throw err;
  }
}

/** Registers the SDK-facing routes. Cheap by design: authenticate, limit, parse, spool, answer. */
export async function ingestRoutes(app: FastifyInstance, deps: IngestDeps): Promise<void> {
  // Bodies are read raw from the socket so decompression limits apply as bytes arrive.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));
  const budget = new MemoryBudget(deps.limits.maxInFlightBytes);
  const windows = new KeyWindows();

  const handle = (kind: Kind) => async (req: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    let projectId: number | null = null;
    try {
      const pathId = pathProjectId(req.params.projectId);
      const early = authBeforeBody(req, pathId);
      const body = await readBody(req.raw, req.headers['content-encoding'], {
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
          : extractAuth({
              headers: req.headers,
              query: req.query as Record<string, string>,
              envelopeDsn,
              projectId: pathId,
            });
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
              clientIp: req.ip ?? null,
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
      if (quota?.notice) reply.header('x-sentry-rate-limits', formatRateLimit(quota.notice));
      return reply
        .code(200)
        .headers(INGEST_CORS_HEADERS)
        .type('application/json')
        .send(accepted.eventId ? `{"id":"${accepted.eventId}"}` : '{}');
    } catch (err) {
      // A rate limit counted its outcomes item by item where it applied.
      if (err instanceof RateLimitedError) return sendIngestError(reply, err);
      const reason = err instanceof ProtocolError ? err.reason : 'internal_error';
      const outcome = err instanceof ProtocolError && err.status === 429 ? 'rate_limited' : 'invalid';
      const category = err instanceof ProtocolError && err.category ? err.category : undefined;
      deps.outcomes.add(projectId, outcome, category ?? (kind === 'store' ? 'error' : 'envelope'), reason);
      if (!(err instanceof ProtocolError)) req.log.error({ err }, 'ingest failed');
      return sendIngestError(reply, err);
    }
  };

  const preflight = async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.code(200).headers(PREFLIGHT_HEADERS).send();

  app.post('/api/:projectId/envelope/', handle('envelope'));
  app.post('/api/:projectId/store/', handle('store'));
  app.post('/api/store/', handle('store'));
  app.options('/api/:projectId/envelope/', preflight);
  app.options('/api/:projectId/store/', preflight);
  app.options('/api/store/', preflight);
}
