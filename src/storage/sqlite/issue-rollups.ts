import type { EventForStorage } from '../../digest/event/processed-event.js';
import { hourOf } from '../event-body.js';
import { issueSearchText } from '../search-text.js';
import { stmt, type Db } from './database.js';

interface IssueRollup {
  count: number;
  firstSeen: number;
  lastSeen: number;
  maxReceivedAt: number;
  /** The newest event's title, culprit, level and metadata win, as they did event by event. */
  last: EventForStorage;
  firstRelease: string | null;
  lastRelease: string | null;
  /** `key\0value` → count, first and last seen. */
  tags: Map<string, { key: string; value: string; count: number; first: number; last: number }>;
  users: Set<string>;
  hours: Map<number, number>;
}

/**
 * Sums what a batch of events adds to each issue, so a batch of 500 events for a few issues writes each
 * issue's counters, tags and hourly roll-up once rather than once per event (these upserts were most of
 * the digest's storage time). The final rows are the same as applying the events one by one.
 */
export class IssueRollups {
  private readonly issues = new Map<number, IssueRollup>();
  private readonly firstEventAt = new Map<number, number>();

  add(issueId: number, ev: EventForStorage): void {
    let r = this.issues.get(issueId);
    if (!r) {
      r = {
        count: 0,
        firstSeen: ev.timestamp,
        lastSeen: ev.timestamp,
        maxReceivedAt: ev.receivedAt,
        last: ev,
        firstRelease: null,
        lastRelease: null,
        tags: new Map(),
        users: new Set(),
        hours: new Map(),
      };
      this.issues.set(issueId, r);
    }
    r.count++;
    r.firstSeen = Math.min(r.firstSeen, ev.timestamp);
    r.lastSeen = Math.max(r.lastSeen, ev.timestamp);
    r.maxReceivedAt = Math.max(r.maxReceivedAt, ev.receivedAt);
    r.last = ev;
    if (ev.release !== null) {
      r.firstRelease ??= ev.release;
      r.lastRelease = ev.release;
    }
    for (const [key, value] of ev.tags) {
      const k = `${key}\0${value}`;
      const t = r.tags.get(k);
      if (t) {
        t.count++;
        t.first = Math.min(t.first, ev.timestamp);
        t.last = Math.max(t.last, ev.timestamp);
      } else r.tags.set(k, { key, value, count: 1, first: ev.timestamp, last: ev.timestamp });
    }
    if (ev.userKey !== null) r.users.add(ev.userKey);
    const hour = hourOf(ev.timestamp);
    r.hours.set(hour, (r.hours.get(hour) ?? 0) + 1);
    if (!this.firstEventAt.has(ev.projectId)) this.firstEventAt.set(ev.projectId, ev.receivedAt);
  }

  /** Writes the sums; returns the issues that regressed. Call inside the batch's transaction. */
  flush(db: Db): number[] {
    const regressedIds: number[] = [];
    for (const [issueId, r] of this.issues) {
      // Regression: any event of the batch received after the resolution; the first one reopens it.
      const regressed = stmt(
        db,
        `UPDATE issues SET status = 'unresolved', substatus = 'regressed', resolved_at = NULL
         WHERE id = ? AND status = 'resolved' AND (resolved_at IS NULL OR resolved_at <= ?) RETURNING id`,
      ).get(issueId, r.maxReceivedAt);
      if (regressed) regressedIds.push(issueId);
      this.writeIssue(db, issueId, r);
    }
    for (const [projectId, at] of this.firstEventAt)
      stmt(db, 'UPDATE projects SET first_event_at = ? WHERE id = ? AND first_event_at IS NULL').run(
        at,
        projectId,
      );
    return regressedIds;
  }

  private writeIssue(db: Db, issueId: number, r: IssueRollup): void {
    const ev = r.last;
    stmt(
      db,
      `UPDATE issues SET times_seen = times_seen + ?,
         first_seen = min(first_seen, ?), last_seen = max(last_seen, ?),
         title = ?, culprit = ?, level = ?, metadata = ?, search_text = ?,
         first_release = coalesce(first_release, ?), last_release = coalesce(?, last_release)
       WHERE id = ?`,
    ).run(
      r.count,
      r.firstSeen,
      r.lastSeen,
      ev.title,
      ev.culprit,
      ev.level,
      JSON.stringify(ev.metadata),
      issueSearchText(ev),
      r.firstRelease,
      r.lastRelease,
      issueId,
    );
    const addTag = stmt(
      db,
      `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = times_seen + excluded.times_seen,
         first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
    );
    for (const t of r.tags.values()) addTag.run(issueId, t.key, t.value, t.count, t.first, t.last);
    let newUsers = 0;
    const addUser = stmt(
      db,
      'INSERT INTO issue_users (issue_id, user_key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    for (const user of r.users) newUsers += addUser.run(issueId, user).changes;
    if (newUsers > 0)
      stmt(db, 'UPDATE issues SET user_count = user_count + ? WHERE id = ?').run(newUsers, issueId);
    const addHour = stmt(
      db,
      `INSERT INTO issue_hourly (issue_id, hour, count) VALUES (?, ?, ?)
       ON CONFLICT (issue_id, hour) DO UPDATE SET count = count + excluded.count`,
    );
    for (const [hour, n] of r.hours) addHour.run(issueId, hour, n);
  }
}
