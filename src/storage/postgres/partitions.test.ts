import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, pgAvailableOrWarn } from '../../../test/contract/pg-database.js';
import { makeEvent } from '../../../test/contract/make-event.js';
import { DAY_MS, dayStart } from './partitions.js';
import { PostgresStorage } from './postgres-storage.js';

const available = await pgAvailableOrWarn('PostgreSQL partition and retention tests');

describe.skipIf(!available)('PostgreSQL event partitions and retention', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const setup = async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const s = await PostgresStorage.open(db.url, { poolSize: 3 });
    cleanups.push(() => s.close());
    const org = await s.createOrganization({ slug: 'acme', name: 'Acme' });
    const project = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'web',
      name: 'Web',
      platform: null,
    });
    return { s, url: db.url, project };
  };
  const days = async (s: PostgresStorage) => (await s.partitions.list()).map((p) => p.from);
  const count = async (s: PostgresStorage, table: string) =>
    Number((await s.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it('keeps partitions ready ahead and creates one on demand for an old day', async () => {
    const { s, project } = await setup();
    const today = dayStart(Date.now());
    expect(await days(s)).toEqual(expect.arrayContaining([today, today + DAY_MS, today + 3 * DAY_MS]));
    const old = today - 40 * DAY_MS + 5_000;
    expect(
      (await s.saveErrorEvents([makeEvent(project.id, { timestamp: old, receivedAt: old })])).saved,
    ).toBe(1);
    expect(await days(s)).toContain(today - 40 * DAY_MS);
    // Transactions and span chunks have day partitions of their own, kept ready the same way.
    for (const p of [s.transactionPartitions, s.spanChunkPartitions]) {
      expect((await p.list()).map((d) => d.from)).toEqual(
        expect.arrayContaining([today, today + 3 * DAY_MS]),
      );
      expect((await p.list()).every((d) => d.name.startsWith(`${p.table}_p`))).toBe(true);
    }
  });

  it('drops whole partitions older than the cut-off and deletes the rest in chunks', async () => {
    const { s, project } = await setup();
    const now = Date.now();
    const cutoff = dayStart(now) - 30 * DAY_MS + 12 * 3_600_000; // noon of the boundary day
    const at = (ms: number, hash: string) =>
      makeEvent(project.id, { timestamp: ms, receivedAt: ms, hashes: [hash.repeat(32)] });
    const oldDay = [1, 2, 3].map((i) => at(cutoff - 5 * DAY_MS + i, 'a'));
    const boundaryBefore = [1, 2].map((i) => at(cutoff - i * 60_000, 'b'));
    const boundaryAfter = at(cutoff + 60_000, 'c');
    const recent = at(now, 'c');
    await s.saveErrorEvents([...oldDay, ...boundaryBefore, boundaryAfter, recent]);
    const oldPartition = dayStart(cutoff - 5 * DAY_MS);
    expect(await days(s)).toContain(oldPartition);

    let total = 0;
    let calls = 0;
    for (let n = -1; n !== 0; calls++) total += n = await s.deleteOldData(cutoff, 2);
    // 5 events and the 2 issues last seen before the cut-off (issue c has recent events).
    expect(total).toBe(7);
    expect(calls).toBeGreaterThan(2); // the limit bounded each call
    expect(await days(s)).not.toContain(oldPartition);
    expect(await days(s)).toContain(dayStart(cutoff)); // the boundary day stays, holding later rows
    expect(await count(s, 'events')).toBe(2);
    expect(await count(s, 'event_ids')).toBe(2);
    expect(await count(s, 'issues')).toBe(1);
    expect(await s.getEvent(project.id, boundaryAfter.eventId)).not.toBeNull();
    expect(await s.getEvent(project.id, boundaryBefore[0]!.eventId)).toBeNull();
    // A replay of a deleted event is stored again, as SQLite would: its claim went with it.
    expect((await s.saveErrorEvents([oldDay[0]!])).saved).toBe(1);
  });

  it('retries a batch whose partition another process dropped under it', async () => {
    const { s, url, project } = await setup();
    const other = await PostgresStorage.open(url, { migrate: false, poolSize: 2 });
    cleanups.push(() => other.close());
    const old = dayStart(Date.now()) - 20 * DAY_MS + 1_000;
    await s.saveErrorEvents([makeEvent(project.id, { timestamp: old, receivedAt: old })]);
    // The other process's retention drops that day; `s` still believes the partition exists.
    await other.deleteOldData(dayStart(old) + DAY_MS, 100);
    expect(await days(s)).not.toContain(dayStart(old));
    const again = await s.saveErrorEvents([makeEvent(project.id, { timestamp: old, receivedAt: old })]);
    expect(again.saved).toBe(1);
    expect(await days(s)).toContain(dayStart(old));
  });
});
