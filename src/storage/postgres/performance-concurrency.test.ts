import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchOf,
  makeMeasurement,
  makeSegment,
  makeSpan,
  makeTransaction,
} from '../../../test/contract/make-transaction.js';
import { createTestDatabase, pgAvailableOrWarn } from '../../../test/contract/pg-database.js';
import { LogHistogram, type LogHistogramJson } from '../../perf/histogram.js';
import type { ProcessedTransaction } from '../../digest/performance/types.js';
import type { TransactionBatch } from '../performance-types.js';
import type { ProjectRecord } from '../types.js';
import { PostgresStorage } from './postgres-storage.js';

const available = await pgAvailableOrWarn('PostgreSQL performance concurrency tests');
const HOUR = 3_600_000;

describe.skipIf(!available)('PostgreSQL: digest processes saving transactions concurrently', () => {
  let a: PostgresStorage;
  let b: PostgresStorage;
  let drop: () => Promise<void>;
  let project: ProjectRecord;
  const hour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
  const filter = (o: object = {}) => ({ projectIds: [project.id], since: hour, until: hour + HOUR, ...o });

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    a = await PostgresStorage.open(db.url, { poolSize: 4 });
    b = await PostgresStorage.open(db.url, { poolSize: 4 });
    const org = await a.createOrganization({ slug: 'acme', name: 'Acme' });
    project = await a.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'web',
      name: 'web',
      platform: null,
    });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('counts every transaction once when replayed batches race each other', async () => {
    const txs: ProcessedTransaction[] = Array.from({ length: 200 }, (_, i) =>
      makeTransaction(project.id, {
        name: `GET /r${i % 3}`,
        startTimestamp: hour + i * 1_000,
        durationMs: 10 + i,
        userKey: `id:${i % 7}`,
      }),
    );
    // Four writers, two per process, each saving overlapping slices (a replayed spool entry).
    const batches: TransactionBatch[][] = [[], [], [], []];
    for (let start = 0; start < txs.length; start += 20) {
      const slice = txs.slice(start, start + 30);
      for (let w = 0; w < 4; w++)
        if ((start / 20 + w) % 2 === 0 || w === 3)
          batches[w]!.push(
            batchOf(
              slice,
              slice.map((t) => makeSpan(t, {}, true)),
            ),
          );
    }
    const writer = async (storage: PostgresStorage, mine: TransactionBatch[]) => {
      let saved = 0;
      for (const batch of mine) saved += (await storage.saveTransactions(batch)).saved;
      return saved;
    };
    const saved = await Promise.all([
      writer(a, batches[0]!),
      writer(b, batches[1]!),
      writer(a, batches[2]!),
      writer(b, batches[3]!),
    ]);
    expect(saved.reduce((x, y) => x + y, 0)).toBe(200);
    expect(await a.countTransactions(filter({ names: ['GET /r0', 'GET /r1', 'GET /r2'] }))).toBe(200);
    const rollups = await a.listTransactionRollups(filter());
    expect(rollups.reduce((n, r) => n + r.count, 0)).toBe(200);
    expect(rollups.reduce((n, r) => n + r.sumDurationMs, 0)).toBeCloseTo(
      txs.reduce((n, t) => n + t.durationMs, 0),
      6,
    );
    const users = await a.transactionUsers(filter(), 0);
    expect(users.map((u) => u.users)).toEqual([7, 7, 7]);
  });

  it('merges late vitals and names interactions whichever process stores what first', async () => {
    const pages: ProcessedTransaction[] = [];
    const interactions: ProcessedTransaction[] = [];
    for (let i = 0; i < 30; i++) {
      const page = makeSegment(project.id, { name: `/page${i}`, startTimestamp: hour + i, op: 'pageload' });
      pages.push(page);
      interactions.push(
        makeSegment(project.id, {
          kind: 'interaction',
          op: 'ui.interaction.click',
          traceId: page.traceId,
          name: 'Pageload',
          nameFromEventId: page.eventId,
          startTimestamp: hour + 100 + i,
          measurements: { inp: { value: 40, unit: 'millisecond' } },
        }),
      );
      // The page load, its late LCP and its interaction land in different processes at the same time.
      await Promise.all([
        a.saveTransactions(batchOf([page])),
        b.saveTransactions(batchOf([], [], [makeMeasurement(page, 'lcp', 1_000 + i)])),
        b.saveTransactions(batchOf([interactions[i]!])),
      ]);
    }
    for (const [i, page] of pages.entries()) {
      expect((await a.getTransaction(project.id, page.eventId))!.measurements).toEqual({
        lcp: { value: 1_000 + i, unit: 'millisecond' },
      });
    }
    const names = (await a.listTransactionRows(filter({ kinds: ['interaction'] }), 100)).map((r) => r.name);
    expect(names.sort()).toEqual(pages.map((p) => p.name).sort());
    const pageRollups = await a.listTransactionRollups(filter({ ops: ['pageload'] }));
    expect(pageRollups).toHaveLength(30);
    for (const r of pageRollups) {
      expect(r.count).toBe(1);
      expect(LogHistogram.fromJSON(r.vitals['lcp'] as unknown as LogHistogramJson).count).toBe(1);
    }
    const inpRollups = await a.listTransactionRollups(filter({ kinds: ['interaction'] }));
    expect(inpRollups.map((r) => r.count)).toEqual(Array(30).fill(1));
  });
});
