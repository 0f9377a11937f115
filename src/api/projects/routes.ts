import type { FastifyInstance } from 'fastify';
import { requireCaller, requireOrganization, requireProject, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { ApiError, badInput, notFound } from '../errors.js';
import { createProjectWithKey, validSlug } from './create.js';
import { readApdexOption, thresholdFromOption } from '../thresholds/apdex-option.js';
import { readKeyPatch } from './key-input.js';
import { APDEX_OPTION, presentKey, presentProject } from './presenter.js';

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

  app.put<{ Params: P; Body: Body }>('/api/0/projects/:org/:project/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, project, role } = await requireProject(
      ctx.storage,
      caller,
      req.params.org,
      req.params.project,
    );
    requireRole(role, 'manager');
    const body = req.body ?? {};
    const patch: Parameters<typeof ctx.storage.updateProject>[1] = {};
    if (typeof body.name === 'string' && body.name.trim()) patch.name = body.name.trim().slice(0, 100);
    if (typeof body.platform === 'string' || body.platform === null)
      patch.platform = body.platform?.slice(0, 64) || null;
    if (typeof body.slug === 'string' && body.slug !== project.slug) {
      patch.slug = validSlug(body.slug);
      if (await ctx.storage.getProject(org.id, patch.slug))
        throw new ApiError(409, 'A project with this slug already exists.');
    }
    const options = body.options;
    let threshold: ReturnType<typeof thresholdFromOption> = 'unchanged';
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null || Array.isArray(options))
        throw badInput('options must be an object.');
      const opts = options as Record<string, unknown>;
      // The option edits the same threshold as `transaction-threshold/configure/` (its ms only).
      if (APDEX_OPTION in opts)
        threshold = thresholdFromOption(
          project.threshold,
          readApdexOption(opts[APDEX_OPTION]),
          caller.user.id,
        );
    }
    await ctx.storage.updateProject(project.id, patch);
    if (threshold !== 'unchanged') await ctx.storage.setProjectThreshold(project.id, threshold);
    const updated = (await ctx.storage.getProjectById(project.id))!;
    const teams = await ctx.storage.listTeams(org.id);
    return presentProject(updated, org, teams.find((t) => t.id === updated.teamId) ?? null);
  });

  app.delete<{ Params: P }>('/api/0/projects/:org/:project/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project, role } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    requireRole(role, 'manager');
    await ctx.storage.deleteProject(project.id);
    return reply.code(204).send();
  });

  app.get<{ Params: P }>('/api/0/projects/:org/:project/keys/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    return (await ctx.storage.listProjectKeys(project.id)).map((k) => presentKey(k, ctx.publicUrl));
  });

  app.get<{ Params: P & { key: string } }>('/api/0/projects/:org/:project/keys/:key/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    const key = (await ctx.storage.listProjectKeys(project.id)).find((k) => k.publicKey === req.params.key);
    if (!key) throw notFound('Key not found');
    return presentKey(key, ctx.publicUrl);
  });

  // Sentry's "Update a Client Key": name, isActive and rateLimit ({count, window} or null).
  app.put<{ Params: P & { key: string }; Body: Body }>(
    '/api/0/projects/:org/:project/keys/:key/',
    async (req) => {
      const caller = await requireCaller(ctx.storage, req);
      const { project, role } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
      requireRole(role, 'manager');
      const body = req.body ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw badInput('Expected a JSON object.');
      const patch = readKeyPatch(body);
      if (!(await ctx.storage.updateProjectKey(project.id, req.params.key, patch)))
        throw notFound('Key not found');
      await ctx.onKeysChanged?.();
      const key = (await ctx.storage.listProjectKeys(project.id)).find(
        (k) => k.publicKey === req.params.key,
      )!;
      return presentKey(key, ctx.publicUrl);
    },
  );

  app.delete<{ Params: P & { key: string } }>(
    '/api/0/projects/:org/:project/keys/:key/',
    async (req, reply) => {
      const caller = await requireCaller(ctx.storage, req);
      const { project, role } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
      requireRole(role, 'manager');
      if (!(await ctx.storage.deleteProjectKey(project.id, req.params.key))) throw notFound('Key not found');
      await ctx.onKeysChanged?.();
      return reply.code(204).send();
    },
  );

  app.post<{ Params: P; Body: Body }>('/api/0/projects/:org/:project/keys/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project, role } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    requireRole(role, 'manager');
    const name = (str(req.body?.name) ?? 'Default').slice(0, 64) || 'Default';
    const key = await ctx.storage.createProjectKey(project.id, name);
    return reply.code(201).send(presentKey(key, ctx.publicUrl));
  });
}
