import type { FastifyInstance } from 'fastify';
import { requireCaller, requireOrganization, requireProject, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { createProjectWithKey } from './create.js';
import { presentKey, presentProject } from './presenter.js';

type Body = Record<string, unknown> | null | undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Project routes: detail, creation under a team, and client keys. */
export async function projectRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  type P = { org: string; project: string; team: string };

  app.get<{ Params: P }>('/api/0/projects/:org/:project/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    const teams = await ctx.storage.listTeams(org.id);
    return presentProject(project, org, teams.find((t) => t.id === project.teamId) ?? null);
  });

  app.post<{ Params: P; Body: Body }>('/api/0/teams/:org/:team/projects/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, role } = await requireOrganization(ctx.storage, caller, req.params.org);
    requireRole(role, 'manager');
    const team = await ctx.storage.getTeam(org.id, req.params.team);
    if (!team) throw notFound('Team not found');
    const body = req.body ?? {};
    const { project } = await createProjectWithKey(ctx.storage, org, {
      name: str(body.name) ?? '',
      slug: str(body.slug),
      platform: str(body.platform),
      teamId: team.id,
    });
    return reply.code(201).send(presentProject(project, org, team));
  });

  app.get<{ Params: P }>('/api/0/projects/:org/:project/keys/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    return (await ctx.storage.listProjectKeys(project.id)).map((k) => presentKey(k, ctx.publicUrl));
  });

  app.post<{ Params: P; Body: Body }>('/api/0/projects/:org/:project/keys/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project, role } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    requireRole(role, 'manager');
    const name = (str(req.body?.name) ?? 'Default').slice(0, 64) || 'Default';
    const key = await ctx.storage.createProjectKey(project.id, name);
    return reply.code(201).send(presentKey(key, ctx.publicUrl));
  });
}
