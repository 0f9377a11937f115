/**
 * What both storage adapters share about replays: how segments merge into the replay index row, the
 * row's column order, the list filter (portable SQL: both dialects have `lower`, `LIKE … ESCAPE`), and
 * the row mappers. Only placeholders and upsert plumbing differ per adapter.
 */
import type { Row } from './rows.js';
import type {
  ReplayInfo,
  ReplayQuery,
  ReplayRecord,
  ReplaySegmentInput,
  ReplaySegmentRecord,
} from './replay-types.js';

/** Caps on what a replay row accumulates over its segments. */
const MAX_URLS = 1000;
const MAX_IDS = 1000;

/** The per-segment columns the replay row is merged from. */
export interface SegmentSummary {
  segment_id: number;
  timestamp: number;
  started_at: number | null;
  urls: string;
  error_ids: string;
  trace_ids: string;
  size: number;
}

const parseList = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** A replay's aggregate fields: the part of its record its segments decide. */
export type Merged = Pick<
  ReplayRecord,
  'startedAt' | 'finishedAt' | 'countSegments' | 'urls' | 'errorIds' | 'traceIds' | 'size'
>;

/**
 * The replay's aggregate fields from all its stored segments, in segment order: whatever order the
 * segments arrived in, and however often, the result is the same.
 */
export function mergeSegments(segments: SegmentSummary[]): Merged {
  const sorted = [...segments].sort((a, b) => a.segment_id - b.segment_id);
  const urls: string[] = [];
  const errorIds = new Set<string>();
  const traceIds = new Set<string>();
  let startedAt = Infinity;
  let finishedAt = -Infinity;
  let size = 0;
  for (const s of sorted) {
    const ts = Number(s.timestamp);
    startedAt = Math.min(startedAt, s.started_at === null ? ts : Number(s.started_at), ts);
    finishedAt = Math.max(finishedAt, ts);
    size += Number(s.size);
    for (const u of parseList(s.urls)) if (urls.length < MAX_URLS) urls.push(u);
    for (const id of parseList(s.error_ids)) if (errorIds.size < MAX_IDS) errorIds.add(id);
    for (const id of parseList(s.trace_ids)) if (traceIds.size < MAX_IDS) traceIds.add(id);
  }
  return {
    startedAt,
    finishedAt,
    countSegments: sorted.length,
    urls,
    errorIds: [...errorIds],
    traceIds: [...traceIds],
    size,
  };
}

/** Columns of `replay_segments` in insert order, and the values of one segment. */
export const SEGMENT_COLUMNS = [
  'project_id',
  'replay_id',
  'segment_id',
  'received_at',
  'timestamp',
  'started_at',
  'urls',
  'error_ids',
  'trace_ids',
  'blob_key',
  'video_blob_key',
  'size',
] as const;

export function segmentValues(s: ReplaySegmentInput): unknown[] {
  return [
    s.projectId,
    s.replayId,
    s.segmentId,
    Math.round(s.receivedAt),
    Math.round(s.timestamp),
    s.startedAt === null ? null : Math.round(s.startedAt),
    JSON.stringify(s.urls),
    JSON.stringify(s.errorIds),
    JSON.stringify(s.traceIds),
    s.blobKey,
    s.videoBlobKey,
    s.size,
  ];
}

/** Columns of `replays` in insert order (the key first). */
export const REPLAY_COLUMNS = [
  'project_id',
  'replay_id',
  'started_at',
  'finished_at',
  'duration',
  'count_segments',
  'count_errors',
  'count_urls',
  'urls',
  'error_ids',
  'trace_ids',
  'info',
  'info_segment',
  'release',
  'environment',
  'user_id',
  'user_email',
  'user_username',
  'user_ip',
  'size',
] as const;

/** What a replay row already holds about who and what it was recorded on. */
export interface StoredReplayInfo {
  info: string;
  info_segment: number;
}

