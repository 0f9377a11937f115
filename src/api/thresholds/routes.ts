import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEFAULT_THRESHOLD } from '../../perf/thresholds.js';
import type { OrganizationRecord, ProjectRecord } from '../../storage/types.js';
import { requireCaller, requireOrganization, requireProject, requireRole } from '../auth.js';
import type { ApiContext } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { all, first } from '../format.js';
import {
  MAX_OVERRIDES_PER_PROJECT,
  readBody,
  readMetric,
  readThresholdMs,
  readTransaction,
  type Body,
} from './input.js';
import { presentOverride, presentProjectThreshold } from './presenter.js';

type Query = Record<string, string | string[] | undefined>;
type P = { org: string; project: string };

/**
 * The one project an override request names: `?project=ID` (repeatable, so Sentry's clients may send
 * it with the body too) or the body's `project`. Exactly one, as Sentry requires; one the caller's
 * organization does not have answers 404.
 */
async function overrideProject(
  ctx: ApiContext,
  org: OrganizationRecord,
  req: FastifyRequest,
  body: Record<string, unknown>,
): Promise<ProjectRecord> {
  let ids = [...new Set(all((req.query as Query).project))];
  if (ids.length === 0 && (typeof body.project === 'string' || typeof body.project === 'number'))
    ids = [String(body.project)];
  if (ids.length !== 1) throw badInput('Only 1 project per transaction threshold.');
  const project = await ctx.storage.getProject(org.id, ids[0]!);
  if (!project) throw notFound('Project not found.');
  return project;
}

/**
 * Transaction thresholds, Sentry's routes: the project's
 * (`/projects/{org}/{project}/transaction-threshold/configure/`) and one transaction's override
 * (`/organizations/{org}/project-transaction-threshold-override/?project=…&transaction=…`). Any member
 * may read them; changing them is a project setting, for owners and managers.
 */
export async function thresholdRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const configure = '/api/0/projects/:org/:project/transaction-threshold/configure/';

  app.get<{ Params: P }>(configure, async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    return presentProjectThreshold(project);
  });

  app.post<{ Params: P; Body: Body }>(configure, async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project, role } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    requireRole(role, 'manager');
    const body = readBody(req.body);
    // Both optional, as in Sentry: what is left out keeps its current (or default) value.
    const current = project.threshold;
    const thresholdMs =
      body.threshold === undefined
        ? (current?.thresholdMs ?? DEFAULT_THRESHOLD.ms)
        : readThresholdMs(body.threshold);
    const metric =
      body.metric === undefined ? (current?.metric ?? DEFAULT_THRESHOLD.metric) : readMetric(body.metric);
    await ctx.storage.setProjectThreshold(project.id, { thresholdMs, metric, editedBy: caller.user.id });
    const updated = (await ctx.storage.getProjectById(project.id)) ?? project;
    return reply.code(current ? 200 : 201).send(presentProjectThreshold(updated));
  });

  app.delete<{ Params: P }>(configure, async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project, role } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    requireRole(role, 'manager');
    await ctx.storage.setProjectThreshold(project.id, null);
    return reply.code(204).send();
  });

  const override = '/api/0/organizations/:org/project-transaction-threshold-override/';

  app.get<{ Params: { org: string } }>(override, async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const project = await overrideProject(ctx, org, req, {});
    const transaction = readTransaction(first((req.query as Query).transaction));
    const [found] = await ctx.storage.listThresholdOverrides([project.id], [transaction]);
    if (!found) throw notFound('This transaction has no threshold of its own.');
    return presentOverride(found);
  });

  app.post<{ Params: { org: string }; Body: Body }>(override, async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, role } = await requireOrganization(ctx.storage, caller, req.params.org);
    const body = readBody(req.body);
    const project = await overrideProject(ctx, org, req, body);
    requireRole(role, 'manager');
    const transaction = readTransaction(body.transaction);
    const thresholdMs = readThresholdMs(body.threshold);
    const metric = readMetric(body.metric);
    const saved = await ctx.storage.saveThresholdOverride(
      project.id,
      transaction,
      { thresholdMs, metric, editedBy: caller.user.id },
      MAX_OVERRIDES_PER_PROJECT,
    );
    if (!saved)
      throw badInput(`At most ${MAX_OVERRIDES_PER_PROJECT} configured transaction thresholds per project.`);
    return reply.code(saved.created ? 201 : 200).send(presentOverride(saved.override));
  });

  app.delete<{ Params: { org: string }; Body: Body }>(override, async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, role } = await requireOrganization(ctx.storage, caller, req.params.org);
    const body = readBody(req.body);
    const project = await overrideProject(ctx, org, req, body);
    requireRole(role, 'manager');
    // Sentry's UI sends the name in the body; the query works too, for clients that send no body.
    const transaction = readTransaction(body.transaction ?? first((req.query as Query).transaction));
    await ctx.storage.deleteThresholdOverride(project.id, transaction);
    return reply.code(204).send();
  });
}
