import type { EventForStorage } from '../../digest/event/processed-event.js';
import { hourOf } from '../event-body.js';

/** Map key of a (project, text) pair; NUL cannot occur in either part. */
export function pairKey(projectId: number, text: string): string {
  return `${projectId}\u0000${text}`;
}

/**
 * Which issue each event joins. Issue references are real ids (positive) for issues that exist, or
 * -1, -2, … for issues this batch creates, in creation order (the creating event is `creators[n - 1]`).
 */
export interface IssueAssignment {
  refs: number[];
  creators: EventForStorage[];
  /** Hash rows to add: hashes no issue owned yet, given to the issue of the event that carried them. */
  newHashes: Array<{ projectId: number; hash: string; ref: number; config: string }>;
}

/**
 * Assigns events to issues exactly as the SQLite adapter does one event at a time: an event joins the
 * issue owning the first of its hashes that has an owner (the app variant comes first), else it
 * creates one; every hash it carries that nobody owns becomes its issue's. `owners` maps
 * `pairKey(project, hash)` to an issue id and is extended with this batch's claims.
 */
export function assignIssues(events: EventForStorage[], owners: Map<string, number>): IssueAssignment {
  const out: IssueAssignment = { refs: [], creators: [], newHashes: [] };
  for (const ev of events) {
    let ref: number | undefined;
    for (const hash of ev.hashes) {
      ref = owners.get(pairKey(ev.projectId, hash));
      if (ref !== undefined) break;
    }
    if (ref === undefined) {
      out.creators.push(ev);
      ref = -out.creators.length;
    }
    for (const hash of ev.hashes) {
      const key = pairKey(ev.projectId, hash);
      if (owners.has(key)) continue;
      owners.set(key, ref);
      out.newHashes.push({ projectId: ev.projectId, hash, ref, config: ev.groupingConfig });
    }
    out.refs.push(ref);
  }
  return out;
}

/** What a batch adds to one issue, folded in event order. */
export interface IssueDelta {
  id: number;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The batch's last event for the issue: its title, culprit, level and metadata win, as in SQLite. */
  last: EventForStorage;
  /** First and last non-null release in event order (first_release keeps the oldest ever seen). */
  firstRelease: string | null;
  lastRelease: string | null;
  /** Latest receipt time: a resolved issue regresses if any event arrived after its resolution. */
  maxReceivedAt: number;
  userKeys: Set<string>;
}

/** Per-issue, per-tag and per-hour roll-ups of a batch, so each row is written once per batch. */
export interface BatchRollups {
  issues: Map<number, IssueDelta>;
  tags: Array<{
    issueId: number;
    key: string;
    value: string;
    count: number;
    firstSeen: number;
    lastSeen: number;
  }>;
  hourly: Array<{ issueId: number; hour: number; count: number }>;
}

/**
 * Folds a batch into roll-ups. An `INSERT … ON CONFLICT DO UPDATE` may not touch one row twice, and
 * one write per row is also what keeps the transaction short.
 */
export function rollUp(events: EventForStorage[], issueIds: number[]): BatchRollups {
  const issues = new Map<number, IssueDelta>();
  const tags = new Map<string, BatchRollups['tags'][number]>();
  const hourly = new Map<string, BatchRollups['hourly'][number]>();
  events.forEach((ev, i) => {
    const id = issueIds[i]!;
    let d = issues.get(id);
    if (!d) {
      d = {
        id,
        count: 0,
        firstSeen: ev.timestamp,
        lastSeen: ev.timestamp,
        last: ev,
        firstRelease: null,
        lastRelease: null,
        maxReceivedAt: ev.receivedAt,
        userKeys: new Set(),
      };
      issues.set(id, d);
    }
    d.count++;
    d.firstSeen = Math.min(d.firstSeen, ev.timestamp);
    d.lastSeen = Math.max(d.lastSeen, ev.timestamp);
    d.last = ev;
    d.firstRelease ??= ev.release;
    d.lastRelease = ev.release ?? d.lastRelease;
    d.maxReceivedAt = Math.max(d.maxReceivedAt, ev.receivedAt);
    if (ev.userKey !== null) d.userKeys.add(ev.userKey);
    for (const [key, value] of ev.tags) {
      const k = `${id}\u0000${key}\u0000${value}`;
      const t = tags.get(k);
      if (t) {
        t.count++;
        t.firstSeen = Math.min(t.firstSeen, ev.timestamp);
        t.lastSeen = Math.max(t.lastSeen, ev.timestamp);
      } else {
        tags.set(k, { issueId: id, key, value, count: 1, firstSeen: ev.timestamp, lastSeen: ev.timestamp });
      }
    }
    const hour = hourOf(ev.timestamp);
    const h = hourly.get(`${id}:${hour}`);
    if (h) h.count++;
    else hourly.set(`${id}:${hour}`, { issueId: id, hour, count: 1 });
  });
  return { issues, tags: [...tags.values()], hourly: [...hourly.values()] };
}
