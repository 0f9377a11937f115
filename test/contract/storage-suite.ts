import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';
import type { IssueQuery, OrganizationRecord, ProjectRecord } from '../../src/storage/types.js';
import { adminContract } from './admin-suite.js';
import { makeEvent } from './make-event.js';
import { performanceContract } from './performance-suite.js';
import { replayContract } from './replay-suite.js';
import { thresholdContract } from './threshold-suite.js';

const HOUR = 3_600_000;

/**
 * The storage contract: every adapter runs this same suite (Drizzle/Hono style). An adapter's test
 * file only says how to open a fresh, empty storage and how to dispose of it.
 */
export function storageContract(
  name: string,
  open: () => Promise<Storage>,
  dispose: (s: Storage) => Promise<void>,
) {
  describe(`storage contract: ${name}`, () => {
    let s: Storage;
    let org: OrganizationRecord;
    let project: ProjectRecord;

    beforeEach(async () => {
      s = await open();
      org = await s.createOrganization({ slug: 'acme', name: 'Acme' });
      project = await s.createProject({
        organizationId: org.id,
        teamId: null,
        slug: 'web',
        name: 'Web',
        platform: 'node',
      });
    });
    afterEach(async () => dispose(s));

    adminContract(() => ({ s, org, project }));
    performanceContract(() => ({ s, org, project }));
    replayContract(() => ({ s, org, project }));
    thresholdContract(() => ({ s, org, project }));

    it('keeps settings', async () => {
      expect(await s.getMeta('x')).toBeNull();
      await s.setMeta('x', '1');
      await s.setMeta('x', '2');
      expect(await s.getMeta('x')).toBe('2');
    });

    it('manages users, memberships and tokens', async () => {
      const alice = await s.createUser({ email: 'Alice@Example.com', passwordHash: 'h', isSuperuser: false });
      const root = await s.createUser({ email: 'root@example.com', passwordHash: null, isSuperuser: true });
      expect((await s.getUserByEmail('alice@example.com'))?.id).toBe(alice.id);
      expect(await s.countUsers()).toBe(2);
      const other = await s.createOrganization({ slug: 'other', name: 'Other' });
      await s.addMember(org.id, alice.id, 'member');
      expect(await s.getMemberRole(org.id, alice.id)).toBe('member');
      await s.addMember(org.id, alice.id, 'owner');
      expect(await s.getMemberRole(org.id, alice.id)).toBe('owner');
      expect(await s.getMemberRole(other.id, alice.id)).toBeNull();
      expect((await s.listOrganizationsForUser(alice)).map((o) => o.slug)).toEqual(['acme']);
      expect((await s.listOrganizationsForUser(root)).map((o) => o.slug)).toEqual(['acme', 'other']);
      await s.createApiToken({ userId: alice.id, name: 't', tokenHash: 'hash1', scopes: ['org:read'] });
      const found = await s.findApiToken('hash1');
      expect(found?.user.id).toBe(alice.id);
      expect(found?.token.scopes).toEqual(['org:read']);
      expect(await s.findApiToken('nope')).toBeNull();
    });

    it('manages teams, projects and keys', async () => {
      const team = await s.createTeam({ organizationId: org.id, slug: 'core', name: 'Core' });
      expect((await s.getTeam(org.id, 'core'))?.id).toBe(team.id);
      const p2 = await s.createProject({
        organizationId: org.id,
        teamId: team.id,
        slug: 'api',
        name: 'API',
        platform: null,
      });
      expect((await s.getProject(org.id, 'api'))?.id).toBe(p2.id);
      expect((await s.getProject(org.id, String(p2.id)))?.slug).toBe('api');
      expect((await s.listProjects(org.id)).map((p) => p.slug)).toEqual(['api', 'web']);
      const key = await s.createProjectKey(p2.id, 'Default');
      expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
      expect(await s.listActiveKeys()).toContainEqual({
        publicKey: key.publicKey,
        projectId: p2.id,
        rateLimit: null,
      });
      expect((await s.listProjectKeys(p2.id)).map((k) => k.id)).toEqual([key.id]);
    });

    it('groups events by hash and is idempotent by event id', async () => {
      const e1 = makeEvent(project.id, { userKey: 'id:1' });
      const e2 = makeEvent(project.id, { userKey: 'id:2' });
      const r1 = await s.saveErrorEvents([e1, e2]);
      expect(r1.saved).toBe(2);
      expect(r1.newIssueIds).toHaveLength(1);
      const again = await s.saveErrorEvents([e1, makeEvent(project.id, { userKey: 'id:1' })]);
      expect(again.duplicates).toBe(1);
      expect(again.saved).toBe(1);
      const issue = (await s.getIssue(r1.newIssueIds[0]!))!;
      expect(issue.timesSeen).toBe(3);
      expect(issue.userCount).toBe(2);
      expect(issue.status).toBe('unresolved');
      expect(await s.listIssueHashes(issue.id)).toEqual([{ hash: 'a'.repeat(32), config: 'test:1' }]);
    });

    it('joins the issue owning any of an event’s hashes and numbers issues per project', async () => {
      const first = await s.saveErrorEvents([makeEvent(project.id, { hashes: ['b'.repeat(32)] })]);
      const joined = await s.saveErrorEvents([
        makeEvent(project.id, { hashes: ['c'.repeat(32), 'b'.repeat(32)] }),
      ]);
      expect(joined.newIssueIds).toEqual([]);
      const issueId = first.newIssueIds[0]!;
      expect((await s.listIssueHashes(issueId)).map((h) => h.hash).sort()).toEqual([
        'b'.repeat(32),
        'c'.repeat(32),
      ]);
      const second = await s.saveErrorEvents([makeEvent(project.id, { hashes: ['d'.repeat(32)] })]);
      const a = (await s.getIssue(issueId))!;
      const b = (await s.getIssue(second.newIssueIds[0]!))!;
      expect(b.shortNumber).toBe(a.shortNumber + 1);
    });

    it('reopens a resolved issue as regressed', async () => {
      const t0 = Date.now() - 10_000;
      const { newIssueIds } = await s.saveErrorEvents([
        makeEvent(project.id, { timestamp: t0, receivedAt: t0 }),
      ]);
      const id = newIssueIds[0]!;
      expect(await s.updateIssues([id], { status: 'resolved' })).toBe(1);
      expect((await s.getIssue(id))!.status).toBe('resolved');
      const r = await s.saveErrorEvents([makeEvent(project.id, { receivedAt: Date.now() + 1 })]);
      expect(r.regressedIssueIds).toEqual([id]);
      const issue = (await s.getIssue(id))!;
      expect(issue.status).toBe('unresolved');
      expect(issue.substatus).toBe('regressed');
      await s.updateIssues([id], { status: 'ignored' });
      await s.saveErrorEvents([makeEvent(project.id)]);
      expect((await s.getIssue(id))!.status).toBe('ignored');
    });

    it('lists issues with filters, sorts and pages', async () => {
      const now = Date.now();
      const mk = (hash: string, o: Parameters<typeof makeEvent>[1]) =>
        makeEvent(project.id, { hashes: [hash.repeat(32)], ...o });
      await s.saveErrorEvents([
        mk('1', {
          title: 'Alpha failure',
          timestamp: now - 3 * HOUR,
          level: 'warning',
          tags: [
            ['level', 'warning'],
            ['environment', 'staging'],
          ],
        }),
        mk('2', { title: 'Beta failure', timestamp: now - 2 * HOUR, tags: [['environment', 'production']] }),
        mk('2', { title: 'Beta failure', timestamp: now - 2 * HOUR, tags: [['environment', 'production']] }),
        mk('3', {
          title: 'Gamma crash',
          timestamp: now - 1 * HOUR,
          userKey: 'id:9',
          tags: [['environment', 'production']],
        }),
      ]);
      const base = {
        projectIds: [project.id],
        tags: [],
        text: [],
        sort: 'date' as const,
        limit: 10,
        offset: 0,
      };
      const titles = async (q: Partial<IssueQuery>) =>
        (await s.listIssues({ ...base, ...q })).map((i) => i.title);
      expect(await titles({})).toEqual(['Gamma crash', 'Beta failure', 'Alpha failure']);
      expect(await titles({ sort: 'new' })).toEqual(['Gamma crash', 'Beta failure', 'Alpha failure']);
      expect((await titles({ sort: 'freq' }))[0]).toBe('Beta failure');
      expect((await titles({ sort: 'user' }))[0]).toBe('Gamma crash');
      expect(await titles({ levels: ['warning'] })).toEqual(['Alpha failure']);
      expect(await titles({ tags: [{ key: 'environment', value: 'production', negate: false }] })).toEqual([
        'Gamma crash',
        'Beta failure',
      ]);
      expect(await titles({ tags: [{ key: 'environment', value: 'production', negate: true }] })).toEqual([
        'Alpha failure',
      ]);
      expect(await titles({ text: ['FAILURE'] })).toEqual(['Beta failure', 'Alpha failure']);
      expect(await titles({ since: now - 90 * 60_000 })).toEqual(['Gamma crash']);
      expect(await titles({ limit: 1, offset: 1 })).toEqual(['Beta failure']);
      expect(await titles({ status: 'resolved' })).toEqual([]);
      expect(await titles({ projectIds: [] })).toEqual([]);
      expect(await s.countIssues({ ...base, text: ['failure'] }, 100)).toBe(2);
      expect(await s.countIssues({ ...base, limit: 1, offset: 2 }, 100)).toBe(3);
      expect(await s.countIssues(base, 2)).toBe(2);
      expect(await s.listEnvironments([project.id])).toEqual(['production', 'staging']);
      expect(await s.listEnvironments([])).toEqual([]);
    });

    it('reads events, neighbours, tags and hourly counts', async () => {
      const t = Date.now() - 5 * HOUR;
      const evs = [0, 1, 2].map((i) =>
        makeEvent(project.id, {
          timestamp: t + i * HOUR,
          data: { n: i },
          tags: [['browser', i < 2 ? 'Chrome' : 'Firefox']],
        }),
      );
      const { newIssueIds } = await s.saveErrorEvents(evs);
      const id = newIssueIds[0]!;
      expect((await s.getIssueEvent(id, 'latest'))?.eventId).toBe(evs[2]!.eventId);
      expect((await s.getIssueEvent(id, 'oldest'))?.data).toEqual({ n: 0 });
      const middle = (await s.getEvent(project.id, evs[1]!.eventId))!;
      expect(middle.issueId).toBe(id);
      expect(await s.getAdjacentEventIds(id, middle)).toEqual({
        previous: evs[0]!.eventId,
        next: evs[2]!.eventId,
      });
      expect((await s.listIssueEvents(id, 2, 0)).map((e) => e.eventId)).toEqual([
        evs[2]!.eventId,
        evs[1]!.eventId,
      ]);
      const tags = await s.listIssueTags(id, 5);
      expect(tags).toEqual([expect.objectContaining({ key: 'browser', totalValues: 3, uniqueValues: 2 })]);
      expect((await s.listIssueTagValues(id, 'browser', 10)).map((v) => [v.value, v.count])).toEqual([
        ['Chrome', 2],
        ['Firefox', 1],
      ]);
      const hourly = (await s.issueHourlyCounts([id], t - HOUR, t + 3 * HOUR)).get(id)!;
      expect(hourly.reduce((n, [, c]) => n + c, 0)).toBe(3);
    });

    it('deletes issues with their events', async () => {
      const ev = makeEvent(project.id);
      const { newIssueIds } = await s.saveErrorEvents([ev]);
      expect(await s.deleteIssues(newIssueIds)).toBe(1);
      expect(await s.getIssue(newIssueIds[0]!)).toBeNull();
      expect(await s.getEvent(project.id, ev.eventId)).toBeNull();
    });

    it('deletes data older than the retention cut-off', async () => {
      const old = Date.now() - 100 * 24 * HOUR;
      const oldEv = makeEvent(project.id, { timestamp: old, receivedAt: old, hashes: ['e'.repeat(32)] });
      const newEv = makeEvent(project.id, { hashes: ['f'.repeat(32)] });
      await s.saveErrorEvents([oldEv, newEv]);
      let total = 0;
      for (let n = -1; n !== 0;) total += n = await s.deleteOldData(Date.now() - 90 * 24 * HOUR, 1);
      expect(total).toBe(2); // the old event and its issue
      expect(await s.getEvent(project.id, oldEv.eventId)).toBeNull();
      expect(await s.getEvent(project.id, newEv.eventId)).not.toBeNull();
    });

    it('adds up outcomes', async () => {
      const hour = Date.now() - (Date.now() % HOUR);
      const row = {
        projectId: project.id,
        hour,
        outcome: 'invalid' as const,
        category: 'error',
        reason: 'bad',
        quantity: 2,
      };
      await s.addOutcomes([row]);
      await s.addOutcomes([{ ...row, quantity: 3 }]);
      expect(await s.listOutcomes(hour, [project.id])).toEqual([{ ...row, quantity: 5 }]);
      expect(await s.listOutcomes(hour, null)).toHaveLength(1);
    });
  });
}
