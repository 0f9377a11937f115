import type { IssuePatch } from '../storage.js';
import type { IssueQuery, IssueRecord, TagSummary, TagValueRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import { toIssue, type Row } from '../rows.js';

const SORT_COLUMNS: Record<IssueQuery['sort'], string> = {
  date: 'last_seen DESC, id DESC',
  new: 'first_seen DESC, id DESC',
  freq: 'times_seen DESC, id DESC',
  user: 'user_count DESC, id DESC',
};

/** Issue reads and status changes on SQLite. */
export class SqliteIssues {
  constructor(private readonly db: Db) {}

  /** The WHERE clause and arguments shared by the list and its count. */
  private filter(q: IssueQuery): { where: string; args: unknown[] } {
    const where: string[] = [`project_id IN (${q.projectIds.map(() => '?').join(',')})`];
    const args: unknown[] = [...q.projectIds];
    // For any sort but `date`, a unary + keeps SQLite from filtering through the (status, last_seen)
    // index and then sorting every match: walking the sort's own index stops after one page. On
    // 10,000 issues: sort=freq 5 ms -> 0.2 ms, sort=new at offset 5,000 21 ms -> 5 ms.
    const viaSortIndex = q.sort === 'date' ? '' : '+';
    if (q.status) {
      where.push(`${viaSortIndex}status = ?`);
      args.push(q.status);
    }
    if (q.levels && q.levels.length > 0) {
      where.push(`level IN (${q.levels.map(() => '?').join(',')})`);
      args.push(...q.levels);
    }
    if (q.since !== undefined) {
      where.push(`${viaSortIndex}last_seen >= ?`);
      args.push(q.since);
    }
    if (q.until !== undefined) {
      where.push('first_seen <= ?');
      args.push(q.until);
    }
    for (const tag of q.tags) {
      // A list from the (key, value) index rather than a probe per issue: a value no issue has costs
      // nothing instead of one probe per issue of the project (21 ms on 10,000 issues -> 0.6 ms).
      where.push(
        `id ${tag.negate ? 'NOT ' : ''}IN (SELECT issue_id FROM issue_tags WHERE key = ? AND value = ?)`,
      );
      args.push(tag.key, tag.value);
    }
    for (const term of q.text) {
      where.push('instr(search_text, ?) > 0');
      args.push(term.toLowerCase());
    }
    return { where: where.join(' AND '), args };
  }

  list(q: IssueQuery): IssueRecord[] {
    if (q.projectIds.length === 0) return [];
    const { where, args } = this.filter(q);
    const sql = `SELECT * FROM issues WHERE ${where} ORDER BY ${SORT_COLUMNS[q.sort]} LIMIT ? OFFSET ?`;
    // Not cached: the shape varies with the filters, and statement caching would grow without bound.
    return (this.db.prepare(sql).all(...args, q.limit, q.offset) as Row[]).map(toIssue);
  }

  count(q: IssueQuery, max: number): number {
    if (q.projectIds.length === 0) return 0;
    const { where, args } = this.filter(q);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM issues WHERE ${where} LIMIT ?)`;
    return Number((this.db.prepare(sql).get(...args, max) as Row).n);
  }

  environments(projectIds: number[]): string[] {
    if (projectIds.length === 0) return [];
    const sql = `SELECT DISTINCT t.value FROM issue_tags t JOIN issues i ON i.id = t.issue_id
      WHERE t.key = 'environment' AND i.project_id IN (${projectIds.map(() => '?').join(',')}) ORDER BY t.value`;
    return (this.db.prepare(sql).all(...projectIds) as Row[]).map((r) => String(r.value));
  }

  get(id: number): IssueRecord | null {
    const row = stmt(this.db, 'SELECT * FROM issues WHERE id = ?').get(id) as Row | undefined;
    return row ? toIssue(row) : null;
  }

  update(ids: number[], patch: IssuePatch): number {
    let changed = 0;
    const now = Date.now();
    this.db
      .transaction(() => {
        for (const id of ids) {
          if (patch.status !== undefined) {
            const info = stmt(
              this.db,
              `UPDATE issues SET status = ?, substatus = ?, resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE NULL END
             WHERE id = ?`,
            ).run(patch.status, patch.substatus ?? null, patch.status, now, id);
            changed += info.changes;
          } else if (patch.substatus !== undefined) {
            changed += stmt(this.db, 'UPDATE issues SET substatus = ? WHERE id = ?').run(
              patch.substatus,
              id,
            ).changes;
          }
        }
      })
      .immediate();
    return changed;
  }

  delete(ids: number[]): number {
    let deleted = 0;
    this.db
      .transaction(() => {
        for (const id of ids) {
          // Events carry no foreign key (it would cost on every insert), so they go explicitly.
          stmt(
            this.db,
            `DELETE FROM attachments WHERE (project_id, event_id) IN (SELECT project_id, event_id FROM events WHERE issue_id = ?)`,
          ).run(id);
          stmt(this.db, 'DELETE FROM events WHERE issue_id = ?').run(id);
          deleted += stmt(this.db, 'DELETE FROM issues WHERE id = ?').run(id).changes;
        }
      })
      .immediate();
    return deleted;
  }

  hourlyCounts(ids: number[], since: number, until: number): Map<number, Array<[number, number]>> {
    const out = new Map<number, Array<[number, number]>>();
    const query = stmt(
      this.db,
      'SELECT hour, count FROM issue_hourly WHERE issue_id = ? AND hour >= ? AND hour <= ? ORDER BY hour',
    );
    for (const id of ids) {
      out.set(
        id,
        (query.all(id, since, until) as Row[]).map(
          (r) => [Number(r.hour), Number(r.count)] as [number, number],
        ),
      );
    }
    return out;
  }

  tags(issueId: number, topValues: number): TagSummary[] {
    const keys = stmt(
      this.db,
      `SELECT key, sum(times_seen) AS total, count(*) AS uniq FROM issue_tags WHERE issue_id = ?
       GROUP BY key ORDER BY key`,
    ).all(issueId) as Row[];
    return keys.map((k) => ({
      key: String(k.key),
      totalValues: Number(k.total),
      uniqueValues: Number(k.uniq),
      topValues: this.tagValues(issueId, String(k.key), topValues),
    }));
  }

  tagValues(issueId: number, key: string, limit: number): TagValueRecord[] {
    const rows = stmt(
      this.db,
      `SELECT key, value, times_seen, first_seen, last_seen FROM issue_tags WHERE issue_id = ? AND key = ?
       ORDER BY times_seen DESC, value LIMIT ?`,
    ).all(issueId, key, limit) as Row[];
    return rows.map((r) => ({
      key: String(r.key),
      value: String(r.value),
      count: Number(r.times_seen),
      firstSeen: Number(r.first_seen),
      lastSeen: Number(r.last_seen),
    }));
  }

  hashes(issueId: number): Array<{ hash: string; config: string }> {
    return (
      stmt(this.db, 'SELECT hash, config FROM issue_hashes WHERE issue_id = ? ORDER BY hash').all(
        issueId,
      ) as Row[]
    ).map((r) => ({ hash: String(r.hash), config: String(r.config) }));
  }
}
