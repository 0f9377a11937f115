import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, pgAvailableOrWarn } from '../../../test/contract/pg-database.js';
import { makeEvent } from '../../../test/contract/make-event.js';
import type { ProcessedEvent } from '../../digest/event/processed-event.js';
import type { SaveEventsResult } from '../types.js';
import { PostgresStorage } from './postgres-storage.js';

const available = await pgAvailableOrWarn('PostgreSQL concurrency tests');
const HOUR = 3_600_000;

/** A small deterministic generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe.skipIf(!available)('PostgreSQL: digest processes saving concurrently', () => {
  let a: PostgresStorage;
  let b: PostgresStorage;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    a = await PostgresStorage.open(db.url, { poolSize: 4 });
    b = await PostgresStorage.open(db.url, { poolSize: 4 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  /** A new organization with one project, `web`, for a test of its own. */
  const webProjectIn = async (orgSlug: string) => {
    const org = await a.createOrganization({ slug: orgSlug, name: orgSlug });
    return a.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'web',
      name: 'Web',
      platform: null,
    });
  };

  it('ends with exact issues, counters and no duplicate events', async () => {
    const org = await a.createOrganization({ slug: 'acme', name: 'Acme' });
    const projects = await Promise.all(
      ['web', 'api'].map((slug) =>
        a.createProject({ organizationId: org.id, teamId: null, slug, name: slug, platform: null }),
      ),
    );
    const random = rng(42);
    const now = Date.now();
    // Each group has an app hash and a system hash; events carry [app, system] or [system] only, so
    // whichever arrives first, all of a group's events must end in one issue per project.
    const unique: ProcessedEvent[] = [];
    for (let i = 0; i < 400; i++) {
      // New groups keep appearing through the run, so new hashes race all along, not just at first.
      const g = Math.floor(random() * (1 + i / 8));
      const project = projects[i % 2]!;
      const app = `${g}a`.padEnd(32, 'a');
      const sys = `${g}s`.padEnd(32, 's');
      unique.push(
        makeEvent(project.id, {
          hashes: random() < 0.5 ? [app, sys] : [sys],
          userKey: random() < 0.2 ? null : `id:${Math.floor(random() * 9)}`,
          timestamp: now - Math.floor(random() * 4) * HOUR,
          receivedAt: now,
          tags: [['environment', random() < 0.5 ? 'production' : 'staging']],
        }),
      );
    }
    // Four writers (two per storage) get overlapping slices, some events twice in one batch, so the
    // same event ids and the same new hashes race each other.
    const batches: ProcessedEvent[][][] = [[], [], [], []];
    for (let start = 0; start < unique.length; start += 20) {
      const slice = unique.slice(start, start + 30);
      for (let w = 0; w < 4; w++) {
        if (random() < 0.6 || w === (start / 20) % 4) {
          batches[w]!.push(
            [...slice, ...(random() < 0.3 ? slice.slice(0, 3) : [])].sort(() => random() - 0.5),
          );
        }
      }
    }
    const submitted = batches.flat(2).length;
    const results: SaveEventsResult[] = [];
    let stop = false;
    const writer = async (storage: PostgresStorage, mine: ProcessedEvent[][]) => {
      for (const batch of mine) results.push(await storage.saveErrorEvents(batch));
    };
    // Meanwhile the API keeps resolving every issue: its locks meet the digest's on the same rows.
    const resolver = async () => {
      while (!stop) {
        const ids = (await a.pool.query<{ id: number }>('SELECT id FROM issues')).rows.map((r) => r.id);
        await b.updateIssues(ids.reverse(), { status: 'resolved' });
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const resolving = resolver();
    await Promise.all([
      writer(a, batches[0]!),
      writer(b, batches[1]!),
      writer(a, batches[2]!),
      writer(b, batches[3]!),
    ]);
    stop = true;
    await resolving;

    const q = async (sql: string) => (await a.pool.query(sql)).rows;
    const stored = new Set(batches.flat(2).map((e) => e.eventId));
    expect(results.reduce((n, r) => n + r.saved, 0)).toBe(stored.size);
    expect(results.reduce((n, r) => n + r.saved + r.duplicates, 0)).toBe(submitted);
    expect(Number((await q('SELECT count(*) AS n FROM events'))[0]!.n)).toBe(stored.size);
    expect(Number((await q('SELECT count(DISTINCT event_id) AS n FROM events'))[0]!.n)).toBe(stored.size);
    expect(Number((await q('SELECT count(*) AS n FROM event_ids'))[0]!.n)).toBe(stored.size);

    // Expected per (project, group): what a one-at-a-time save of the stored events gives.
    const expected = new Map<string, { count: number; users: Set<string> }>();
    for (const ev of unique.filter((e) => stored.has(e.eventId))) {
      const key = `${ev.projectId}:${ev.hashes.at(-1)}`;
      const x = expected.get(key) ?? { count: 0, users: new Set<string>() };
      x.count++;
      if (ev.userKey) x.users.add(ev.userKey);
      expected.set(key, x);
    }
    const issues = await q(
      `SELECT i.id, i.project_id, i.times_seen, i.user_count,
         (SELECT max(hash) FROM issue_hashes h WHERE h.issue_id = i.id AND hash LIKE '%s') AS sys,
         (SELECT sum(count) FROM issue_hourly h WHERE h.issue_id = i.id) AS hourly,
         (SELECT sum(times_seen) FROM issue_tags t WHERE t.issue_id = i.id AND key = 'environment') AS tagged,
         (SELECT count(*) FROM events e WHERE e.issue_id = i.id) AS events
       FROM issues i`,
    );
    expect(issues).toHaveLength(expected.size);
    expect(results.reduce((n, r) => n + r.newIssueIds.length, 0)).toBe(expected.size);
    for (const issue of issues) {
      const x = expected.get(`${issue.project_id}:${issue.sys}`)!;
      expect({ timesSeen: issue.times_seen, users: issue.user_count }).toEqual({
        timesSeen: x.count,
        users: x.users.size,
      });
      expect([Number(issue.hourly), Number(issue.tagged), Number(issue.events)]).toEqual([
        x.count,
        x.count,
        x.count,
      ]);
    }
    // Short numbers stay dense per project: no number taken by an issue that was never created.
    const numbers = await q(
      'SELECT project_id, array_agg(short_number ORDER BY short_number) AS n FROM issues GROUP BY 1',
    );
    for (const r of numbers) expect(r.n.map(Number)).toEqual(r.n.map((_: unknown, i: number) => i + 1));
  });

  it('gives an event a new issue, without running its batch again, when its issue is deleted while the batch waits for it', async () => {
    const project = await webProjectIn('third');
    const hash = 'e'.repeat(32);
    const [first] = (await a.saveErrorEvents([makeEvent(project.id, { hashes: [hash] })])).newIssueIds;
    // The API's delete, caught between taking the issue's lock and committing.
    const api = await b.pool.connect();
    await api.query('BEGIN');
    await api.query('SELECT id FROM issues WHERE id = $1 FOR UPDATE', [first]);
    await api.query('DELETE FROM issues WHERE id = $1', [first]);
    const connects = vi.spyOn(a.pool, 'connect');
    const saving = a.saveErrorEvents([makeEvent(project.id, { hashes: [hash] })]);
    // The batch is now waiting on the issue's lock.
    await vi.waitUntil(
      async () => {
        const { rows } = await b.pool.query(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        return Number(rows[0].n) > 0;
      },
      { timeout: 5_000 },
    );
    await api.query('COMMIT');
    api.release();
    const result = await saving;
    // One connection: one transaction, not a second attempt after a conflict.
    const attempts = connects.mock.calls.length;
    connects.mockRestore();
    expect(attempts).toBe(1);
    expect(result.saved).toBe(1);
    expect(result.newIssueIds).toHaveLength(1);
    expect(result.newIssueIds[0]).not.toBe(first);
    const { rows } = await a.pool.query(
      'SELECT i.id, i.times_seen, (SELECT count(*) FROM events e WHERE e.issue_id = i.id) AS events FROM issues i WHERE project_id = $1',
      [project.id],
    );
    expect(rows.map((r) => [Number(r.id), Number(r.times_seen), Number(r.events)])).toEqual([
      [result.newIssueIds[0], 1, 1],
    ]);
  });

  it('keeps events, claims and counters consistent while the API deletes the issues being written', async () => {
    const project = await webProjectIn('other');
    const hash = 'd'.repeat(32);
    let stop = false;
    const writer = async (storage: PostgresStorage) => {
      for (let i = 0; i < 25; i++) {
        await storage.saveErrorEvents(
          Array.from({ length: 5 }, () => makeEvent(project.id, { hashes: [hash] })),
        );
      }
    };
    const deleter = async () => {
      while (!stop) {
        const { rows } = await a.pool.query<{ id: number }>('SELECT id FROM issues WHERE project_id = $1', [
          project.id,
        ]);
        await b.deleteIssues(rows.map((r) => r.id));
        await new Promise((r) => setTimeout(r, 3));
      }
    };
    const deleting = deleter();
    await Promise.all([writer(a), writer(b), writer(a)]);
    stop = true;
    await deleting;
    const one = async (sql: string) => Number((await a.pool.query(sql, [project.id])).rows[0].n);
    // No event points at a deleted issue, every event has its claim and every claim its event.
    expect(
      await one(
        'SELECT count(*) AS n FROM events e WHERE project_id = $1 AND NOT EXISTS (SELECT 1 FROM issues i WHERE i.id = e.issue_id)',
      ),
    ).toBe(0);
    const events = await one('SELECT count(*) AS n FROM events WHERE project_id = $1');
    expect(await one('SELECT count(*) AS n FROM event_ids WHERE project_id = $1')).toBe(events);
    expect(await one('SELECT coalesce(sum(times_seen), 0) AS n FROM issues WHERE project_id = $1')).toBe(
      events,
    );
    expect(await one('SELECT count(*) AS n FROM issues WHERE project_id = $1')).toBeLessThanOrEqual(1);
  });
});
