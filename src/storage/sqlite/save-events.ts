import type { ProcessedEvent } from '../../digest/event/processed-event.js';
import { hourOf, packEventBody } from '../event-body.js';
import { issueSearchText } from '../search-text.js';
import type { SaveEventsResult } from '../types.js';
import { stmt, type Db } from './database.js';
import type { Row } from '../rows.js';

/**
 * Groups and stores a batch of error events in one transaction. An event id already stored for the
 * project is skipped before anything is counted, which makes a replayed spool batch a no-op.
 */
export function saveErrorEventsSqlite(db: Db, events: ProcessedEvent[]): SaveEventsResult {
  const result: SaveEventsResult = {
    saved: 0,
    savedPerProject: new Map(),
    duplicates: 0,
    newIssueIds: [],
    regressedIssueIds: [],
  };
  db.transaction(() => {
    for (const ev of events) saveOne(db, ev, result);
  }).immediate();
  return result;
}

function findIssueId(db: Db, ev: ProcessedEvent): number | null {
  // Hashes are ordered app variant first, so the most specific match wins.
  for (const hash of ev.hashes) {
    const row = stmt(db, 'SELECT issue_id FROM issue_hashes WHERE project_id = ? AND hash = ?').get(
      ev.projectId,
      hash,
    ) as Row | undefined;
    if (row) return Number(row.issue_id);
  }
  return null;
}

function createIssue(db: Db, ev: ProcessedEvent): number {
  const counter = stmt(
    db,
    'UPDATE projects SET next_short_number = next_short_number + 1 WHERE id = ? RETURNING next_short_number - 1 AS n',
  ).get(ev.projectId) as Row | undefined;
  const row = stmt(
    db,
    `INSERT INTO issues (project_id, short_number, title, culprit, level, type, platform, status, substatus,
       metadata, times_seen, user_count, first_seen, last_seen, first_release, last_release, search_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'unresolved', 'new', ?, 0, 0, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(
    ev.projectId,
    counter ? Number(counter.n) : 0,
    ev.title,
    ev.culprit,
    ev.level,
    ev.type,
    ev.platform,
    JSON.stringify(ev.metadata),
    ev.timestamp,
    ev.timestamp,
    ev.release,
    ev.release,
    issueSearchText(ev),
  ) as Row;
  return Number(row.id);
}

function saveOne(db: Db, ev: ProcessedEvent, result: SaveEventsResult): void {
  const exists = stmt(db, 'SELECT 1 FROM events WHERE project_id = ? AND event_id = ?').get(
    ev.projectId,
    ev.eventId,
  );
  if (exists) {
    result.duplicates++;
    return;
  }
  let issueId = findIssueId(db, ev);
  if (issueId === null) {
    issueId = createIssue(db, ev);
    result.newIssueIds.push(issueId);
  }
  const addHash = stmt(
    db,
    'INSERT INTO issue_hashes (project_id, hash, issue_id, config) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  for (const hash of ev.hashes) addHash.run(ev.projectId, hash, issueId, ev.groupingConfig);

  stmt(
    db,
    `INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, trace_id, body)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(ev.projectId, ev.eventId, issueId, ev.timestamp, ev.receivedAt, ev.traceId, packEventBody(ev.data));

  // A resolved issue that sees an event received after its resolution is a regression.
  const regressed = stmt(
    db,
    `UPDATE issues SET status = 'unresolved', substatus = 'regressed', resolved_at = NULL
     WHERE id = ? AND status = 'resolved' AND (resolved_at IS NULL OR resolved_at <= ?) RETURNING id`,
  ).get(issueId, ev.receivedAt);
  if (regressed) result.regressedIssueIds.push(issueId);

  stmt(
    db,
    `UPDATE issues SET times_seen = times_seen + 1,
       first_seen = min(first_seen, ?), last_seen = max(last_seen, ?),
       title = ?, culprit = ?, level = ?, metadata = ?, search_text = ?,
       first_release = coalesce(first_release, ?), last_release = coalesce(?, last_release)
     WHERE id = ?`,
  ).run(
    ev.timestamp,
    ev.timestamp,
    ev.title,
    ev.culprit,
    ev.level,
    JSON.stringify(ev.metadata),
    issueSearchText(ev),
    ev.release,
    ev.release,
    issueId,
  );

  const addTag = stmt(
    db,
    `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen) VALUES (?, ?, ?, 1, ?, ?)
     ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = times_seen + 1,
       first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)`,
  );
  for (const [key, value] of ev.tags) addTag.run(issueId, key, value, ev.timestamp, ev.timestamp);

  if (ev.userKey !== null) {
    const added = stmt(
      db,
      'INSERT INTO issue_users (issue_id, user_key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ).run(issueId, ev.userKey);
    if (added.changes > 0)
      stmt(db, 'UPDATE issues SET user_count = user_count + 1 WHERE id = ?').run(issueId);
  }

  stmt(
    db,
    `INSERT INTO issue_hourly (issue_id, hour, count) VALUES (?, ?, 1)
     ON CONFLICT (issue_id, hour) DO UPDATE SET count = count + 1`,
  ).run(issueId, hourOf(ev.timestamp));
  stmt(db, 'UPDATE projects SET first_event_at = ? WHERE id = ? AND first_event_at IS NULL').run(
    ev.receivedAt,
    ev.projectId,
  );
  result.saved++;
  result.savedPerProject.set(ev.projectId, (result.savedPerProject.get(ev.projectId) ?? 0) + 1);
}
