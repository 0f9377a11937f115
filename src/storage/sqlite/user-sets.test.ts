import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { UserSetsJob } from '../../jobs/user-sets.js';
import { batchOf, makeTransaction } from '../../../test/contract/make-transaction.js';
import { SqliteStorage } from './sqlite-storage.js';
import { oneProject } from '../../../test/contract/make-project.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('SQLite user sets', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  async function open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sets-'));
    dirs.push(dir);
    const storage = SqliteStorage.open(path.join(dir, 'db.sqlite'));
    const project = await oneProject(storage);
    return { storage, project };
  }
  const count = (storage: SqliteStorage, sql: string): number =>
    Number((storage.db.prepare(sql).get() as { n: number }).n);

  it('packs a history with a gap in a few steps, and leaves the current hour to the rows', async () => {
    const { storage, project } = await open();
    try {
      const today = Math.floor(Date.now() / DAY) * DAY;
      const starts = [today - 30 * DAY + 5 * HOUR, today - 2 * DAY + 7 * HOUR, Date.now() - 1_000];
      const all = starts.flatMap((start, i) =>
        [1, 2, 3].map((u) => makeTransaction(project.id, { startTimestamp: start, userKey: `id:${u + i}` })),
      );
      await storage.saveTransactions(batchOf(all));
      let steps = 0;
      while (await storage.packUserSets(Date.now())) steps++;
      // Hour by hour over 30 days would be 720 steps; the empty hours and days are skipped.
      expect(steps).toBeLessThan(20);
      expect(count(storage, 'SELECT count(*) AS n FROM transaction_user_sets WHERE users IS NOT NULL')).toBe(
        2,
      );
      expect(count(storage, 'SELECT count(*) AS n FROM transaction_user_sets_day')).toBe(2);
      const window = { projectIds: [project.id], since: today - 40 * DAY, until: Date.now() + 1 };
      // Users 1–3, 2–4 and 3–5: five distinct, from two packed days and the current hour's rows.
      expect(await storage.transactionUsers(window, 0, { days: true })).toEqual([
        { projectId: project.id, name: 'GET /checkout', users: 5, slowUsers: 5 },
      ]);
    } finally {
      await storage.close();
    }
  });

  it('folds a day from its day rows once retention has taken some of its hours', async () => {
    const { storage, project } = await open();
    try {
      const day = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
      const all = Array.from({ length: 24 }, (_, i) =>
        makeTransaction(project.id, {
          startTimestamp: day + i * HOUR,
          userKey: `id:${i}`,
          durationMs: i * 100,
        }),
      );
      await storage.saveTransactions(batchOf(all));
      // As retention leaves it: the day's first hours gone, its day rows kept a day longer.
      storage.db.prepare('DELETE FROM transaction_users WHERE hour < ?').run(day + 12 * HOUR);
      while (await storage.packUserSets(Date.now()));
      const window = { projectIds: [project.id], since: day, until: day + DAY };
      expect(await storage.transactionUsers(window, 1_000, { days: true })).toEqual([
        { projectId: project.id, name: 'GET /checkout', users: 24, slowUsers: 13 },
      ]);
    } finally {
      await storage.close();
    }
  });

  it('is packed by the job in one run, up to the last hour that ended minutes ago', async () => {
    const { storage, project } = await open();
    try {
      const hour = Math.floor(Date.now() / HOUR) * HOUR;
      const all = [3, 2, 0].map((back) =>
        makeTransaction(project.id, { startTimestamp: hour - back * HOUR + 1, userKey: 'id:1' }),
      );
      await storage.saveTransactions(batchOf(all));
      const now = hour + 10 * 60_000;
      await new UserSetsJob(storage, pino({ level: 'silent' })).runOnce(now);
      // The two ended hours are packed; the current one is left to its rows.
      expect(count(storage, 'SELECT count(*) AS n FROM transaction_user_sets WHERE users IS NOT NULL')).toBe(
        2,
      );
      const state = storage.db.prepare('SELECT grain, packed_until FROM transaction_user_sets_state').all();
      expect(state).toContainEqual({ grain: 'transaction_user_sets', packed_until: hour });
    } finally {
      await storage.close();
    }
  });
});