/** What a replay row already holds: its descriptive info and the aggregates of its segments so far. */
export interface StoredReplay extends StoredReplayInfo {
  started_at: number | string;
  finished_at: number | string;
  count_segments: number;
  urls: string;
  error_ids: string;
  trace_ids: string;
  size: number | string;
}

/** The stored replay row's columns {@link StoredReplay} names, for the adapters' SELECT. */
export const STORED_REPLAY_COLUMNS =
  'info, info_segment, started_at, finished_at, count_segments, urls, error_ids, trace_ids, size';

/** A new segment's own summary, as it was just inserted. */
function summaryOf(s: ReplaySegmentInput): SegmentSummary {
  return {
    segment_id: s.segmentId,
    timestamp: Math.round(s.timestamp),
    started_at: s.startedAt === null ? null : Math.round(s.startedAt),
    urls: JSON.stringify(s.urls),
    error_ids: JSON.stringify(s.errorIds),
    trace_ids: JSON.stringify(s.traceIds),
    size: s.size,
  };
}

/**
 * Whether `segment` can be appended to the stored row ({@link appendSegment}): the row exists and the
 * segment is newer than every segment stored before it (`newest`). Segments usually arrive in order;
 * otherwise they are all merged again.
 */
export function appendsTo(
  existing: StoredReplay | undefined,
  newest: number | null,
  segment: ReplaySegmentInput,
): existing is StoredReplay {
  return existing !== undefined && newest !== null && segment.segmentId > newest;
}

/**
 * The aggregates after appending a segment newer than every stored one, from the stored row alone:
 * the row stands in for the segments it merged (they come first in segment order), so the result is
 * what merging all of them again would give, without reading them. A replay sends a segment every few
 * seconds for as long as it lasts, so re-merging every segment each time would grow with its square.
 */
export function appendSegment(row: StoredReplay, segment: ReplaySegmentInput): Merged {
  const merged = mergeSegments([
    {
      segment_id: -1,
      timestamp: Number(row.finished_at),
      started_at: Number(row.started_at),
      urls: row.urls,
      error_ids: row.error_ids,
      trace_ids: row.trace_ids,
      size: Number(row.size),
    },
    summaryOf(segment),
  ]);
  return { ...merged, countSegments: Number(row.count_segments) + 1 };
}

/**
 * The replay row after `segment` was added, given its merged aggregates, with the descriptive info of
 * the lowest segment seen, whatever the order the segments arrived in.
 */
export function replayValues(
  segment: ReplaySegmentInput,
  existing: StoredReplayInfo | undefined,
  m: Merged,
): unknown[] {
  const useNew = !existing || segment.segmentId <= existing.info_segment;
  const info = useNew ? segment.info : (JSON.parse(existing.info) as ReplayInfo);
  const infoSegment = useNew ? segment.segmentId : existing.info_segment;
  const { projectId, replayId } = segment;
  return [
    projectId,
    replayId,
    m.startedAt,
    m.finishedAt,
    m.finishedAt - m.startedAt,
    m.countSegments,
    m.errorIds.length,
    m.urls.length,
    JSON.stringify(m.urls),
    JSON.stringify(m.errorIds),
    JSON.stringify(m.traceIds),
    JSON.stringify(info),
    infoSegment,
    info.release,
    info.environment,
    info.user?.id ?? null,
    info.user?.email?.toLowerCase() ?? null,
    info.user?.username ?? null,
    info.user?.ip ?? null,
    m.size,
  ];
}

/**
 * `*` globs become LIKE patterns (case-insensitive, compared against a lowered column). `whole`: the
 * value must match the whole column; `list`: a JSON list column, where a value without `*` matches
 * inside any entry and a glob matches a whole entry; `contains`: anywhere.
 */
function likePattern(value: string, mode: 'whole' | 'list' | 'contains'): string {
  const escaped = value
    .toLowerCase()
    .replace(/[\\%_]/g, '\\$&')
    .replace(/\*/g, '%');
  if (mode === 'whole') return escaped;
  return mode === 'list' && value.includes('*') ? `%"${escaped}"%` : `%${escaped}%`;
}

