import { expect, it } from 'vitest';
import type { ThresholdTable } from '../../src/perf/thresholds.js';
import type { TransactionFilter } from '../../src/storage/performance-types.js';
import type { ContractFixture } from './admin-suite.js';
import { batchOf, makeMeasurement, makeSegment, makeSpan, makeTransaction } from './make-transaction.js';

const HOUR = 3_600_000;
const baseHour = (): number => Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const lcp = (value: number) => ({ lcp: { value, unit: 'millisecond' } });

/**
 * The transaction-threshold part of the storage contract: the project's threshold, per-transaction
 * overrides, and users judged slow per project and per transaction, on duration or LCP.
 */
export function thresholdContract(fixture: () => ContractFixture) {
  it('keeps a project threshold with its metric, editor and dates, until it is reset', async () => {
    const { s, org, project } = fixture();
    const user = await s.createUser({ email: 'a@example.com', passwordHash: 'h', isSuperuser: false });
    expect((await s.getProjectById(project.id))?.threshold).toBeNull();

    const before = Date.now();
    await s.setProjectThreshold(project.id, { thresholdMs: 450, metric: 'lcp', editedBy: user.id });
    const set = (await s.getProjectById(project.id))!.threshold!;
    expect(set).toMatchObject({ thresholdMs: 450, metric: 'lcp', editedBy: user.id });
    expect(set.dateAdded).toBeGreaterThanOrEqual(before);
    expect(set.dateUpdated).toBe(set.dateAdded);

    // Other project edits leave it; a change keeps the date it was first set.
    await s.updateProject(project.id, { name: 'Web site' });
    await new Promise((r) => setTimeout(r, 5));
    await s.setProjectThreshold(project.id, { thresholdMs: 600, metric: 'duration', editedBy: null });
    const changed = (await s.listProjects(org.id)).find((p) => p.id === project.id)!;
    expect(changed).toMatchObject({ name: 'Web site', threshold: { thresholdMs: 600, metric: 'duration' } });
    expect(changed.threshold!.editedBy).toBeNull();
    expect(changed.threshold!.dateAdded).toBe(set.dateAdded);
    expect(changed.threshold!.dateUpdated).toBeGreaterThan(set.dateAdded);

    await s.setProjectThreshold(project.id, null);
    expect((await s.getProject(org.id, project.slug))?.threshold).toBeNull();
  });

  it('keeps one override per transaction, within a limit per project', async () => {
    const { s, org, project } = fixture();
    const other = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'api',
      name: 'API',
      platform: null,
    });
    const value = (thresholdMs: number, metric: 'duration' | 'lcp' = 'duration') => ({
      thresholdMs,
      metric,
      editedBy: null,
    });
    const a = await s.saveThresholdOverride(project.id, 'GET /a', value(100), 2);
    expect(a).toMatchObject({ created: true, override: { transaction: 'GET /a', thresholdMs: 100 } });
    expect(a!.override.projectId).toBe(project.id);
    // Names are kept exactly: another case is another transaction.
    expect((await s.saveThresholdOverride(project.id, 'get /a', value(200, 'lcp'), 2))?.created).toBe(true);
    // At the limit: a third transaction is refused, the existing ones still change.
    expect(await s.saveThresholdOverride(project.id, 'GET /c', value(300), 2)).toBeNull();
    const replaced = await s.saveThresholdOverride(project.id, 'GET /a', value(700, 'lcp'), 2);
    expect(replaced).toMatchObject({ created: false, override: { thresholdMs: 700, metric: 'lcp' } });
    expect(replaced!.override.id).toBe(a!.override.id);
    expect(replaced!.override.dateAdded).toBe(a!.override.dateAdded);
    // The limit is per project.
    expect((await s.saveThresholdOverride(other.id, 'GET /a', value(50), 2))?.created).toBe(true);
    expect(await s.saveThresholdOverride(999_999, 'GET /a', value(50), 2)).toBeNull();

    const list = await s.listThresholdOverrides([project.id, other.id]);
    expect(list.map((o) => [o.projectId, o.transaction, o.thresholdMs, o.metric])).toEqual([
      [project.id, 'GET /a', 700, 'lcp'],
      [project.id, 'get /a', 200, 'lcp'],
      [other.id, 'GET /a', 50, 'duration'],
    ]);
    expect((await s.listThresholdOverrides([project.id], ['GET /a'])).map((o) => o.thresholdMs)).toEqual([
      700,
    ]);
    expect(await s.listThresholdOverrides([project.id], ['GET /nope'])).toEqual([]);
    expect(await s.listThresholdOverrides([project.id], [])).toEqual([]);
    expect(await s.listThresholdOverrides([])).toEqual([]);

    expect(await s.deleteThresholdOverride(project.id, 'GET /a')).toBe(true);
    expect(await s.deleteThresholdOverride(project.id, 'GET /a')).toBe(false);
    expect((await s.listThresholdOverrides([project.id])).map((o) => o.transaction)).toEqual(['get /a']);
    // Deleting a project takes its overrides, and only its own.
    await s.deleteProject(project.id);
    expect(await s.listThresholdOverrides([project.id, other.id])).toMatchObject([{ projectId: other.id }]);
  });

  it('judges users slow by each transaction’s own limit, on duration or LCP', async () => {
    const { s, org, project } = fixture();
    const other = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'api',
      name: 'API',
      platform: null,
    });
    const h = baseHour();
    const page = (projectId: number, name: string, userKey: string, durationMs: number, lcpMs?: number) =>
      makeTransaction(projectId, {
        name,
        userKey,
        durationMs,
        startTimestamp: h + 60_000,
        measurements: lcpMs === undefined ? {} : lcp(lcpMs),
      });
    await s.saveTransactions(
      batchOf([
        page(project.id, '/a', 'id:1', 500, 3_000), // slow by duration > 400, by LCP > 2,000
        page(project.id, '/a', 'id:2', 100, 1_000),
        page(project.id, '/b', 'id:1', 900), // no LCP: never slower than an LCP limit
        page(project.id, '/b', 'id:3', 2_500),
        page(other.id, '/a', 'id:4', 700, 5_000),
      ]),
    );
    const filter: TransactionFilter = { projectIds: [project.id, other.id], since: h, until: h + HOUR };
    const slowOf = async (table: ThresholdTable) =>
      (await s.transactionUsers(filter, table)).map((u) => [u.projectId, u.name, u.users, u.slowUsers]);

    // One limit for all (what `user_misery(100)` asks for): 400 ms of duration.
    expect(await s.transactionUsers(filter, 400)).toEqual([
      { projectId: project.id, name: '/a', users: 2, slowUsers: 1 },
      { projectId: project.id, name: '/b', users: 2, slowUsers: 2 },
      { projectId: other.id, name: '/a', users: 1, slowUsers: 1 },
    ]);
    // The project's LCP limit of 2,000 ms, but /b of the first project judged by 1,000 ms of duration;
    // the other project keeps the fallback (duration, 800 ms).
    expect(
      await slowOf({
        fallback: { ms: 800, metric: 'duration' },
        projects: [{ projectId: project.id, threshold: { ms: 2_000, metric: 'lcp' } }],
        transactions: [{ projectId: project.id, name: '/b', threshold: { ms: 1_000, metric: 'duration' } }],
      }),
    ).toEqual([
      [project.id, '/a', 2, 1],
      [project.id, '/b', 2, 1],
      [other.id, '/a', 1, 0],
    ]);
    // An LCP limit on a transaction whose users measured none: nobody is slow.
    expect(
      await slowOf({
        fallback: { ms: 10, metric: 'duration' },
        projects: [],
        transactions: [
          { projectId: project.id, name: '/b', threshold: { ms: 1, metric: 'lcp' } },
          { projectId: other.id, name: '/a', threshold: { ms: 1, metric: 'lcp' } },
        ],
      }),
    ).toEqual([
      [project.id, '/a', 2, 2],
      [project.id, '/b', 2, 0],
      [other.id, '/a', 1, 1],
    ]);

    // The series groups by project over every name: a user counts once however many names were slow.
    const series = await s.transactionUserSeries(
      filter,
      {
        fallback: { ms: 800, metric: 'duration' },
        projects: [],
        transactions: [{ projectId: project.id, name: '/a', threshold: { ms: 2_000, metric: 'lcp' } }],
      },
      HOUR,
    );
    expect(series.map((u) => [u.projectId, u.users, u.slowUsers])).toEqual([
      [project.id, 3, 2], // id:1 (LCP 3,000 on /a, 900 ms on /b), id:3 (2,500 ms on /b)
      [other.id, 1, 0],
    ]);
  });

  it('raises a user’s LCP when the page load’s LCP arrives after it', async () => {
    const { s, project } = fixture();
    const h = baseHour() + 1_000;
    const segment = makeSegment(project.id, { startTimestamp: h, userKey: 'id:9', durationMs: 50 });
    await s.saveTransactions(batchOf([segment], [makeSpan(segment, {}, true)]));
    const filter: TransactionFilter = { projectIds: [project.id], since: h - 1_000, until: h + HOUR };
    const lcpLimit: ThresholdTable = {
      fallback: { ms: 1_000, metric: 'lcp' },
      projects: [],
      transactions: [],
    };
    expect(await s.transactionUsers(filter, lcpLimit)).toMatchObject([{ users: 1, slowUsers: 0 }]);
    await s.saveTransactions(batchOf([], [], [makeMeasurement(segment, 'lcp', 4_000)]));
    expect(await s.transactionUsers(filter, lcpLimit)).toMatchObject([{ users: 1, slowUsers: 1 }]);
    // Its duration maximum is untouched.
    expect(await s.transactionUsers(filter, 49)).toMatchObject([{ users: 1, slowUsers: 1 }]);
    expect(await s.transactionUsers(filter, 50)).toMatchObject([{ users: 1, slowUsers: 0 }]);
  });
}
