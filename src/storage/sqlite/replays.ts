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
import type { Row } from '../rows.js';
import { stmt, type Db } from './database.js';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const INSERT_SEGMENT = `INSERT INTO replay_segments (${SEGMENT_COLUMNS.join(', ')})
  VALUES (${placeholders(SEGMENT_COLUMNS.length)}) ON CONFLICT DO NOTHING`;
const UPSERT_REPLAY = `INSERT INTO replays (${REPLAY_COLUMNS.join(', ')})
  VALUES (${placeholders(REPLAY_COLUMNS.length)})
  ON CONFLICT (project_id, replay_id) DO UPDATE SET
  ${REPLAY_COLUMNS.slice(2)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;
const NEWEST = 'SELECT max(segment_id) AS newest FROM replay_segments WHERE project_id = ? AND replay_id = ?';
const SUMMARIES = `SELECT segment_id, timestamp, started_at, urls, error_ids, trace_ids, size
  FROM replay_segments WHERE project_id = ? AND replay_id = ?`;

/** Replays on SQLite. */
export class SqliteReplays {
  constructor(private readonly db: Db) {}

  /** Adds segments (a duplicate is a no-op) and re-merges each touched replay; returns segments added. */
  save(segments: ReplaySegmentInput[]): Map<number, number> {
    const added = new Map<number, number>();
    // IMMEDIATE, as every write transaction of this adapter: this one reads before it writes, and begun
    // deferred, a commit by another connection in between (the other digest thread) makes the upgrade
    // fail at once with SQLITE_BUSY, which busy_timeout does not retry.
    this.db
      .transaction(() => {
        for (const s of segments) {
          const { newest } = stmt(this.db, NEWEST).get(s.projectId, s.replayId) as { newest: number | null };
          if (stmt(this.db, INSERT_SEGMENT).run(...segmentValues(s)).changes === 0) continue;
          added.set(s.projectId, (added.get(s.projectId) ?? 0) + 1);
          const existing = stmt(
            this.db,
            `SELECT ${STORED_REPLAY_COLUMNS} FROM replays WHERE project_id = ? AND replay_id = ?`,
          ).get(s.projectId, s.replayId) as StoredReplay | undefined;
          const merged = appendsTo(existing, newest, s)
            ? appendSegment(existing, s)
            : mergeSegments(stmt(this.db, SUMMARIES).all(s.projectId, s.replayId) as SegmentSummary[]);
          stmt(this.db, UPSERT_REPLAY).run(...replayValues(s, existing, merged));
        }
      })
      .immediate();
    return added;
  }

  list(q: ReplayQuery): ReplayRecord[] {
    if (q.projectIds.length === 0) return [];
    const { sql, args } = replayListSql(q);
    return (this.db.prepare(sql).all(...args) as Row[]).map(toReplay);
  }

  get(projectIds: number[], replayId: string): ReplayRecord | null {
    if (projectIds.length === 0) return null;
    const row = this.db
      .prepare(
        `SELECT * FROM replays WHERE replay_id = ? AND project_id IN (${placeholders(projectIds.length)})`,
      )
      .get(replayId, ...projectIds) as Row | undefined;
    return row ? toReplay(row) : null;
  }

  segments(projectId: number, replayId: string): ReplaySegmentRecord[] {
    return (
      stmt(
        this.db,
        'SELECT * FROM replay_segments WHERE project_id = ? AND replay_id = ? ORDER BY segment_id',
      ).all(projectId, replayId) as Row[]
    ).map(toReplaySegment);
  }

  /** Deletes a replay and its segment rows; returns the blob keys the caller should delete. */
  delete(projectId: number, replayId: string): string[] {
    return this.db
      .transaction(() => {
        const keys = this.blobKeys(projectId, replayId);
        stmt(this.db, 'DELETE FROM replay_segments WHERE project_id = ? AND replay_id = ?').run(
          projectId,
          replayId,
        );
        stmt(this.db, 'DELETE FROM replays WHERE project_id = ? AND replay_id = ?').run(projectId, replayId);
        return keys;
      })
      .immediate();
  }

  private blobKeys(projectId: number, replayId: string): string[] {
    const rows = stmt(
      this.db,
      'SELECT blob_key, video_blob_key FROM replay_segments WHERE project_id = ? AND replay_id = ?',
    ).all(projectId, replayId) as Array<{ blob_key: string; video_blob_key: string | null }>;
    return rows.flatMap((r) => (r.video_blob_key ? [r.blob_key, r.video_blob_key] : [r.blob_key]));
  }

  /** Deletes up to `limit` replays that finished before `before`, with their segments; returns how many. */
  deleteOld(before: number, limit: number): number {
    return this.db
      .transaction(() => {
        const old = stmt(
          this.db,
          'SELECT project_id, replay_id FROM replays WHERE finished_at < ? LIMIT ?',
        ).all(before, limit) as Array<{ project_id: number; replay_id: string }>;
        for (const r of old) {
          stmt(this.db, 'DELETE FROM replay_segments WHERE project_id = ? AND replay_id = ?').run(
            r.project_id,
            r.replay_id,
          );
          stmt(this.db, 'DELETE FROM replays WHERE project_id = ? AND replay_id = ?').run(
            r.project_id,
            r.replay_id,
          );
        }
        return old.length;
      })
      .immediate();
  }
}
