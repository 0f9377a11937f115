import type pg from 'pg';
import type { EventForStorage } from '../../digest/event/processed-event.js';
import { storedBody } from '../event-body.js';
import { issueSearchText } from '../search-text.js';
import type { SaveEventsResult } from '../types.js';
import { inTransaction, isMissingPartition, withRetry, type Row } from './database.js';
import type { DayPartitions } from './partitions.js';
import { assignIssues, pairKey, rollUp, type IssueDelta } from './save-plan.js';

/** A batch event with the CPU-heavy parts (deflated body, search text) done before any lock is held. */
interface Prepared {
  ev: EventForStorage;
  body: Buffer;
}

function emptyResult(): SaveEventsResult {
  return { saved: 0, savedPerProject: new Map(), duplicates: 0, newIssueIds: [], regressedIssueIds: [] };
}

/**
 * Groups and stores a batch of error events in one transaction, correct while other digest processes
 * save overlapping batches at the same time (the same new hash, the same replayed event id).
 *
 * Locks are taken phase by phase, sorted within a phase: (1) `event_ids` rows, which decide
 * duplicates; (2) the `issues` rows owning the batch's hashes, locked as they are read, so an issue the
 * API deletes meanwhile simply drops out and its hashes count as unowned; (3) advisory locks on hashes
 * nobody owns, which make issue creation race-free, then the issues another batch created for them
 * meanwhile; (4) `projects` rows, only when issues are created or the first event arrives. Everything
 * written after that (hashes, tags, users, hourly counts) belongs to issues this transaction has locked
 * or created, so it waits on nobody. A deadlock (with another batch, through the issues locked in
 * phase 3, or with the API deleting the project) or a partition dropped underneath makes the whole
 * batch run again, which is safe because it rolled back.
 */
export async function saveErrorEventsPostgres(
  pool: pg.Pool,
  partitions: DayPartitions,
  events: EventForStorage[],
): Promise<SaveEventsResult> {
  if (events.length === 0) return emptyResult();
  const prepared = events.map((ev) => ({ ev, body: storedBody(ev) }));
  const times = events.map((ev) => ev.receivedAt);
  return withRetry(
    async () => {
      await partitions.ensureFor(times);
      return inTransaction(pool, (c) => saveBatch(c, prepared));
    },
    {
      onRetry: (err) => {
        if (isMissingPartition(err)) partitions.forget();
      },
    },
  );
}

