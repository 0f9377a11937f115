import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IssueStatus, OrganizationRecord, ProjectRecord } from '../../storage/types.js';
import { callerRole, requireCaller, requireOrganization, requireProject, type Caller } from '../auth.js';
import type { ApiContext } from '../context.js';
import { readCursor, readLimit, setLinkHeader } from '../cursor.js';
import { badInput, notFound } from '../errors.js';
import { all, first, parsePeriod } from '../format.js';
import { presentIssue } from './presenter.js';
import { parseIssueQuery } from './query.js';
import { issueStats } from './stats.js';

type Query = Record<string, string | string[] | undefined>;
const SORTS = new Set(['date', 'new', 'freq', 'user']);
const MAX_HITS = 10_000;
const STATUSES = new Set<IssueStatus>(['resolved', 'unresolved', 'ignored']);

/** Lists issues of some projects with Sentry's query, sort, period and cursor parameters. */
async function listIssues(
  ctx: ApiContext,
  req: FastifyRequest,
  reply: FastifyReply,
  org: OrganizationRecord,
  projects: ProjectRecord[],
): Promise<unknown[]> {
  const q = req.query as Query;
  // Sentry: "If not provided an implied is:unresolved is assumed"; an explicit empty query means all.
  const rawQuery = first(q.query) ?? 'is:unresolved';
  const filter = parseIssueQuery(rawQuery);
  for (const env of all(q.environment)) filter.tags.push({ key: 'environment', value: env, negate: false });
  const sort = first(q.sort) ?? 'date';
  if (!SORTS.has(sort)) throw badInput(`Invalid sort: ${sort}`);
  const period = first(q.statsPeriod);
  const periodMs = parsePeriod(period);
  if (period && periodMs === null) throw badInput(`Invalid statsPeriod: ${period}`);
  const start = first(q.start);
  const end = first(q.end);
  const limit = readLimit(first(q.limit) ?? first(q.per_page), 25);
  const offset = readCursor(first(q.cursor));
  const query = {
    ...filter,
    projectIds: projects.map((p) => p.id),
    since: periodMs !== null ? Date.now() - periodMs : start ? Date.parse(start) || undefined : undefined,
    until: end ? Date.parse(end) || undefined : undefined,
    sort: sort as 'date',
    limit: limit + 1,
    offset,
  };
  const rows = await ctx.storage.listIssues(query);
  const page = rows.slice(0, limit);
  // Sentry's total for "N issues" in the stream, capped like its X-Max-Hits.
  reply.header('x-hits', String(await ctx.storage.countIssues(query, MAX_HITS)));
  reply.header('x-max-hits', String(MAX_HITS));
  setLinkHeader(req, reply, offset, limit, rows.length > limit);
  const byId = new Map(projects.map((p) => [p.id, p]));
  const stats = await issueStats(
    ctx.storage,
    page.map((i) => i.id),
    first(q.groupStatsPeriod) === '14d' || period === '14d' ? '14d' : '24h',
  );
  return page.map((issue) =>
    presentIssue(issue, {
      project: byId.get(issue.projectId)!,
      orgSlug: org.slug,
      publicUrl: ctx.publicUrl,
      stats: stats.get(issue.id),
    }),
  );
}

/** Loads an issue and checks the caller may see its organization (optionally a given one). */
export async function requireIssue(ctx: ApiContext, caller: Caller, issueId: string, orgSlug?: string) {
  if (!/^\d{1,15}$/.test(issueId)) throw notFound();
  const issue = await ctx.storage.getIssue(Number(issueId));
  if (!issue) throw notFound();
  const project = await ctx.storage.getProjectById(issue.projectId);
  if (!project) throw notFound();
  const org = await ctx.storage.getOrganization(String(project.organizationId));
  if (!org || (orgSlug !== undefined && org.slug !== orgSlug)) throw notFound();
  // The organization is already loaded: check membership without fetching it again by slug.
  const role = await callerRole(ctx.storage, caller, org);
  return { issue, project, org, role };
}

function readStatus(body: unknown): IssueStatus {
  const status = (body as { status?: unknown } | null)?.status;
  if (status === 'resolvedInNextRelease' || status === 'resolvedInRelease') return 'resolved';
  if (typeof status !== 'string' || !STATUSES.has(status as IssueStatus)) {
    throw badInput('status must be one of resolved, unresolved, ignored');
  }
  return status as IssueStatus;
}

