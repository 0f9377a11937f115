import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeEventId } from '../../protocol/envelope.js';
import type { ReplayRecord, ReplaySegmentRecord } from '../../storage/replay-types.js';
import type { OrgRole, ProjectRecord } from '../../storage/types.js';
import { requireCaller, requireOrganization, requireProject, requireRole, type Caller } from '../auth.js';
import type { ApiContext } from '../context.js';
import { readCursor, readLimit, setLinkHeader } from '../cursor.js';
import { readWindow } from '../discover/filter.js';
import { notFound } from '../errors.js';
import { all, first, isoDate } from '../format.js';
import { shortId } from '../issues/short-id.js';
import { presentReplay } from './presenter.js';
import { parseReplayQuery, parseReplaySort } from './query.js';

type Query = Record<string, string | string[] | undefined>;
type P = { org: string; project: string; replayId: string; segmentId: string };

/** Sentry's replay list looks back 14 days unless told otherwise. */
const DEFAULT_PERIOD_MS = 14 * 86_400_000;

/** Errors listed per replay at most (the SDK reports at most a hundred per segment). */
const MAX_ERRORS = 100;

/** The projects of a request's `project=` parameters (default: every project the caller may see). */
function chosenProjects(q: Query, projects: ProjectRecord[]): ProjectRecord[] {
  const wanted = all(q.project).filter((p) => p !== '-1');
  return wanted.length === 0 ? projects : projects.filter((p) => wanted.includes(String(p.id)));
}

/**
 * A stored segment's events as JSON text (the blob is zlib-compressed rrweb JSON). The digest checks
 * only the shape of most recordings, so the JSON is checked here: a segment that is not an array of
 * events, or whose blob retention already removed, reads as an empty segment rather than breaking
 * the whole recording.
 */
async function segmentJson(ctx: ApiContext, segment: ReplaySegmentRecord): Promise<Buffer> {
  const blob = await ctx.blobs.get(segment.blobKey);
  if (!blob) return EMPTY_SEGMENT;
  try {
    const text = zlib.inflateSync(blob);
    return Array.isArray(JSON.parse(text.toString('utf8'))) ? text : EMPTY_SEGMENT;
  } catch {
    return EMPTY_SEGMENT;
  }
}

const EMPTY_SEGMENT = Buffer.from('[]');

/** `[seg0, seg1, …]` streamed segment by segment, so a long replay is never held in memory whole. */
function downloadStream(ctx: ApiContext, segments: ReplaySegmentRecord[]): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from('[');
      for (const [i, s] of segments.entries()) {
        if (i > 0) yield Buffer.from(',');
        yield await segmentJson(ctx, s);
      }
      yield Buffer.from(']');
    })(),
  );
}