async function saveBatch(c: pg.PoolClient, batch: Prepared[]): Promise<SaveEventsResult> {
  const result = emptyResult();
  const fresh = await claimEventIds(c, batch, result);
  if (fresh.length === 0) return result;
  const events = fresh.map((p) => p.ev);

  // (2) Hash owners, locked as read. (3) Hashes nobody owns are locked, then read again: another batch
  // may have just created their issue, and it committed before releasing the lock.
  const owners = new Map<string, number>();
  const locked = new Map<number, Row>();
  const allHashes = uniquePairs(events.flatMap((ev) => ev.hashes.map((h) => [ev.projectId, h] as const)));
  await lockOwners(c, allHashes, owners, locked);
  const unowned = allHashes.filter(([p, h]) => !owners.has(pairKey(p, h)));
  if (unowned.length > 0) {
    await c.query(
      `SELECT pg_advisory_xact_lock(k) FROM (
         SELECT DISTINCT hashtextextended(p::text || ':' || h, 0) AS k
         FROM unnest($1::int[], $2::text[]) AS t(p, h) ORDER BY k) s`,
      [unowned.map(([p]) => p), unowned.map(([, h]) => h)],
    );
    await lockOwners(c, unowned, owners, locked);
  }
  const plan = assignIssues(events, owners);

  // (4) Projects: short numbers for new issues and the first-event stamp, in project id order.
  const newIds = await createIssues(c, plan.creators, events);
  const issueIds = plan.refs.map((r) => (r > 0 ? r : newIds[-r - 1]!));
  const rollups = rollUp(events, issueIds);
  const regressed = new Set<number>();
  for (const r of locked.values()) {
    // An issue locked for a hash whose event joined another issue gets nothing.
    const delta = rollups.issues.get(Number(r.id));
    if (delta === undefined) continue;
    // A resolved issue that sees an event received after its resolution is a regression.
    if (r.status === 'resolved' && (r.resolved_at === null || Number(r.resolved_at) <= delta.maxReceivedAt)) {
      regressed.add(delta.id);
    }
  }

  if (plan.newHashes.length > 0) {
    const rows = plan.newHashes;
    await c.query(
      `INSERT INTO issue_hashes (project_id, hash, issue_id, config)
       SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[]) ORDER BY 1, 2
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.projectId),
        rows.map((r) => r.hash),
        rows.map((r) => (r.ref > 0 ? r.ref : newIds[-r.ref - 1]!)),
        rows.map((r) => r.config),
      ],
    );
  }
  await insertEvents(c, fresh, issueIds);
  await writeRollups(c, rollups.tags, rollups.hourly);
  const newUsers = await addUsers(c, [...rollups.issues.values()]);
  await updateIssues(c, [...rollups.issues.values()], newUsers, regressed);

  result.saved = events.length;
  for (const ev of events) {
    result.savedPerProject.set(ev.projectId, (result.savedPerProject.get(ev.projectId) ?? 0) + 1);
  }
  result.newIssueIds = newIds;
  result.regressedIssueIds = [...regressed];
  return result;
}

/**
 * (1) Claims the batch's event ids. ON CONFLICT DO NOTHING waits for a concurrent batch holding the
 * same id and then skips it, so exactly one of them stores the event. Sorted, so two batches claiming
 * overlapping ids lock them in the same order. Returns the events to store, in batch order.
 */
async function claimEventIds(
  c: pg.PoolClient,
  batch: Prepared[],
  result: SaveEventsResult,
): Promise<Prepared[]> {
  const unique: Prepared[] = [];
  const seen = new Set<string>();
  for (const p of batch) {
    const key = pairKey(p.ev.projectId, p.ev.eventId);
    if (seen.has(key)) result.duplicates++;
    else {
      seen.add(key);
      unique.push(p);
    }
  }
  const { rows } = await c.query<Row>(
    `INSERT INTO event_ids (project_id, event_id, received_at)
     SELECT p, e, r FROM unnest($1::int[], $2::text[], $3::bigint[]) AS t(p, e, r) ORDER BY p, e COLLATE "C"
     ON CONFLICT DO NOTHING RETURNING project_id, event_id`,
    [unique.map((p) => p.ev.projectId), unique.map((p) => p.ev.eventId), unique.map((p) => p.ev.receivedAt)],
  );
  const claimed = new Set(rows.map((r) => pairKey(Number(r.project_id), String(r.event_id))));
  const fresh = unique.filter((p) => claimed.has(pairKey(p.ev.projectId, p.ev.eventId)));
  result.duplicates += unique.length - fresh.length;
  return fresh;
}

function uniquePairs(pairs: Array<readonly [number, string]>): Array<readonly [number, string]> {
  const seen = new Map<string, readonly [number, string]>();
  for (const p of pairs) seen.set(pairKey(p[0], p[1]), p);
  return [...seen.values()];
}

/**
 * Reads the issues owning `pairs` into `owners`, locking each issue row (in id order) and keeping its
 * state in `locked`. Locking through the join means a row whose issue is deleted while this waits for
 * it is left out, so its hashes read as unowned.
 */
async function lockOwners(
  c: pg.PoolClient,
  pairs: Array<readonly [number, string]>,
  owners: Map<string, number>,
  locked: Map<number, Row>,
): Promise<void> {
  const { rows } = await c.query<Row>(
    `SELECT h.project_id, h.hash, i.id, i.status, i.resolved_at FROM issue_hashes h
     JOIN unnest($1::int[], $2::text[]) AS t(p, x) ON h.project_id = t.p AND h.hash = t.x
     JOIN issues i ON i.id = h.issue_id
     ORDER BY i.id FOR NO KEY UPDATE OF i`,
    [pairs.map(([p]) => p), pairs.map(([, h]) => h)],
  );
  for (const r of rows) {
    owners.set(pairKey(Number(r.project_id), String(r.hash)), Number(r.id));
    locked.set(Number(r.id), r);
  }
}

/**
 * Takes short numbers for the new issues (one counter bump per project, in project id order) and
 * creates them; also stamps each project's first event. A project that needs neither is not written,
 * so ordinary batches do not serialise on the project row. Returns the new ids in creation order.
 */
async function createIssues(
  c: pg.PoolClient,
  creators: EventForStorage[],
  events: EventForStorage[],
): Promise<number[]> {
  const perProject = new Map<number, { count: number; firstReceivedAt: number }>();
  for (const ev of events) {
    if (!perProject.has(ev.projectId))
      perProject.set(ev.projectId, { count: 0, firstReceivedAt: ev.receivedAt });
  }
  for (const ev of creators) perProject.get(ev.projectId)!.count++;
  const next = new Map<number, number>();
  for (const [projectId, p] of [...perProject].sort((a, b) => a[0] - b[0])) {
    const { rows } = await c.query<Row>(
      `UPDATE projects SET next_short_number = next_short_number + $2::bigint,
         first_event_at = coalesce(first_event_at, $3::bigint)
       WHERE id = $1 AND ($2::bigint > 0 OR first_event_at IS NULL)
       RETURNING next_short_number - $2::bigint AS start`,
      [projectId, p.count, p.firstReceivedAt],
    );
    next.set(projectId, rows[0] ? Number(rows[0].start) : 0);
  }
  if (creators.length === 0) return [];
  const shortNumbers = creators.map((ev) => {
    const n = next.get(ev.projectId)!;
    next.set(ev.projectId, n + 1);
    return n;
  });
  const { rows } = await c.query<Row>(
    `INSERT INTO issues (project_id, short_number, title, culprit, level, type, platform, status, substatus,
       metadata, times_seen, user_count, first_seen, last_seen, first_release, last_release, search_text)
     SELECT p, n, ti, cu, le, ty, pl, 'unresolved', 'new', me, 0, 0, ts, ts, re, re, st
     FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::bigint[], $10::text[], $11::text[]) AS t(p, n, ti, cu, le, ty, pl, me, ts, re, st)
     RETURNING id, project_id, short_number`,
    [
      creators.map((ev) => ev.projectId),
      shortNumbers,
      creators.map((ev) => ev.title),
      creators.map((ev) => ev.culprit),
      creators.map((ev) => ev.level),
      creators.map((ev) => ev.type),
      creators.map((ev) => ev.platform),
      creators.map((ev) => JSON.stringify(ev.metadata)),
      creators.map((ev) => ev.timestamp),
      creators.map((ev) => ev.release),
      creators.map((ev) => issueSearchText(ev)),
    ],
  );
  // RETURNING order is not promised, so match rows back by their (project, short number).
  const ids = new Map(rows.map((r) => [pairKey(Number(r.project_id), String(r.short_number)), Number(r.id)]));
  return creators.map((ev, i) => ids.get(pairKey(ev.projectId, String(shortNumbers[i])))!);
}

async function insertEvents(c: pg.PoolClient, fresh: Prepared[], issueIds: number[]): Promise<void> {
  // WITH ORDINALITY keeps batch order, so ids (the tie-breaker between equal timestamps) follow it.
  await c.query(
    `INSERT INTO events (project_id, event_id, issue_id, timestamp, received_at, trace_id, body)
     SELECT p, e, i, ts, r, tr, b FROM unnest($1::int[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[],
       $6::text[], $7::bytea[]) WITH ORDINALITY AS t(p, e, i, ts, r, tr, b, o) ORDER BY o`,
    [
      fresh.map((p) => p.ev.projectId),
      fresh.map((p) => p.ev.eventId),
      issueIds,
      fresh.map((p) => p.ev.timestamp),
      fresh.map((p) => p.ev.receivedAt),
      fresh.map((p) => p.ev.traceId),
      fresh.map((p) => p.body),
    ],
  );
}

async function writeRollups(
  c: pg.PoolClient,
  tags: ReturnType<typeof rollUp>['tags'],
  hourly: ReturnType<typeof rollUp>['hourly'],
): Promise<void> {
  if (tags.length > 0) {
    await c.query(
      `INSERT INTO issue_tags (issue_id, key, value, times_seen, first_seen, last_seen)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[])
         AS t(i, k, v, n, f, l) ORDER BY i, k COLLATE "C", v COLLATE "C"
       ON CONFLICT (issue_id, key, value) DO UPDATE SET times_seen = issue_tags.times_seen + excluded.times_seen,
         first_seen = least(issue_tags.first_seen, excluded.first_seen),
         last_seen = greatest(issue_tags.last_seen, excluded.last_seen)`,
      [
        tags.map((t) => t.issueId),
        tags.map((t) => t.key),
        tags.map((t) => t.value),
        tags.map((t) => t.count),
        tags.map((t) => t.firstSeen),
        tags.map((t) => t.lastSeen),
      ],
    );
  }
  await c.query(
    `INSERT INTO issue_hourly (issue_id, hour, count)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS t(i, h, n) ORDER BY i, h
     ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly.count + excluded.count`,
    [hourly.map((h) => h.issueId), hourly.map((h) => h.hour), hourly.map((h) => h.count)],
  );
}

/** Records the batch's users per issue; returns how many each issue had not seen before. */
async function addUsers(c: pg.PoolClient, deltas: IssueDelta[]): Promise<Map<number, number>> {
  const pairs = deltas.flatMap((d) => [...d.userKeys].map((u) => [d.id, u] as const));
  const added = new Map<number, number>();
  if (pairs.length === 0) return added;
  const { rows } = await c.query<Row>(
    `INSERT INTO issue_users (issue_id, user_key)
     SELECT * FROM unnest($1::bigint[], $2::text[]) AS t(i, u) ORDER BY i, u COLLATE "C"
     ON CONFLICT DO NOTHING RETURNING issue_id`,
    [pairs.map(([i]) => i), pairs.map(([, u]) => u)],
  );
  for (const r of rows) added.set(Number(r.issue_id), (added.get(Number(r.issue_id)) ?? 0) + 1);
  return added;
}

/** One UPDATE for all touched issues (already locked): counters, latest text, releases, regression. */
async function updateIssues(
  c: pg.PoolClient,
  deltas: IssueDelta[],
  newUsers: Map<number, number>,
  regressed: Set<number>,
): Promise<void> {
  await c.query(
    `UPDATE issues i SET times_seen = i.times_seen + v.n, user_count = i.user_count + v.u,
       first_seen = least(i.first_seen, v.fs), last_seen = greatest(i.last_seen, v.ls),
       title = v.ti, culprit = v.cu, level = v.le, metadata = v.me, search_text = v.st,
       first_release = coalesce(i.first_release, v.fr), last_release = coalesce(v.lr, i.last_release),
       status = CASE WHEN v.rg THEN 'unresolved' ELSE i.status END,
       substatus = CASE WHEN v.rg THEN 'regressed' ELSE i.substatus END,
       resolved_at = CASE WHEN v.rg THEN NULL ELSE i.resolved_at END
     FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[])
       AS v(id, n, u, fs, ls, ti, cu, le, me, st, fr, lr, rg)
     WHERE i.id = v.id`,
    [
      deltas.map((d) => d.id),
      deltas.map((d) => d.count),
      deltas.map((d) => newUsers.get(d.id) ?? 0),
      deltas.map((d) => d.firstSeen),
      deltas.map((d) => d.lastSeen),
      deltas.map((d) => d.last.title),
      deltas.map((d) => d.last.culprit),
      deltas.map((d) => d.last.level),
      deltas.map((d) => JSON.stringify(d.last.metadata)),
      deltas.map((d) => issueSearchText(d.last)),
      deltas.map((d) => d.firstRelease),
      deltas.map((d) => d.lastRelease),
      deltas.map((d) => regressed.has(d.id)),
    ],
  );
}
