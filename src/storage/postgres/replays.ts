import type pg from 'pg';
import type { ReplayQuery, ReplayRecord, ReplaySegmentInput, ReplaySegmentRecord } from '../replay-types.js';
import {
  appendSegment,
  appendsTo,
  mergeSegments,
  REPLAY_COLUMNS,
  replayListSql,
  replayValues,
  SEGMENT_COLUMNS,
  segmentValues,
  toReplay,
  toReplaySegment,
  STORED_REPLAY_COLUMNS,
  type SegmentSummary,
  type StoredReplay,
} from '../replay-rows.js';
import { inTransaction, type Row } from './database.js';

const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** `?` placeholders (the shared builders' form) to PostgreSQL's `$n`. */
function toDollar(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const INSERT_SEGMENT = `INSERT INTO replay_segments (${SEGMENT_COLUMNS.join(', ')})
  VALUES (${numbered(SEGMENT_COLUMNS.length)}) ON CONFLICT DO NOTHING`;
const UPSERT_REPLAY = `INSERT INTO replays (${REPLAY_COLUMNS.join(', ')})
  VALUES (${numbered(REPLAY_COLUMNS.length)})
  ON CONFLICT (project_id, replay_id) DO UPDATE SET
  ${REPLAY_COLUMNS.slice(2)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

/** Replays on PostgreSQL. */
export class PostgresReplays {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Adds segments and re-merges each touched replay. Digest processes may hold segments of the same
   * replay at once, so each replay's merge runs under a transaction-scoped advisory lock (taken in a
   * fixed order, so two batches cannot deadlock): the second merge waits, then sees the first's segment.
   */
  async save(segments: ReplaySegmentInput[]): Promise<Map<number, number>> {
    const added = new Map<number, number>();
    const sorted = [...segments].sort(
      (a, b) => a.projectId - b.projectId || (a.replayId < b.replayId ? -1 : a.replayId > b.replayId ? 1 : 0),
    );
    await inTransaction(this.pool, async (c) => {
      for (const s of sorted) {
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`replay:${s.projectId}:${s.replayId}`]);
        const key = [s.projectId, s.replayId];
        const newest = await c.query<{ newest: number | null }>(
          'SELECT max(segment_id) AS newest FROM replay_segments WHERE project_id = $1 AND replay_id = $2',
          key,
        );
        const inserted = await c.query(INSERT_SEGMENT, segmentValues(s));
        if (inserted.rowCount === 0) continue;
        added.set(s.projectId, (added.get(s.projectId) ?? 0) + 1);
        const existing = (
          await c.query<StoredReplay>(
            `SELECT ${STORED_REPLAY_COLUMNS} FROM replays WHERE project_id = $1 AND replay_id = $2`,
            key,
          )
        ).rows[0];
        const before = newest.rows[0]?.newest ?? null;
        const merged = appendsTo(existing, before, s)
          ? appendSegment(existing, s)
          : mergeSegments(
              (
                await c.query<SegmentSummary>(
                  `SELECT segment_id, timestamp, started_at, urls, error_ids, trace_ids, size
                     FROM replay_segments WHERE project_id = $1 AND replay_id = $2`,
                  key,
                )
              ).rows,
            );
        await c.query(UPSERT_REPLAY, replayValues(s, existing, merged));
      }
    });
    return added;
  }

  async list(q: ReplayQuery): Promise<ReplayRecord[]> {
    if (q.projectIds.length === 0) return [];
    const { sql, args } = replayListSql(q);
    const { rows } = await this.pool.query<Row>(toDollar(sql), args);
    return rows.map(toReplay);
  }

  async get(projectIds: number[], replayId: string): Promise<ReplayRecord | null> {
    if (projectIds.length === 0) return null;
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM replays WHERE replay_id = $1 AND project_id = ANY($2::int[])',
      [replayId, projectIds],
    );
    return rows[0] ? toReplay(rows[0]) : null;
  }

  async segments(projectId: number, replayId: string): Promise<ReplaySegmentRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM replay_segments WHERE project_id = $1 AND replay_id = $2 ORDER BY segment_id',
      [projectId, replayId],
    );
    return rows.map(toReplaySegment);
  }

  /** Deletes a replay and its segment rows; returns the blob keys the caller should delete. */
  async delete(projectId: number, replayId: string): Promise<string[]> {
    return inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ blob_key: string; video_blob_key: string | null }>(
        'DELETE FROM replay_segments WHERE project_id = $1 AND replay_id = $2 RETURNING blob_key, video_blob_key',
        [projectId, replayId],
      );
      await c.query('DELETE FROM replays WHERE project_id = $1 AND replay_id = $2', [projectId, replayId]);
      return rows.flatMap((r) => (r.video_blob_key ? [r.blob_key, r.video_blob_key] : [r.blob_key]));
    });
  }

  /** Deletes up to `limit` replays that finished before `before`, with their segments; returns how many. */
  async deleteOld(before: number, limit: number): Promise<number> {
    return inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ project_id: number; replay_id: string }>(
        `DELETE FROM replays WHERE (project_id, replay_id) IN
           (SELECT project_id, replay_id FROM replays WHERE finished_at < $1 LIMIT $2)
         RETURNING project_id, replay_id`,
        [before, limit],
      );
      if (rows.length > 0) {
        await c.query(
          `DELETE FROM replay_segments s USING unnest($1::int[], $2::text[]) AS g(p, r)
           WHERE s.project_id = g.p AND s.replay_id = g.r`,
          [rows.map((r) => r.project_id), rows.map((r) => r.replay_id)],
        );
      }
      return rows.length;
    });
  }
}
