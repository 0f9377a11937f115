import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOf, makeTransaction } from '../../../test/contract/make-transaction.js';
import type { TransactionFilter } from '../../storage/performance-types.js';
import { SqliteStorage } from '../../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../storage/storage.js';
import { fixedRule } from '../../perf/thresholds.js';
import { parseField, type Field } from './fields.js';
import { seriesQuery } from './series.js';
import { oneProject } from '../../../test/contract/make-project.js';

const HOUR = 3_600_000;
const H0 = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
const FIELDS = [
  'count()',
  'failure_rate()',
  'p50()',
  'apdex(300)',
  'user_misery()',
  'count_unique(user)',
  'tpm()',
].map(parseField) as Array<Extract<Field, { kind: 'aggregate' }>>;
const misery = (miserable: number, users: number) => (miserable + 5.8875) / (users + 5.8875 + 111.8625);

/** The storage, counting the reads a series makes. */
function counting(storage: Storage): { storage: Storage; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(storage, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage: proxy, calls };
}

describe('events-stats series', () => {
  let dir: string;
  let storage: SqliteStorage;
  let filter: TransactionFilter;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-series-'));
    storage = SqliteStorage.open(path.join(dir, 'db.sqlite'));
    const project = await oneProject(storage, 'node');
    const tx = (offset: number, durationMs: number, userKey: string, status = 'ok') =>
      makeTransaction(project.id, { startTimestamp: H0 + offset, durationMs, userKey, status });
    await storage.saveTransactions(
      batchOf([
        // Hour 0, first half: 100 and 200 ms by u1; second half: 400 ms failing (u2), 1300 ms (u3).
        tx(60_000, 100, 'id:u1'),
        tx(120_000, 200, 'id:u1'),
        tx(40 * 60_000, 400, 'id:u2', 'internal_error'),
        tx(50 * 60_000, 1300, 'id:u3'),
        // Hour 1 empty; hour 2: 50 and 5000 ms, both u4.
        tx(2 * HOUR + 1_000, 50, 'id:u4'),
        tx(2 * HOUR + 2_000, 5000, 'id:u4'),
      ]),
    );
    filter = { projectIds: [project.id], since: H0, until: H0 + 3 * HOUR };
  });
  afterAll(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const expectHourly = (buckets: Array<{ time: number; values: Record<string, number | null> }>) => {
    expect(buckets.map((b) => b.time)).toEqual([H0, H0 + HOUR, H0 + 2 * HOUR]);
    const [first, empty, last] = buckets.map((b) => b.values);
    // [100, 200, 400, 1300]: p50 = 200 + 0.5 × 200; apdex (2 satisfied + 1 tolerating / 2) / 4;
    // u3 alone saw more than 4 × 300 ms.
    expect(first!['count()']).toBe(4);
    expect(first!['failure_rate()']).toBe(0.25);
    expect(first!['p50()']).toBeCloseTo(300, -1); // roll-ups: within 1 %
    expect(first!['apdex(300)']).toBe(0.625);
    expect(first!['user_misery()']).toBeCloseTo(misery(1, 3), 12);
    expect(first!['count_unique(user)']).toBe(3);
    expect(first!['tpm()']).toBeCloseTo(4 / 60, 12);
    expect(empty).toMatchObject({ 'count()': 0, 'apdex(300)': null, 'tpm()': 0 });
    // [50, 5000]: one satisfied, one frustrated; u4 miserable.
    expect(last!['count()']).toBe(2);
    expect(last!['apdex(300)']).toBe(0.5);
    expect(last!['user_misery()']).toBeCloseTo(misery(1, 1), 12);
  };

  it('buckets exact rows read in one query, whatever the bucket count', async () => {
    const { storage: s, calls } = counting(storage);
    const series = await seriesQuery(s, filter, FIELDS, HOUR, fixedRule(300));
    expectHourly(series.buckets);
    expect(series.buckets[0]!.values['p50()']).toBe(300);
    expect(calls).toEqual(['listTransactionRollups', 'listTransactionRows']);

    calls.length = 0;
    const halves = await seriesQuery(s, filter, FIELDS, HOUR / 2, fixedRule(300));
    expect(halves.buckets).toHaveLength(6);
    expect(halves.buckets.map((b) => b.values['count()'])).toEqual([2, 2, 0, 0, 2, 0]);
    expect(halves.buckets[1]!.values['failure_rate()']).toBe(0.5);
    expect(halves.buckets[1]!.values['tpm()']).toBeCloseTo(2 / 30, 12);
    expect(calls).toEqual(['listTransactionRollups', 'listTransactionRows']);
  });

  it('buckets hourly roll-ups with one grouped user query when the window is large', async () => {
    const { storage: s, calls } = counting(storage);
    const limits = { exact: 1, rows: 1 };
    const series = await seriesQuery(s, filter, FIELDS, HOUR, fixedRule(300), limits);
    expect(series.intervalMs).toBe(HOUR);
    expectHourly(series.buckets);
    expect(calls).toEqual(['listTransactionRollups', 'transactionUserSeries']);
    // Finer buckets than the hourly roll-ups grow to an hour.
    expect((await seriesQuery(s, filter, FIELDS, HOUR / 2, fixedRule(300), limits)).intervalMs).toBe(HOUR);
    // Two hours per bucket (aligned to the epoch): hour 0 in the first, hour 2 in the second.
    const wide = await seriesQuery(s, filter, FIELDS, 2 * HOUR, fixedRule(300), limits);
    expect(wide.buckets.map((b) => b.values['count()'])).toEqual([4, 2]);
  });
});
