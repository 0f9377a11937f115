import type pg from 'pg';
import type { IssuePatch } from '../storage.js';
import type { IssueQuery, IssueRecord, TagSummary, TagValueRecord } from '../types.js';
import { inTransaction, type Row } from './database.js';
import { toIssue } from '../rows.js';

const SORT_COLUMNS: Record<IssueQuery['sort'], string> = {
  date: 'last_seen DESC, id DESC',
  new: 'first_seen DESC, id DESC',
  freq: 'times_seen DESC, id DESC',
  user: 'user_count DESC, id DESC',
};

/** `%term%` for LIKE, with LIKE's own wildcards in the term taken literally. */
function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, '\\$&')}%`;
}

function toTagValue(r: Row): TagValueRecord {
  return {
    key: String(r.key),
    value: String(r.value),
    count: Number(r.times_seen),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  };
}

/** Positional parameters built up as a query is assembled. */
function params(): { args: unknown[]; arg: (v: unknown) => string } {
  const args: unknown[] = [];
  return {
    args,
    arg: (v) => {
      args.push(v);
      return `$${args.length}`;
    },
  };
}

/** Issue reads and status changes on PostgreSQL. */
export class PostgresIssues {
  constructor(private readonly pool: pg.Pool) {}

  /** The WHERE clause shared by the list and its count; `arg` appends a parameter and names it. */
  private filter(q: IssueQuery, arg: (v: unknown) => string): string {
    // A single project is the common case; `=` lets the planner walk the sort index in order.
    const where: string[] = [
      q.projectIds.length === 1
        ? `project_id = ${arg(q.projectIds[0])}`
        : `project_id = ANY(${arg(q.projectIds)}::int[])`,
    ];
    if (q.status) where.push(`status = ${arg(q.status)}`);
    if (q.levels && q.levels.length > 0) where.push(`level = ANY(${arg(q.levels)}::text[])`);
    if (q.since !== undefined) where.push(`last_seen >= ${arg(q.since)}`);
    if (q.until !== undefined) where.push(`first_seen <= ${arg(q.until)}`);
    for (const tag of q.tags) {
      where.push(
        `${tag.negate ? 'NOT ' : ''}EXISTS (SELECT 1 FROM issue_tags t WHERE t.issue_id = issues.id AND t.key = ${arg(tag.key)} AND t.value = ${arg(tag.value)})`,
      );
    }
    // search_text is stored lowercased; LIKE (not position()) so the pg_trgm index can serve it.
    for (const term of q.text) where.push(`search_text LIKE ${arg(containsPattern(term.toLowerCase()))}`);
    return where.join(' AND ');
  }

  async list(q: IssueQuery): Promise<IssueRecord[]> {
    if (q.projectIds.length === 0) return [];
    const { args, arg } = params();
    const sql = `SELECT * FROM issues WHERE ${this.filter(q, arg)} ORDER BY ${SORT_COLUMNS[q.sort]}
      LIMIT ${arg(q.limit)} OFFSET ${arg(q.offset)}`;
    const { rows } = await this.pool.query<Row>(sql, args);
    return rows.map(toIssue);
  }

  async count(q: IssueQuery, max: number): Promise<number> {
    if (q.projectIds.length === 0) return 0;
    const { args, arg } = params();
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM issues WHERE ${this.filter(q, arg)} LIMIT ${arg(max)}) AS hits`;
    const { rows } = await this.pool.query<Row>(sql, args);
    return Number(rows[0]?.n ?? 0);
  }

  async environments(projectIds: number[]): Promise<string[]> {
    if (projectIds.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT DISTINCT t.value FROM issue_tags t JOIN issues i ON i.id = t.issue_id
       WHERE t.key = 'environment' AND i.project_id = ANY($1::int[]) ORDER BY t.value`,
      [projectIds],
    );
    return rows.map((r) => String(r.value));
  }

  async get(id: number): Promise<IssueRecord | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM issues WHERE id = $1', [id]);
    return rows[0] ? toIssue(rows[0]) : null;
  }

  async update(ids: number[], patch: IssuePatch): Promise<number> {
    if (ids.length === 0 || (patch.status === undefined && patch.substatus === undefined)) return 0;
    return inTransaction(this.pool, async (c) => {
      // Locked in id order first, as the digest does, so a bulk change cannot deadlock with a batch.
      await c.query('SELECT id FROM issues WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE', [
        ids,
      ]);
      const result =
        patch.status !== undefined
          ? await c.query(
              `UPDATE issues SET status = $1, substatus = $2,
                 resolved_at = CASE WHEN $1 = 'resolved' THEN $3::bigint ELSE NULL END
               WHERE id = ANY($4::bigint[])`,
              [patch.status, patch.substatus ?? null, Date.now(), ids],
            )
          : await c.query('UPDATE issues SET substatus = $1 WHERE id = ANY($2::bigint[])', [
              patch.substatus,
              ids,
            ]);
      return result.rowCount ?? 0;
    });
  }

  async delete(ids: number[]): Promise<number> {
    if (ids.length === 0) return 0;
    return inTransaction(this.pool, async (c) => {
      await c.query('SELECT id FROM issues WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [ids]);
      // Events carry no foreign key (it would cost on every insert), so they go explicitly, with the
      // rows that point at them: their id claims and their attachments.
      await c.query(
        `WITH gone AS (DELETE FROM events WHERE issue_id = ANY($1::bigint[]) RETURNING project_id, event_id),
         ids AS (DELETE FROM event_ids d USING gone g WHERE d.project_id = g.project_id AND d.event_id = g.event_id)
         DELETE FROM attachments a USING gone g WHERE a.project_id = g.project_id AND a.event_id = g.event_id`,
        [ids],
      );
      const { rowCount } = await c.query('DELETE FROM issues WHERE id = ANY($1::bigint[])', [ids]);
      return rowCount ?? 0;
    });
  }

  async hourlyCounts(
    ids: number[],
    since: number,
    until: number,
  ): Promise<Map<number, Array<[number, number]>>> {
    const out = new Map<number, Array<[number, number]>>(ids.map((id) => [id, []]));
    const { rows } = await this.pool.query<Row>(
      `SELECT issue_id, hour, count FROM issue_hourly
       WHERE issue_id = ANY($1::bigint[]) AND hour >= $2 AND hour <= $3 ORDER BY issue_id, hour`,
      [ids, since, until],
    );
    for (const r of rows) out.get(Number(r.issue_id))?.push([Number(r.hour), Number(r.count)]);
    return out;
  }

  async tags(issueId: number, topValues: number): Promise<TagSummary[]> {
    // One round trip for every key with its top values, however many keys the issue has.
    const { rows } = await this.pool.query<Row>(
      `SELECT key, value, times_seen, first_seen, last_seen, total, uniq, rn FROM (
         SELECT t.*, row_number() OVER (PARTITION BY key ORDER BY times_seen DESC, value) AS rn,
           sum(times_seen) OVER (PARTITION BY key) AS total, count(*) OVER (PARTITION BY key) AS uniq
         FROM issue_tags t WHERE issue_id = $1) s
       WHERE rn <= greatest($2::int, 1) ORDER BY key, rn`,
      [issueId, topValues],
    );
    const out: TagSummary[] = [];
    for (const r of rows) {
      if (Number(r.rn) === 1) {
        out.push({
          key: String(r.key),
          totalValues: Number(r.total),
          uniqueValues: Number(r.uniq),
          topValues: [],
        });
      }
      if (Number(r.rn) <= topValues) out[out.length - 1]!.topValues.push(toTagValue(r));
    }
    return out;
  }

  async tagValues(issueId: number, key: string, limit: number): Promise<TagValueRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT key, value, times_seen, first_seen, last_seen FROM issue_tags WHERE issue_id = $1 AND key = $2
       ORDER BY times_seen DESC, value LIMIT $3`,
      [issueId, key, limit],
    );
    return rows.map(toTagValue);
  }

  async hashes(issueId: number): Promise<Array<{ hash: string; config: string }>> {
    const { rows } = await this.pool.query<Row>(
      'SELECT hash, config FROM issue_hashes WHERE issue_id = $1 ORDER BY hash',
      [issueId],
    );
    return rows.map((r) => ({ hash: String(r.hash), config: String(r.config) }));
  }
}
