import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Storage } from '../storage/storage.js';
import type { OrganizationRecord, OrgRole, ProjectRecord, UserRecord } from '../storage/types.js';
import { ApiError, notFound } from './errors.js';
import { hashSessionId, SESSION_COOKIE } from './session/cookies.js';

/** Tokens are random, so a plain SHA-256 is enough to keep them out of the database in usable form. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Who is calling, resolved once per request. */
export interface Caller {
  user: UserRecord;
  via: 'token' | 'session';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves the caller: `Authorization: Bearer <token>` for tools, else the session cookie for the UI.
 * Cookie-authenticated writes must echo the session's CSRF token in `X-CSRFToken`; bearer tokens need
 * no CSRF check because browsers never attach them on their own.
 */
export async function requireCaller(storage: Storage, req: FastifyRequest): Promise<Caller> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new ApiError(401, 'Invalid authorization header.');
    const found = await storage.findApiToken(hashToken(match[1]));
    if (!found) throw new ApiError(401, 'Invalid token');
    return { user: found.user, via: 'token' };
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (!cookie) throw new ApiError(401, 'Authentication credentials were not provided.');
  const found = await storage.findSession(hashSessionId(cookie), Date.now());
  if (!found) throw new ApiError(401, 'Your session has expired. Log in again.');
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrftoken'];
    if (typeof sent !== 'string' || !sameSecret(sent, found.session.csrfToken)) {
      throw new ApiError(403, 'CSRF token missing or incorrect.');
    }
  }
  return { user: found.user, via: 'session' };
}

/** Refuses callers who are not superusers. */
export function requireSuperuser(caller: Caller): void {
  if (!caller.user.isSuperuser) throw new ApiError(403, 'You do not have permission to perform this action.');
}

/**
 * The organization named in the URL, if the caller may see it. Another organization's resources answer
 * 404, not 403, so their existence is not revealed.
 */
export async function requireOrganization(
  storage: Storage,
  caller: Caller,
  slug: string,
): Promise<{ org: OrganizationRecord; role: OrgRole }> {
  const org = await storage.getOrganization(slug);
  if (!org) throw notFound();
  return { org, role: await callerRole(storage, caller, org) };
}

/** The caller's role in an organization already loaded; 404 when they are not a member. */
export async function callerRole(
  storage: Storage,
  caller: Caller,
  org: OrganizationRecord,
): Promise<OrgRole> {
  const role = await storage.getMemberRole(org.id, caller.user.id);
  if (role) return role;
  if (caller.user.isSuperuser) return 'owner';
  throw notFound();
}

/** The project named in the URL, within an organization the caller may see. */
export async function requireProject(
  storage: Storage,
  caller: Caller,
  orgSlug: string,
  projectSlug: string,
): Promise<{ org: OrganizationRecord; project: ProjectRecord; role: OrgRole }> {
  const { org, role } = await requireOrganization(storage, caller, orgSlug);
  const project = await storage.getProject(org.id, projectSlug);
  if (!project) throw notFound();
  return { org, project, role };
}

/** Refuses members whose role is below `needed`. */
export function requireRole(role: OrgRole, needed: OrgRole): void {
  const rank: Record<OrgRole, number> = { member: 0, manager: 1, owner: 2 };
  if (rank[role] < rank[needed])
    throw new ApiError(403, 'You do not have permission to perform this action.');
}