/** Session replay: the list, one replay, its recording, its errors, and deletion. */
export async function replayRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  /** The replay named in the URL within the organization, or 404. */
  const findReplay = async (
    caller: Caller,
    orgSlug: string,
    rawId: string,
    projectSlug?: string,
  ): Promise<{ replay: ReplayRecord; projects: ProjectRecord[]; role: OrgRole }> => {
    const replayId = normalizeEventId(rawId);
    if (!replayId) throw notFound('Replay not found');
    if (projectSlug !== undefined) {
      const { project, role } = await requireProject(ctx.storage, caller, orgSlug, projectSlug);
      const replay = await ctx.storage.getReplay([project.id], replayId);
      if (!replay) throw notFound('Replay not found');
      return { replay, projects: [project], role };
    }
    const { org, role } = await requireOrganization(ctx.storage, caller, orgSlug);
    const projects = await ctx.storage.listProjects(org.id);
    const replay = await ctx.storage.getReplay(
      projects.map((p) => p.id),
      replayId,
    );
    if (!replay) throw notFound('Replay not found');
    return { replay, projects, role };
  };

  const findSegment = async (replay: ReplayRecord, segmentId: string) =>
    (await ctx.storage.listReplaySegments(replay.projectId, replay.replayId)).find(
      (s) => String(s.segmentId) === segmentId,
    );

  app.get<{ Params: P }>('/api/0/organizations/:org/replays/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const q = req.query as Query;
    const projects = chosenProjects(q, await ctx.storage.listProjects(org.id));
    const filters = parseReplayQuery(first(q.query) ?? '');
    const window = first(q.statsPeriod) || (first(q.start) && first(q.end)) ? readWindow(q) : undefined;
    const now = Date.now();
    const limit = readLimit(first(q.per_page) ?? first(q.limit), 50);
    const offset = readCursor(first(q.cursor));
    const rows = await ctx.storage.listReplays({
      ...filters,
      projectIds: projects.map((p) => p.id),
      since: window?.since ?? now - DEFAULT_PERIOD_MS,
      until: window?.until ?? now,
      environments: [...filters.environments, ...all(q.environment)],
      ...parseReplaySort(first(q.sort) ?? first(q.orderBy)),
      limit: limit + 1,
      offset,
    });
    setLinkHeader(req, reply, offset, limit, rows.length > limit);
    return { data: rows.slice(0, limit).map(presentReplay) };
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/replays/:replayId/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { replay } = await findReplay(caller, req.params.org, req.params.replayId);
    return { data: presentReplay(replay) };
  });

  // Not a Sentry route: Sentry's UI asks Discover for a replay's errors; this answers the same question
  // for the replay page in one call (each error with its issue, to open it with one click).
  app.get<{ Params: P }>('/api/0/organizations/:org/replays/:replayId/errors/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { replay, projects } = await findReplay(caller, req.params.org, req.params.replayId);
    const project = projects.find((p) => p.id === replay.projectId)!;
    const out = [];
    for (const id of replay.errorIds.slice(0, MAX_ERRORS)) {
      const event = await ctx.storage.getEvent(replay.projectId, id);
      if (!event) continue;
      const issue = await ctx.storage.getIssue(event.issueId);
      out.push({
        id: event.eventId,
        issueId: String(event.issueId),
        shortId: issue ? shortId(project.slug, issue.shortNumber) : null,
        title: issue?.title ?? null,
        level: issue?.level ?? null,
        timestamp: isoDate(event.timestamp),
        projectSlug: project.slug,
      });
    }
    return out.sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? ''));
  });

  const segmentsRoute = async (req: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { replay } = await findReplay(caller, req.params.org, req.params.replayId, req.params.project);
    const segments = await ctx.storage.listReplaySegments(replay.projectId, replay.replayId);
    const q = req.query as Query;
    if ('download' in q) return reply.type('application/json').send(downloadStream(ctx, segments));
    const limit = readLimit(first(q.per_page), 100);
    const offset = readCursor(first(q.cursor));
    setLinkHeader(req, reply, offset, limit, segments.length > offset + limit);
    return {
      data: segments.slice(offset, offset + limit).map((s) => ({
        replayId: replay.replayId,
        segmentId: s.segmentId,
        projectId: String(replay.projectId),
        dateAdded: isoDate(s.receivedAt),
      })),
    };
  };
  app.get<{ Params: P }>(
    '/api/0/projects/:org/:project/replays/:replayId/recording-segments/',
    segmentsRoute,
  );

  app.get<{ Params: P }>(
    '/api/0/projects/:org/:project/replays/:replayId/recording-segments/:segmentId/',
    async (req, reply) => {
      const caller = await requireCaller(ctx.storage, req);
      const { replay } = await findReplay(caller, req.params.org, req.params.replayId, req.params.project);
      const segment = await findSegment(replay, req.params.segmentId);
      if (!segment) throw notFound('Segment not found');
      return reply.type('application/json').send(await segmentJson(ctx, segment));
    },
  );

  // Mobile replays: the segment's video, always as a download (the bytes are the SDK's, unchecked).
  app.get<{ Params: P }>(
    '/api/0/projects/:org/:project/replays/:replayId/videos/:segmentId/',
    async (req, reply) => {
      const caller = await requireCaller(ctx.storage, req);
      const { replay } = await findReplay(caller, req.params.org, req.params.replayId, req.params.project);
      const key = (await findSegment(replay, req.params.segmentId))?.videoBlobKey;
      const video = key ? await ctx.blobs.get(key) : null;
      if (!video) throw notFound('Video not found');
      return reply
        .header('content-type', 'video/mp4')
        .header(
          'content-disposition',
          `attachment; filename="${replay.replayId}-${req.params.segmentId}.mp4"`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(video);
    },
  );

  app.delete<{ Params: P }>('/api/0/projects/:org/:project/replays/:replayId/', async (req, reply) => {
    const caller = await requireCaller(ctx.storage, req);
    const { replay, role } = await findReplay(
      caller,
      req.params.org,
      req.params.replayId,
      req.params.project,
    );
    requireRole(role, 'manager');
    const keys = await ctx.storage.deleteReplay(replay.projectId, replay.replayId);
    for (const key of keys) await ctx.blobs.delete(key);
    return reply.code(204).send();
  });
}
