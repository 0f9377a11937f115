import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../server/passwords.js';
import type { MemberRecord, OrgRole } from '../../storage/types.js';
import { requireCaller, requireOrganization, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { ApiError, badInput, notFound } from '../errors.js';
import { isoDate } from '../format.js';
import { slugify, validSlug } from '../projects/create.js';
import { presentOrganization, presentTeam } from '../projects/presenter.js';

type Body = Record<string, unknown> | null | undefined;
const ROLES = new Set<OrgRole>(['owner', 'manager', 'member']);

function readRole(value: unknown): OrgRole {
  if (typeof value !== 'string' || !ROLES.has(value as OrgRole))
    throw badInput('role must be owner, manager or member');
  return value as OrgRole;
}

function presentMember(m: MemberRecord): Record<string, unknown> {
  return {
    id: String(m.user.id),
    email: m.user.email,
    name: m.user.name || m.user.email,
    role: m.role,
    orgRole: m.role,
    dateCreated: isoDate(m.dateAdded),
    user: { id: String(m.user.id), email: m.user.email, name: m.user.name || m.user.email },
  };
}

/** Creating organizations, and their teams and members. */
export async function memberRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  type P = { org: string; userId: string };

  app.post<{ Body: Body }>('/api/0/organizations/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const name = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 100) : '';
    if (!name) throw badInput('name is required');
    const slug = validSlug(typeof req.body?.slug === 'string' ? req.body.slug : slugify(name));
    if (await ctx.storage.getOrganization(slug))
      throw new ApiError(409, 'An organization with this slug already exists.');
    const org = await ctx.storage.createOrganization({ slug, name });
    await ctx.storage.createTeam({ organizationId: org.id, slug, name });
    await ctx.storage.addMember(org.id, caller.user.id, 'owner');
    return reply.code(201).send(presentOrganization(org));
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/teams/', async (req) => {
    const { org } = await requireOrganization(
      ctx.storage,
      await requireCaller(ctx.storage, req),
      req.params.org,
    );
    return (await ctx.storage.listTeams(org.id)).map(presentTeam);
  });

  app.post<{ Params: P; Body: Body }>('/api/0/organizations/:org/teams/', async (req, reply) => {
    const { org, role } = await requireOrganization(
      ctx.storage,
      await requireCaller(ctx.storage, req),
      req.params.org,
    );
    requireRole(role, 'manager');
    const name = typeof req.body?.name === 'string' ? req.body.name.trim().slice(0, 100) : '';
    if (!name) throw badInput('name is required');
    const slug = validSlug(typeof req.body?.slug === 'string' ? req.body.slug : slugify(name));
    if (await ctx.storage.getTeam(org.id, slug))
      throw new ApiError(409, 'A team with this slug already exists.');
    return reply
      .code(201)
      .send(presentTeam(await ctx.storage.createTeam({ organizationId: org.id, slug, name })));
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/members/', async (req) => {
    const { org } = await requireOrganization(
      ctx.storage,
      await requireCaller(ctx.storage, req),
      req.params.org,
    );
    return (await ctx.storage.listMembers(org.id)).map(presentMember);
  });

  app.post<{ Params: P; Body: Body }>('/api/0/organizations/:org/members/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, role } = await requireOrganization(ctx.storage, caller, req.params.org);
    requireRole(role, 'manager');
    const newRole = readRole(req.body?.role ?? 'member');
    // Only owners make owners, so a manager cannot hand out more than they have.
    if (newRole === 'owner') requireRole(role, 'owner');
    const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw badInput('Enter a valid e-mail address.');
    let user = await ctx.storage.getUserByEmail(email);
    if (!user) {
      const password = req.body?.password;
      if (typeof password !== 'string' || password.length < 8) {
        throw badInput('No user has this e-mail; give a password of at least 8 characters to create one.');
      }
      user = await ctx.storage.createUser({
        email,
        passwordHash: await hashPassword(password),
        isSuperuser: false,
      });
    }
    if (await ctx.storage.getMemberRole(org.id, user.id))
      throw new ApiError(409, 'This user is already a member.');
    await ctx.storage.addMember(org.id, user.id, newRole);
    const member = (await ctx.storage.listMembers(org.id)).find((m) => m.user.id === user.id)!;
    return reply.code(201).send(presentMember(member));
  });

  const findMember = async (orgId: number, userId: string) => {
    const member = (await ctx.storage.listMembers(orgId)).find((m) => String(m.user.id) === userId);
    if (!member) throw notFound('Member not found');
    return member;
  };

  app.put<{ Params: P; Body: Body }>('/api/0/organizations/:org/members/:userId/', async (req) => {
    const { org, role } = await requireOrganization(
      ctx.storage,
      await requireCaller(ctx.storage, req),
      req.params.org,
    );
    requireRole(role, 'manager');
    const member = await findMember(org.id, req.params.userId);
    const newRole = readRole(req.body?.role);
    if (newRole === 'owner' || member.role === 'owner') requireRole(role, 'owner');
    await ctx.storage.addMember(org.id, member.user.id, newRole);
    return presentMember({ ...member, role: newRole });
  });

  app.delete<{ Params: P }>('/api/0/organizations/:org/members/:userId/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, role } = await requireOrganization(ctx.storage, caller, req.params.org);
    const member = await findMember(org.id, req.params.userId);
    // Anyone may leave; removing others takes a manager, removing an owner takes an owner.
    if (member.user.id !== caller.user.id) requireRole(role, member.role === 'owner' ? 'owner' : 'manager');
    const owners = (await ctx.storage.listMembers(org.id)).filter((m) => m.role === 'owner');
    if (member.role === 'owner' && owners.length === 1)
      throw badInput('An organization needs at least one owner.');
    await ctx.storage.removeMember(org.id, member.user.id);
    return reply.code(204).send();
  });
}
