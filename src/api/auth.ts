import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Storage } from '../storage/storage.js';
import type { OrganizationRecord, OrgRole, ProjectRecord, UserRecord } from '../storage/types.js';
import { ApiError, notFound } from './errors.js';

/** Tokens are random, so a plain SHA-256 is enough to keep them out of the database in usable form. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Who is calling, resolved once per request. */
export interface Caller {
  user: UserRecord;
}

/** Resolves `Authorization: Bearer <token>` to its user, or refuses with 401. */
export async function requireCaller(storage: Storage, req: FastifyRequest): Promise<Caller> {
  const header = req.headers.authorization ?? '';
  const match = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new ApiError(401, 'Authentication credentials were not provided.');
  const found = await storage.findApiToken(hashToken(match[1]));
  if (!found) throw new ApiError(401, 'Invalid token');
  return { user: found.user };
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
  const role = await storage.getMemberRole(org.id, caller.user.id);
  if (role) return { org, role };
  if (caller.user.isSuperuser) return { org, role: 'owner' };
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

/** Refuses writes to members without at least `manager` rights. */
export function requireRole(role: OrgRole, needed: OrgRole): void {
  const rank: Record<OrgRole, number> = { member: 0, manager: 1, owner: 2 };
  if (rank[role] < rank[needed])
    throw new ApiError(403, 'You do not have permission to perform this action.');
}