const SORTS: Record<ReplayQuery['sort'], string> = {
  started_at: 'started_at',
  finished_at: 'finished_at',
  duration: 'duration',
  count_errors: 'count_errors',
  count_segments: 'count_segments',
  count_urls: 'count_urls',
};

const USER_COLUMNS = {
  id: 'user_id',
  email: 'user_email',
  username: 'user_username',
  ip: 'user_ip',
} as const;

/**
 * The list query with `?` placeholders. Only a statement's shape depends on the query; every value
 * the caller gave travels as an argument.
 */
export function replayListSql(q: ReplayQuery): { sql: string; args: unknown[] } {
  const where = [`project_id IN (${q.projectIds.map(() => '?').join(',')})`];
  const args: unknown[] = [...q.projectIds];
  const like = (column: string, value: string, mode: 'whole' | 'list', negate: boolean) => {
    where.push(`${negate ? 'NOT ' : ''}lower(coalesce(${column}, '')) LIKE ? ESCAPE '\\'`);
    args.push(likePattern(value, mode));
  };
  if (q.since !== undefined) {
    where.push('finished_at >= ?');
    args.push(q.since);
  }
  if (q.until !== undefined) {
    where.push('started_at <= ?');
    args.push(q.until);
  }
  if (q.environments && q.environments.length > 0) {
    where.push(`environment IN (${q.environments.map(() => '?').join(',')})`);
    args.push(...q.environments);
  }
  for (const r of q.releases) like('release', r.value, 'whole', r.negate);
  for (const u of q.urls) like('urls', u.value, 'list', u.negate);
  for (const u of q.users) {
    if (u.field !== 'any') {
      like(USER_COLUMNS[u.field], u.value, 'whole', u.negate);
      continue;
    }
    const cols = Object.values(USER_COLUMNS);
    where.push(
      `${u.negate ? 'NOT ' : ''}(${cols.map((c) => `lower(coalesce(${c}, '')) LIKE ? ESCAPE '\\'`).join(' OR ')})`,
    );
    for (let i = 0; i < cols.length; i++) args.push(likePattern(u.value, 'whole'));
  }
  for (const n of q.numbers) {
    where.push(`${n.field} ${n.op} ?`);
    args.push(n.field === 'duration' ? n.value * 1000 : n.value);
  }
  for (const t of q.text) {
    where.push(
      `(lower(urls) LIKE ? ESCAPE '\\' OR lower(coalesce(user_email, '') || ' ' || coalesce(user_id, '') || ' ' || coalesce(user_username, '')) LIKE ? ESCAPE '\\')`,
    );
    args.push(likePattern(t, 'contains'), likePattern(t, 'contains'));
  }
  const dir = q.descending ? 'DESC' : 'ASC';
  const sql = `SELECT * FROM replays WHERE ${where.join(' AND ')}
    ORDER BY ${SORTS[q.sort]} ${dir}, replay_id ${dir} LIMIT ? OFFSET ?`;
  return { sql, args: [...args, q.limit, q.offset] };
}

const list = (v: unknown): string[] => (typeof v === 'string' ? parseList(v) : []);

export function toReplay(r: Row): ReplayRecord {
  return {
    projectId: Number(r.project_id),
    replayId: String(r.replay_id),
    startedAt: Number(r.started_at),
    finishedAt: Number(r.finished_at),
    countSegments: Number(r.count_segments),
    urls: list(r.urls),
    errorIds: list(r.error_ids),
    traceIds: list(r.trace_ids),
    info: JSON.parse(String(r.info)) as ReplayInfo,
    size: Number(r.size),
  };
}

export function toReplaySegment(r: Row): ReplaySegmentRecord {
  return {
    segmentId: Number(r.segment_id),
    blobKey: String(r.blob_key),
    videoBlobKey: r.video_blob_key === null ? null : String(r.video_blob_key),
    size: Number(r.size),
    receivedAt: Number(r.received_at),
  };
}
