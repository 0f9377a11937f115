import type { FastifyInstance } from 'fastify';
import { requireCaller, requireOrganization } from '../auth.js';
import type { ApiContext } from '../context.js';
import { presentOrganization, presentProject } from '../projects/presenter.js';

/** Organization routes: the caller's organizations and each one's projects. */
export async function organizationRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  type P = { org: string };

  app.get('/api/0/organizations/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    return (await ctx.storage.listOrganizationsForUser(caller.user)).map(presentOrganization);
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    return presentOrganization(org);
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/environments/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const projectIds = (await ctx.storage.listProjects(org.id)).map((p) => p.id);
    return (await ctx.storage.listEnvironments(projectIds)).map((name, i) => ({ id: String(i + 1), name }));
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/projects/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const teams = new Map((await ctx.storage.listTeams(org.id)).map((t) => [t.id, t]));
    return (await ctx.storage.listProjects(org.id)).map((p) =>
      presentProject(p, org, p.teamId === null ? null : (teams.get(p.teamId) ?? null)),
    );
  });
}