/** Issue routes: lists, detail, status changes and deletion. */
export async function issueRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  type P = { org: string; project: string; id: string };

  app.get<{ Params: P }>('/api/0/projects/:org/:project/issues/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org, project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    return listIssues(ctx, req, reply, org, [project]);
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/issues/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const wanted = all((req.query as Query).project).filter((p) => p !== '-1');
    let projects = await ctx.storage.listProjects(org.id);
    if (wanted.length > 0) projects = projects.filter((p) => wanted.includes(String(p.id)));
    return listIssues(ctx, req, reply, org, projects);
  });

  const getOne = async (req: FastifyRequest<{ Params: P }>) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue, project, org } = await requireIssue(ctx, caller, req.params.id, req.params.org);
    // `?statsPeriod=14d` gives the daily series the detail page's longer chart wants.
    const q = req.query as Query;
    const period = first(q.statsPeriod) ?? first(q.groupStatsPeriod);
    const stats = await issueStats(ctx.storage, [issue.id], period === '14d' ? '14d' : '24h');
    return presentIssue(issue, {
      project,
      orgSlug: org.slug,
      publicUrl: ctx.publicUrl,
      stats: stats.get(issue.id),
    });
  };
  const putOne = async (req: FastifyRequest<{ Params: P }>) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue, project, org } = await requireIssue(ctx, caller, req.params.id, req.params.org);
    const status = readStatus(req.body);
    await ctx.storage.updateIssues([issue.id], {
      status,
      substatus: status === 'ignored' ? 'archived_forever' : null,
    });
    const updated = (await ctx.storage.getIssue(issue.id))!;
    return presentIssue(updated, { project, orgSlug: org.slug, publicUrl: ctx.publicUrl });
  };
  const deleteOne = async (req: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue } = await requireIssue(ctx, caller, req.params.id, req.params.org);
    await ctx.storage.deleteIssues([issue.id]);
    return reply.code(202).send();
  };
  for (const path of ['/api/0/issues/:id/', '/api/0/organizations/:org/issues/:id/']) {
    app.get<{ Params: P }>(path, getOne);
    app.put<{ Params: P }>(path, putOne);
    app.delete<{ Params: P }>(path, deleteOne);
  }

  // Bulk status change and deletion by `?id=1&id=2` (Sentry's bulk mutate routes).
  const bulkIds = async (req: FastifyRequest<{ Params: P }>, projectIds: number[]): Promise<number[]> => {
    const ids = all((req.query as Query).id);
    if (ids.length === 0) throw badInput('Pass the issues to change as ?id=…');
    if (ids.length > 1000) throw badInput('At most 1000 issues at once');
    const found: number[] = [];
    for (const id of ids) {
      if (!/^\d{1,15}$/.test(id)) continue;
      const issue = await ctx.storage.getIssue(Number(id));
      if (issue && projectIds.includes(issue.projectId)) found.push(issue.id);
    }
    return found;
  };
  const bulkPut =
    (scope: 'project' | 'org') => async (req: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
      const caller = await requireCaller(ctx.storage, req);
      const projectIds =
        scope === 'project'
          ? [(await requireProject(ctx.storage, caller, req.params.org, req.params.project)).project.id]
          : (
              await ctx.storage.listProjects(
                (await requireOrganization(ctx.storage, caller, req.params.org)).org.id,
              )
            ).map((p) => p.id);
      const ids = await bulkIds(req, projectIds);
      if (req.method === 'DELETE') {
        await ctx.storage.deleteIssues(ids);
        return reply.code(204).send();
      }
      const status = readStatus(req.body);
      if (ids.length === 0) return reply.code(204).send();
      await ctx.storage.updateIssues(ids, {
        status,
        substatus: status === 'ignored' ? 'archived_forever' : null,
      });
      return { status, statusDetails: {} };
    };
  app.put<{ Params: P }>('/api/0/projects/:org/:project/issues/', bulkPut('project'));
  app.delete<{ Params: P }>('/api/0/projects/:org/:project/issues/', bulkPut('project'));
  app.put<{ Params: P }>('/api/0/organizations/:org/issues/', bulkPut('org'));
  app.delete<{ Params: P }>('/api/0/organizations/:org/issues/', bulkPut('org'));
}
