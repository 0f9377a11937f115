import type { FastifyInstance } from 'fastify';
import { normalizeEventId } from '../../protocol/envelope.js';
import { requireCaller, requireProject } from '../auth.js';
import type { ApiContext } from '../context.js';
import { readCursor, readLimit, setLinkHeader } from '../cursor.js';
import { notFound } from '../errors.js';
import { first } from '../format.js';
import { requireIssue } from '../issues/routes.js';
import { presentTransactionEvent } from './transaction-presenter.js';
import { presentAttachment, presentEvent, presentEventSummary, presentTagValue } from './presenter.js';

type Query = Record<string, string | string[] | undefined>;

/** Event reads, and the per-issue tag and hash routes. */
export async function eventRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  type P = { org: string; project: string; id: string; eventId: string; key: string };

  app.get<{ Params: P }>('/api/0/issues/:id/events/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue } = await requireIssue(ctx, caller, req.params.id);
    const q = req.query as Query;
    const limit = readLimit(first(q.limit) ?? first(q.per_page), 50);
    const offset = readCursor(first(q.cursor));
    const events = await ctx.storage.listIssueEvents(issue.id, limit + 1, offset);
    setLinkHeader(req, reply, offset, limit, events.length > limit);
    const full = first(q.full) === 'true' || first(q.full) === '1';
    return events.slice(0, limit).map((e) => (full ? presentEvent(e, issue) : presentEventSummary(e)));
  });

  app.get<{ Params: P }>('/api/0/issues/:id/events/:eventId/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue } = await requireIssue(ctx, caller, req.params.id);
    const which = req.params.eventId;
    let event;
    if (which === 'latest' || which === 'oldest') {
      event = await ctx.storage.getIssueEvent(issue.id, which);
    } else {
      const id = normalizeEventId(which);
      event = id ? await ctx.storage.getEvent(issue.projectId, id) : null;
      if (event && event.issueId !== issue.id) event = null;
    }
    if (!event) throw notFound('Event not found');
    const adjacent = await ctx.storage.getAdjacentEventIds(issue.id, event);
    const hashes = (await ctx.storage.listIssueHashes(issue.id)).map((h) => h.hash);
    return presentEvent(event, issue, { ...adjacent, hashes });
  });

  app.get<{ Params: P }>('/api/0/projects/:org/:project/events/:eventId/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    const id = normalizeEventId(req.params.eventId);
    const event = id ? await ctx.storage.getEvent(project.id, id) : null;
    if (!event) {
      // Not an error: perhaps a transaction, which Sentry serves through the same route.
      const tx = id ? await ctx.storage.getTransaction(project.id, id) : null;
      if (!tx) throw notFound('Event not found');
      return presentTransactionEvent(tx, await ctx.storage.listTransactionSpans(project.id, tx.eventId));
    }
    const issue = await ctx.storage.getIssue(event.issueId);
    const adjacent = await ctx.storage.getAdjacentEventIds(event.issueId, event);
    return presentEvent(event, issue, adjacent);
  });

  // Attachments: metadata, and the bytes always as a download (never rendered: they are attacker-controlled).
  app.get<{ Params: P }>('/api/0/projects/:org/:project/events/:eventId/attachments/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
    const id = normalizeEventId(req.params.eventId);
    if (!id) throw notFound('Event not found');
    return (await ctx.storage.listEventAttachments(project.id, id)).map(presentAttachment);
  });

  app.get<{ Params: P & { attachmentId: string } }>(
    '/api/0/projects/:org/:project/events/:eventId/attachments/:attachmentId/',
    async (req, reply) => {
      const caller = await requireCaller(ctx.storage, req);
      const { project } = await requireProject(ctx.storage, caller, req.params.org, req.params.project);
      const id = normalizeEventId(req.params.eventId);
      const found = id
        ? (await ctx.storage.listEventAttachments(project.id, id)).find(
            (a) => String(a.id) === req.params.attachmentId,
          )
        : undefined;
      if (!found) throw notFound('Attachment not found');
      if (!('download' in (req.query as object))) return presentAttachment(found);
      const bytes = await ctx.blobs.get(found.blobKey);
      if (!bytes) throw notFound('Attachment data is gone');
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${found.name.replace(/[^\w.-]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );

  app.get<{ Params: P }>('/api/0/issues/:id/tags/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue } = await requireIssue(ctx, caller, req.params.id);
    const tags = await ctx.storage.listIssueTags(issue.id, 9);
    return tags.map((t) => ({
      key: t.key,
      name: t.key,
      totalValues: t.totalValues,
      uniqueValues: t.uniqueValues,
      topValues: t.topValues.map(presentTagValue),
    }));
  });

  app.get<{ Params: P }>('/api/0/issues/:id/tags/:key/values/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue } = await requireIssue(ctx, caller, req.params.id);
    const values = await ctx.storage.listIssueTagValues(issue.id, req.params.key, 100);
    return values.map(presentTagValue);
  });

  app.get<{ Params: P }>('/api/0/issues/:id/hashes/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { issue } = await requireIssue(ctx, caller, req.params.id);
    const latest = await ctx.storage.getIssueEvent(issue.id, 'latest');
    return (await ctx.storage.listIssueHashes(issue.id)).map((h) => ({
      id: h.hash,
      config: h.config,
      latestEvent: latest ? presentEventSummary(latest) : null,
    }));
  });
}
