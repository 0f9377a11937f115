import { expect, it } from 'vitest';
import type { Storage } from '../../src/storage/storage.js';
import type { OrganizationRecord, ProjectRecord, SessionRecord } from '../../src/storage/types.js';
import { makeEvent } from './make-event.js';

const HOUR = 3_600_000;

/** What each test of the administration contract starts with: a fresh storage, one org, one project. */
export interface ContractFixture {
  s: Storage;
  org: OrganizationRecord;
  project: ProjectRecord;
}

/**
 * The administration half of the storage contract (users, sessions, members, project and key edits,
 * tokens). Registered inside `storageContract`'s describe, so it runs for every adapter.
 */
export function adminContract(fixture: () => ContractFixture) {
  const user = (s: Storage, email: string) => s.createUser({ email, passwordHash: 'h', isSuperuser: false });

  it('lists and updates users', async () => {
    const { s } = fixture();
    const bob = await user(s, 'bob@example.com');
    const alice = await user(s, 'Alice@example.com');
    expect((await s.listUsers()).map((u) => u.email)).toEqual(['Alice@example.com', 'bob@example.com']);
    await s.updateUser(bob.id, { name: 'Bob', isSuperuser: true });
    expect(await s.getUserById(bob.id)).toMatchObject({ name: 'Bob', isSuperuser: true, isActive: true });
    await s.updateUser(bob.id, { isActive: false });
    expect(await s.getUserById(bob.id)).toMatchObject({ name: 'Bob', isSuperuser: true, isActive: false });
    await s.updateUser(bob.id, {});
    expect(await s.getUserById(bob.id)).toMatchObject({ name: 'Bob', isSuperuser: true, isActive: false });
    expect(await s.getUserById(alice.id)).toMatchObject({ name: '', isSuperuser: false, isActive: true });
  });

  it('creates the first user only once, as superuser', async () => {
    const { s } = fixture();
    const first = await s.createFirstUser({ email: 'root@example.com', name: 'Root', passwordHash: 'h' });
    expect(first).toMatchObject({
      email: 'root@example.com',
      name: 'Root',
      isSuperuser: true,
      isActive: true,
    });
    expect(await s.createFirstUser({ email: 'late@example.com', passwordHash: 'h' })).toBeNull();
    expect(await s.countUsers()).toBe(1);
    expect(await s.getUserByEmail('late@example.com')).toBeNull();
  });

  it('lets exactly one of two racing first users in', async () => {
    const { s } = fixture();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        s.createFirstUser({ email: `${n}@example.com`, passwordHash: 'h' }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const users = await s.listUsers();
    expect(users).toHaveLength(1);
    expect(users[0]!.isSuperuser).toBe(true);
  });

  it('refuses a first user once any user exists', async () => {
    const { s } = fixture();
    await user(s, 'someone@example.com');
    expect(await s.createFirstUser({ email: 'root@example.com', passwordHash: 'h' })).toBeNull();
    expect(await s.countUsers()).toBe(1);
  });

  it('keeps sessions until they expire, are deleted or their user is deactivated', async () => {
    const { s } = fixture();
    const alice = await user(s, 'alice@example.com');
    const bob = await user(s, 'bob@example.com');
    const now = Date.now();
    const session = (idHash: string, userId: number, expiresAt: number): SessionRecord => ({
      idHash,
      userId,
      csrfToken: `csrf-${idHash}`,
      createdAt: now - HOUR,
      expiresAt,
    });
    const live = session('live', alice.id, now + HOUR);
    await s.createSession(live);
    await s.createSession(session('stale', alice.id, now - 1));
    await s.createSession(session('other', bob.id, now + HOUR));

    const found = await s.findSession('live', now);
    expect(found?.session).toEqual(live);
    expect(found?.user).toMatchObject({ id: alice.id, email: 'alice@example.com' });
    expect(await s.findSession('nope', now)).toBeNull();
    // Expired at its expiry instant, and not found before it was deleted either.
    expect(await s.findSession('live', now + HOUR)).toBeNull();
    expect(await s.findSession('stale', now)).toBeNull();
    expect(await s.findSession('stale', now - 10)).not.toBeNull();

    expect(await s.deleteExpiredSessions(now)).toBe(1);
    expect(await s.findSession('stale', now - 10)).toBeNull();
    expect(await s.findSession('live', now)).not.toBeNull();
    expect(await s.deleteExpiredSessions(now)).toBe(0);

    // An inactive user's sessions are not found; they come back with the user.
    await s.updateUser(alice.id, { isActive: false });
    expect(await s.findSession('live', now)).toBeNull();
    await s.updateUser(alice.id, { isActive: true });
    expect(await s.findSession('live', now)).not.toBeNull();

    await s.deleteSession('live');
    expect(await s.findSession('live', now)).toBeNull();

    await s.createSession(session('a1', alice.id, now + HOUR));
    await s.createSession(session('a2', alice.id, now + HOUR));
    await s.deleteUserSessions(alice.id);
    expect(await s.findSession('a1', now)).toBeNull();
    expect(await s.findSession('a2', now)).toBeNull();
    expect((await s.findSession('other', now))?.user.id).toBe(bob.id);
  });

  it('does not find an inactive user’s API token', async () => {
    const { s } = fixture();
    const alice = await user(s, 'alice@example.com');
    await s.createApiToken({ userId: alice.id, name: 't', tokenHash: 'th', scopes: [] });
    expect((await s.findApiToken('th'))?.user.id).toBe(alice.id);
    await s.updateUser(alice.id, { isActive: false });
    expect(await s.findApiToken('th')).toBeNull();
  });

  it('lists and removes API tokens of their owner only', async () => {
    const { s } = fixture();
    const alice = await user(s, 'alice@example.com');
    const bob = await user(s, 'bob@example.com');
    const t1 = await s.createApiToken({ userId: alice.id, name: 'one', tokenHash: 'h1', scopes: ['a'] });
    const t2 = await s.createApiToken({ userId: alice.id, name: 'two', tokenHash: 'h2', scopes: [] });
    const t3 = await s.createApiToken({ userId: bob.id, name: 'three', tokenHash: 'h3', scopes: [] });
    const listed = await s.listApiTokens(alice.id);
    expect(listed.map((t) => t.id)).toEqual([t2.id, t1.id]);
    expect(listed[1]).toMatchObject({ name: 'one', scopes: ['a'], userId: alice.id });
    expect(await s.listApiTokens(bob.id + 1000)).toEqual([]);

    expect(await s.deleteApiToken(bob.id, t1.id)).toBe(false);
    expect((await s.findApiToken('h1'))?.token.id).toBe(t1.id);
    expect(await s.deleteApiToken(alice.id, t1.id)).toBe(true);
    expect(await s.deleteApiToken(alice.id, t1.id)).toBe(false);
    expect(await s.findApiToken('h1')).toBeNull();
    expect((await s.listApiTokens(alice.id)).map((t) => t.id)).toEqual([t2.id]);
    expect((await s.listApiTokens(bob.id)).map((t) => t.id)).toEqual([t3.id]);
  });

  it('lists and removes members', async () => {
    const { s, org } = fixture();
    const other = await s.createOrganization({ slug: 'other', name: 'Other' });
    const zed = await user(s, 'zed@example.com');
    const amy = await user(s, 'Amy@example.com');
    const bob = await user(s, 'bob@example.com');
    await s.addMember(org.id, zed.id, 'owner');
    await s.addMember(org.id, amy.id, 'member');
    await s.addMember(other.id, bob.id, 'manager');
    await s.addMember(other.id, zed.id, 'member');

    const members = await s.listMembers(org.id);
    expect(members.map((m) => [m.user.email, m.role])).toEqual([
      ['Amy@example.com', 'member'],
      ['zed@example.com', 'owner'],
    ]);
    expect(members[0]).toMatchObject({ organizationId: org.id, user: { id: amy.id, isActive: true } });
    expect(members[0]!.dateAdded).toBeGreaterThan(0);

    await s.removeMember(org.id, zed.id);
    expect(await s.getMemberRole(org.id, zed.id)).toBeNull();
    expect((await s.listMembers(org.id)).map((m) => m.user.id)).toEqual([amy.id]);
    expect((await s.listMembers(other.id)).map((m) => m.user.id)).toEqual([bob.id, zed.id]);
    expect(await s.getUserById(zed.id)).not.toBeNull();
    await s.removeMember(org.id, zed.id); // removing a non-member is a no-op
  });

  it('updates a project’s fields, leaving the others', async () => {
    const { s, org, project } = fixture();
    const team = await s.createTeam({ organizationId: org.id, slug: 'core', name: 'Core' });
    await s.updateProject(project.id, { name: 'Website', teamId: team.id });
    expect(await s.getProjectById(project.id)).toMatchObject({
      name: 'Website',
      slug: 'web',
      platform: 'node',
      teamId: team.id,
    });
    await s.updateProject(project.id, { slug: 'site', platform: null, teamId: null });
    expect(await s.getProjectById(project.id)).toMatchObject({
      name: 'Website',
      slug: 'site',
      platform: null,
      teamId: null,
    });
    expect((await s.getProject(org.id, 'site'))?.id).toBe(project.id);
    await s.updateProject(project.id, {});
    expect((await s.getProjectById(project.id))?.slug).toBe('site');
    // Slugs stay unique within the organization.
    await s.createProject({ organizationId: org.id, teamId: null, slug: 'api', name: 'API', platform: null });
    await expect(s.updateProject(project.id, { slug: 'api' })).rejects.toThrow();
    expect((await s.getProjectById(project.id))?.slug).toBe('site');
  });

  it('updates and deletes project keys', async () => {
    const { s, org, project } = fixture();
    const p2 = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'api',
      name: 'API',
      platform: null,
    });
    const key = await s.createProjectKey(project.id, 'Default');
    const other = await s.createProjectKey(p2.id, 'Other');

    expect(await s.updateProjectKey(project.id, key.publicKey, { label: 'Renamed' })).toBe(true);
    expect((await s.listProjectKeys(project.id))[0]).toMatchObject({ label: 'Renamed', isActive: true });
    expect(await s.updateProjectKey(project.id, key.publicKey, { isActive: false })).toBe(true);
    expect((await s.listProjectKeys(project.id))[0]).toMatchObject({ label: 'Renamed', isActive: false });
    expect(await s.listActiveKeys()).toEqual([
      { publicKey: other.publicKey, projectId: p2.id, rateLimit: null },
    ]);
    expect(await s.updateProjectKey(project.id, key.publicKey, { isActive: true })).toBe(true);
    expect(await s.listActiveKeys()).toContainEqual({
      publicKey: key.publicKey,
      projectId: project.id,
      rateLimit: null,
    });
    expect(await s.updateProjectKey(project.id, key.publicKey, {})).toBe(true);

    // A rate limit is set, survives other changes, reaches the ingest cache, and is removed by null.
    const limit = { count: 50, window: 60 };
    expect(await s.updateProjectKey(project.id, key.publicKey, { rateLimit: limit })).toBe(true);
    expect(await s.updateProjectKey(project.id, key.publicKey, { label: 'Limited' })).toBe(true);
    expect((await s.listProjectKeys(project.id))[0]).toMatchObject({ label: 'Limited', rateLimit: limit });
    expect(await s.listActiveKeys()).toContainEqual({
      publicKey: key.publicKey,
      projectId: project.id,
      rateLimit: limit,
    });
    expect((await s.listProjectKeys(p2.id))[0]?.rateLimit).toBeNull();
    expect(await s.updateProjectKey(project.id, key.publicKey, { rateLimit: null })).toBe(true);
    expect((await s.listProjectKeys(project.id))[0]).toMatchObject({ label: 'Limited', rateLimit: null });

    // A key is only found through its own project.
    expect(await s.updateProjectKey(p2.id, key.publicKey, { isActive: false })).toBe(false);
    expect(await s.updateProjectKey(project.id, 'f'.repeat(32), { label: 'x' })).toBe(false);
    expect(await s.deleteProjectKey(p2.id, key.publicKey)).toBe(false);
    expect(await s.deleteProjectKey(project.id, key.publicKey)).toBe(true);
    expect(await s.deleteProjectKey(project.id, key.publicKey)).toBe(false);
    expect(await s.listProjectKeys(project.id)).toEqual([]);
    expect(await s.listActiveKeys()).toEqual([
      { publicKey: other.publicKey, projectId: p2.id, rateLimit: null },
    ]);
  });

  it('deletes a project with everything stored for it, and only that', async () => {
    const { s, org, project } = fixture();
    const keep = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'api',
      name: 'API',
      platform: null,
    });
    const goneKey = await s.createProjectKey(project.id, 'Default');
    const keptKey = await s.createProjectKey(keep.id, 'Default');
    // The same hash and tags in both projects: only the deleted project's rows may go.
    const gone = [
      makeEvent(project.id, { userKey: 'id:1' }),
      makeEvent(project.id, { hashes: ['b'.repeat(32)] }),
    ];
    const kept = makeEvent(keep.id, { userKey: 'id:1' });
    const saved = await s.saveErrorEvents([...gone, kept]);
    expect(saved.newIssueIds).toHaveLength(3);
    const attachment = (projectId: number, eventId: string) => ({
      projectId,
      eventId,
      index: 0,
      name: 'a.txt',
      contentType: 'text/plain',
      attachmentType: 'event.attachment',
      size: 1,
      sha1: '0'.repeat(40),
      blobKey: `attachments/${projectId}-${eventId}-0`,
      dateCreated: Date.now(),
    });
    await s.saveAttachments([attachment(project.id, gone[0]!.eventId), attachment(keep.id, kept.eventId)]);
    const goneIssues = await Promise.all(
      gone.map(async (e) => (await s.getEvent(project.id, e.eventId))!.issueId),
    );
    const keptIssue = (await s.getEvent(keep.id, kept.eventId))!.issueId;

    await s.deleteProject(project.id);

    expect(await s.getProjectById(project.id)).toBeNull();
    expect((await s.listProjects(org.id)).map((p) => p.id)).toEqual([keep.id]);
    for (const e of gone) expect(await s.getEvent(project.id, e.eventId)).toBeNull();
    for (const id of goneIssues) {
      expect(await s.getIssue(id)).toBeNull();
      expect(await s.listIssueEvents(id, 10, 0)).toEqual([]);
      expect(await s.listIssueHashes(id)).toEqual([]);
      expect(await s.listIssueTags(id, 5)).toEqual([]);
      expect((await s.issueHourlyCounts([id], 0, Date.now() + HOUR)).get(id)).toEqual([]);
    }
    const query = { tags: [], text: [], sort: 'date' as const, limit: 10, offset: 0 };
    expect(await s.listIssues({ ...query, projectIds: [project.id] })).toEqual([]);
    expect(await s.listEventAttachments(project.id, gone[0]!.eventId)).toEqual([]);
    expect(await s.listProjectKeys(project.id)).toEqual([]);
    expect((await s.listActiveKeys()).map((k) => k.publicKey)).not.toContain(goneKey.publicKey);

    // The other project is untouched.
    expect((await s.getEvent(keep.id, kept.eventId))?.issueId).toBe(keptIssue);
    expect(await s.getIssue(keptIssue)).toMatchObject({ timesSeen: 1, userCount: 1 });
    expect(await s.listIssueHashes(keptIssue)).toEqual([{ hash: 'a'.repeat(32), config: 'test:1' }]);
    expect((await s.listIssueTags(keptIssue, 5)).map((t) => t.key)).toEqual([
      'environment',
      'level',
      'release',
    ]);
    expect(await s.listEventAttachments(keep.id, kept.eventId)).toHaveLength(1);
    expect(await s.listActiveKeys()).toContainEqual({
      publicKey: keptKey.publicKey,
      projectId: keep.id,
      rateLimit: null,
    });
    expect((await s.listIssues({ ...query, projectIds: [keep.id] })).map((i) => i.id)).toEqual([keptIssue]);

    // The slug is free again, the id is not reused, and deleting again is a no-op.
    const again = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'web',
      name: 'W',
      platform: null,
    });
    expect(again.id).not.toBe(project.id);
    // Not even the newest project's id (SQLite hands out max(id) + 1 unless told otherwise).
    await s.deleteProject(again.id);
    const third = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'web',
      name: 'W',
      platform: null,
    });
    expect(third.id).toBeGreaterThan(again.id);
    await s.deleteProject(project.id);
    expect(await s.getProjectById(third.id)).not.toBeNull();
    // The deleted project's event ids are free: replaying one into a live project stores it.
    expect((await s.saveErrorEvents([{ ...gone[0]!, projectId: third.id }])).saved).toBe(1);
  });
}
