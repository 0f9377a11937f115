import type { EventForStorage } from '../../digest/event/processed-event.js';
import { storedBody } from '../event-body.js';
import { issueSearchText } from '../search-text.js';
import { IssueRollups } from './issue-rollups.js';
import type { SaveEventsResult } from '../types.js';
import { stmt, type Db } from './database.js';
import type { Row } from '../rows.js';

/**
 * Groups and stores a batch of error events in one transaction. An event id already stored for the
 * project is skipped before anything is counted, which makes a replayed spool batch a no-op. Events and
 * hashes are written one by one (later events must find the issues earlier ones created); the issue
 * counters and roll-ups are summed and written once per issue at the end.
 */
export function saveErrorEventsSqlite(db: Db, events: EventForStorage[]): SaveEventsResult {
  const result: SaveEventsResult = {
    saved: 0,
    savedPerProject: new Map(),
    duplicates: 0,
    newIssueIds: [],
    regressedIssueIds: [],
  };
  // Bodies not packed yet are packed before the write lock is taken: encoding and deflating is the
  // dearest part, and outside the lock it overlaps another digest thread's transaction.
  const bodies = events.map((ev) => storedBody(ev));
  db.transaction(() => {
    const rollups = new IssueRollups();
    const hashes: KnownHashes = new Map();
    events.forEach((ev, i) => saveOne(db, ev, bodies[i]!, result, rollups, hashes));
    result.regressedIssueIds.push(...rollups.flush(db));
  }).immediate();
  return result;
}

/**
 * Hashes this batch has already seen in `issue_hashes` (`project\0hash` → issue id, or null when the
 * row exists but belongs to an issue not looked up). Most events of a batch repeat an issue seen a
 * moment earlier, so this spares them the lookup and the no-op insert. Valid for one transaction.
 */
type KnownHashes = Map<string, number | null>;

function findIssueId(db: Db, ev: EventForStorage, known: KnownHashes): number | null {
  // Hashes are ordered app variant first, so the most specific match wins.
  for (const hash of ev.hashes) {
    const key = `${ev.projectId}\0${hash}`;
    const cached = known.get(key);
    if (typeof cached === 'number') return cached;
    const row = stmt(db, 'SELECT issue_id FROM issue_hashes WHERE project_id = ? AND hash = ?').get(
      ev.projectId,
      hash,
    ) as Row | undefined;
    if (row) {
      known.set(key, Number(row.issue_id));
      return Number(row.issue_id);
    }
  }
  return null;
}

function createIssue(db: Db, ev: EventForStorage): number {
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

function saveOne(
  db: Db,
  ev: EventForStorage,
  body: Buffer,
  result: SaveEventsResult,
  rollups: IssueRollups,
  known: KnownHashes,
): void {
  const exists = stmt(db, 'SELECT 1 FROM events WHERE project_id = ? AND event_id = ?').get(
    ev.projectId,
    ev.eventId,
  );
  if (exists) {
    result.duplicates++;
    return;
  }
  let issueId = findIssueId(db, ev, known);
  if (issueId === null) {
    issueId = createIssue(db, ev);
    result.newIssueIds.push(issueId);
  }
  const addHash = stmt(
    db,
    'INSERT INTO issue_hashes (project_id, hash, issue_id, config) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  for (const hash of ev.hashes) {
    const key = `${ev.projectId}\0${hash}`;
    if (known.has(key)) continue;
    const added = addHash.run(ev.projectId, hash, issueId, ev.groupingConfig).changes > 0;
    known.set(key, added ? issueId : null);
  }

  stmt(
    db,
    `INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, trace_id, body)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(ev.projectId, ev.eventId, issueId, ev.timestamp, ev.receivedAt, ev.traceId, body);

  rollups.add(issueId, ev);
  result.saved++;
  result.savedPerProject.set(ev.projectId, (result.savedPerProject.get(ev.projectId) ?? 0) + 1);
}
