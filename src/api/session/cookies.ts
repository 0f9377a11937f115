import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../../storage/storage.js';
import type { UserRecord } from '../../storage/types.js';

/** The HttpOnly cookie holding the session secret. */
export const SESSION_COOKIE = 'fl_session';
/** The readable cookie the UI copies into `X-CSRFToken` on writes (double submit). */
export const CSRF_COOKIE = 'fl_csrf';
/** Sessions end two weeks after login, whatever happens in between. */
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;

/** Only a hash of the cookie value is stored, so a database leak does not leak live sessions. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function cookieOptions(req: FastifyRequest, httpOnly: boolean) {
  return {
    path: '/',
    httpOnly,
    sameSite: 'lax' as const,
    // Behind HTTPS (directly or via a trusted proxy's X-Forwarded-Proto) the cookies never travel in clear.
    secure: req.protocol === 'https',
    maxAge: SESSION_TTL_MS / 1000,
  };
}

/** Creates a session for the user and sets both cookies on the reply. */
export async function startSession(
  storage: Storage,
  req: FastifyRequest,
  reply: FastifyReply,
  user: UserRecord,
): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = Date.now();
  await storage.createSession({
    idHash: hashSessionId(id),
    userId: user.id,
    csrfToken,
    createdAt: now,
    expiresAt: now + SESSION_TTL_MS,
  });
  reply.setCookie(SESSION_COOKIE, id, cookieOptions(req, true));
  reply.setCookie(CSRF_COOKIE, csrfToken, cookieOptions(req, false));
}

/** Ends the request's session (if any) and clears the cookies. */
export async function endSession(storage: Storage, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const id = req.cookies[SESSION_COOKIE];
  if (id) await storage.deleteSession(hashSessionId(id));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
