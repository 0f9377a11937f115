import { expect, it } from 'vitest';
import { segmentEventId } from '../../src/digest/performance/ids.js';
import { LogHistogram, type LogHistogramJson } from '../../src/perf/histogram.js';
import { percentile } from '../../src/perf/math.js';
import type { ThresholdTable } from '../../src/perf/thresholds.js';
import type { TransactionFilter, TransactionRollupRow } from '../../src/storage/performance-types.js';
import type { Storage } from '../../src/storage/storage.js';
import type { ContractFixture } from './admin-suite.js';
import { makeEvent } from './make-event.js';
import {
  batchOf,
  makeMeasurement,
  makeSegment,
  makeSpan,
  makeTransaction,
  newSpanId,
  newTraceId,
} from './make-transaction.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The start of an hour two hours ago: every test's transactions start inside it. */
const baseHour = (): number => Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;

/** Packs every ended slice's users into sets (SQLite; a no-op on PostgreSQL), as the job does. */
async function packAll(s: Storage): Promise<void> {
  for (let steps = 0; await s.packUserSets(Date.now()); steps++) expect(steps).toBeLessThan(1_000);
}

const histogram = (json: unknown): LogHistogram => LogHistogram.fromJSON(json as LogHistogramJson);

/**
 * The performance half of the storage contract: transactions, spans, late web vitals, interactions,
 * hourly roll-ups, traces, retention. Registered inside `storageContract`'s describe.
 */
export function performanceContract(fixture: () => ContractFixture) {
  const window = (projectId: number, o: Partial<TransactionFilter> = {}): TransactionFilter => ({
    projectIds: [projectId],
    since: baseHour(),
    until: baseHour() + HOUR,
    ...o,
  });
  const rollupsOf = async (f: TransactionFilter): Promise<TransactionRollupRow[]> =>
    fixture().s.listTransactionRollups(f);

  it('stores transactions and spans once, however often a batch is replayed', async () => {
    const { s, project } = fixture();
    const t0 = baseHour() + 60_000;
    const a = makeTransaction(project.id, { startTimestamp: t0, durationMs: 100, userKey: 'id:1' });
    const b = makeTransaction(project.id, {
      startTimestamp: t0 + 1_000,
      durationMs: 300,
      status: 'internal_error',
    });
    const spans = [makeSpan(a, {}, true), makeSpan(a, { startTimestamp: t0 + 20 }), makeSpan(a)];
    const batch = batchOf([a, b], spans);
    const first = await s.saveTransactions(batch);
    expect(first).toMatchObject({ saved: 2, duplicates: 0, spansSaved: 3 });
    expect(first.savedPerProject.get(project.id)).toBe(2);
    expect(first.spansSavedPerProject.get(project.id)).toBe(3);
    const before = await rollupsOf(window(project.id));

    const again = await s.saveTransactions(batch);
    expect(again).toMatchObject({ saved: 0, duplicates: 2, spansSaved: 0 });
    expect(again.savedPerProject.size).toBe(0);
    // The same transaction twice in one batch is stored once too.
    expect((await s.saveTransactions(batchOf([b, b]))).duplicates).toBe(2);

    expect(await s.countTransactions(window(project.id))).toBe(2);
    expect(await rollupsOf(window(project.id))).toEqual(before);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ count: 2, failures: 1, sumDurationMs: 400, hour: baseHour() });
    const spansOf = await s.listTransactionSpans(project.id, a.eventId);
    expect(spansOf.map((x) => x.spanId)).toEqual([spans[0]!.spanId, spans[2]!.spanId, spans[1]!.spanId]);
    expect(spansOf[0]).toMatchObject({ isSegment: true, op: 'http.server', data: spans[0]!.data });
    expect(spansOf[1]).toMatchObject({ tags: [['shard', 'a']], origin: 'manual', exclusiveTimeMs: 10 });
  });

  it('gathers a segment’s spans from several deliveries, storing each span once', async () => {
    const { s, project } = fixture();
    const seg = makeSegment(project.id, { startTimestamp: baseHour() + 2_000, durationMs: 50 });
    const at = seg.receivedAt;
    const root = makeSpan(seg, { startTimestamp: seg.startTimestamp }, true);
    const [a, b, c] = [1, 2, 3].map((i) => makeSpan(seg, { startTimestamp: seg.startTimestamp + i }));
    const delivered = (span: typeof root, receivedAt: number) => ({ ...span, receivedAt });
    // Children first, over two envelopes that share a span; the second replayed after a crash.
    expect((await s.saveTransactions(batchOf([], [a!, b!]))).spansSaved).toBe(2);
    const second = batchOf([], [delivered(b!, at + 1), delivered(c!, at + 1)]);
    const stored = await s.saveTransactions(second);
    expect(stored.spansSaved).toBe(1);
    expect(stored.spansSavedPerProject.get(project.id)).toBe(1);
    expect((await s.saveTransactions(second)).spansSaved).toBe(0);
    // Then the root with a repeat of a child, and the root again from another envelope of the batch.
    const last = await s.saveTransactions(
      batchOf([seg], [delivered(root, at + 2), delivered(a!, at + 2), delivered(root, at + 3)]),
    );
    expect(last).toMatchObject({ saved: 1, spansSaved: 1 });

    const spans = await s.listTransactionSpans(project.id, seg.eventId);
    expect(spans.map((x) => x.spanId)).toEqual([root.spanId, a!.spanId, b!.spanId, c!.spanId]);
    expect(spans[3]).toEqual({
      projectId: project.id,
      traceId: seg.traceId,
      spanId: c!.spanId,
      parentSpanId: seg.spanId,
      segmentId: seg.spanId,
      transactionEventId: seg.eventId,
      op: 'db.query',
      description: 'SELECT 1',
      status: 'ok',
      startTimestamp: seg.startTimestamp + 3,
      durationMs: 10,
      exclusiveTimeMs: 10,
      isSegment: false,
      data: { 'db.system': 'postgresql' },
      tags: [['shard', 'a']],
      origin: 'manual',
    });
  });

  it('reads transactions back: rows, orders, counts, filters and the stored body', async () => {
    const { s, project } = fixture();
    const t0 = baseHour() + 60_000;
    const txs = [
      makeTransaction(project.id, { startTimestamp: t0, durationMs: 50, name: 'GET /a' }),
      makeTransaction(project.id, { startTimestamp: t0 + 10, durationMs: 500, name: 'GET /b', op: 'http' }),
      makeTransaction(project.id, {
        startTimestamp: t0 + 20,
        durationMs: 5,
        name: 'GET /a',
        environment: 'staging',
        release: null,
        measurements: { lcp: { value: 1200, unit: 'millisecond' } },
      }),
      makeSegment(project.id, { startTimestamp: t0 + 30, durationMs: 80, name: '/page' }),
      makeTransaction(project.id, { startTimestamp: baseHour() - HOUR, name: 'GET /old' }),
    ];
    await s.saveTransactions(batchOf(txs));
    const names = async (o: Partial<TransactionFilter>, order?: 'newest' | 'slowest' | 'fastest') =>
      (await s.listTransactionRows(window(project.id, o), 10, order)).map((r) => r.durationMs);
    expect(await names({})).toEqual([80, 5, 500, 50]);
    expect(await names({}, 'slowest')).toEqual([500, 80, 50, 5]);
    expect(await names({}, 'fastest')).toEqual([5, 50, 80, 500]);
    expect(await names({ names: ['GET /a'] })).toEqual([5, 50]);
    expect(await names({ environments: ['staging'] })).toEqual([5]);
    expect(await names({ releases: ['app@1.0.0'] })).toEqual([80, 500, 50]);
    expect(await names({ ops: ['http'] })).toEqual([500]);
    expect(await names({ kinds: ['segment'] })).toEqual([80]);
    expect(await names({ projectIds: [] })).toEqual([]);
    expect(await s.listTransactionRows(window(project.id), 2)).toHaveLength(2);
    expect(await s.countTransactions(window(project.id))).toBe(4);
    expect(
      await s.countTransactions(window(project.id, { names: ['GET /a'], environments: ['production'] })),
    ).toBe(1);

    const row = (await s.listTransactionRows(window(project.id, { environments: ['staging'] }), 1))[0]!;
    expect(row).toMatchObject({
      projectId: project.id,
      eventId: txs[2]!.eventId,
      kind: 'transaction',
      traceId: txs[2]!.traceId,
      spanId: txs[2]!.spanId,
      parentSpanId: null,
      name: 'GET /a',
      op: 'http.server',
      status: 'ok',
      startTimestamp: t0 + 20,
      release: null,
      environment: 'staging',
      httpMethod: 'GET',
      httpStatusCode: 200,
      measurements: { lcp: { value: 1200, unit: 'millisecond' } },
      receivedAt: txs[2]!.receivedAt,
    });
    const stored = (await s.getTransaction(project.id, txs[0]!.eventId))!;
    expect(stored.data).toEqual(txs[0]!.data);
    expect(stored.durationMs).toBe(50);
    expect(await s.getTransaction(project.id, 'f'.repeat(32))).toBeNull();
  });

  it('rolls up counts, failures, durations and vitals per hour, exact where it can be', async () => {
    const { s, project } = fixture();
    const h = baseHour();
    const durations = Array.from({ length: 100 }, (_, i) => i + 1);
    const statuses = ['ok', 'cancelled', 'unknown', 'unknown_error', 'internal_error'];
    const txs = durations.map((d, i) =>
      makeTransaction(project.id, {
        name: 'GET /api',
        startTimestamp: h + i * 1_000,
        durationMs: d,
        environment: i % 2 ? 'production' : 'staging',
        release: i % 3 ? 'app@1.0.0' : null,
        status: statuses[i % 5]!,
        measurements: i < 10 ? { lcp: { value: 1000 + i * 100, unit: 'millisecond' } } : {},
      }),
    );
    // Another hour, another name, and an interaction (not counted by default).
    txs.push(makeTransaction(project.id, { name: 'GET /api', startTimestamp: h + HOUR + 5, durationMs: 7 }));
    txs.push(makeTransaction(project.id, { name: 'GET /other', startTimestamp: h + 5, durationMs: 9 }));
    txs.push(makeSegment(project.id, { kind: 'interaction', op: 'ui.interaction.click', startTimestamp: h }));
    // Saved in two batches so the second merges into stored rows.
    await s.saveTransactions(batchOf(txs.slice(0, 40)));
    await s.saveTransactions(batchOf(txs.slice(40)));

    const rows = await rollupsOf({ ...window(project.id), until: h + 2 * HOUR });
    expect(rows.map((r) => [r.name, r.hour, r.count])).toEqual([
      ['GET /api', h, 100],
      ['GET /api', h + HOUR, 1],
      ['GET /other', h, 1],
    ]);
    const api = rows[0]!;
    expect(api.failures).toBe(20); // internal_error only: ok, cancelled, unknown, unknown_error are not failures
    expect(api.sumDurationMs).toBeCloseTo(5050, 6);
    const exact = percentile(durations, 0.95)!;
    const approx = histogram(api.durations).percentile(0.95)!;
    expect(Math.abs(approx - exact) / exact).toBeLessThan(0.01);
    expect(histogram(api.durations).count).toBe(100);
    expect(histogram(api.durations).max).toBe(100);
    const lcp = histogram(api.vitals['lcp']);
    expect(lcp.count).toBe(10);
    expect(Math.abs(lcp.percentile(0.5)! - 1450) / 1450).toBeLessThan(0.01);

    // Filters apply before the dimensions collapse; hours overlapping the window count whole.
    const prod = await rollupsOf(window(project.id, { environments: ['production'] }));
    expect(prod.map((r) => [r.name, r.count])).toEqual([
      ['GET /api', 50],
      ['GET /other', 1],
    ]);
    const noRelease = await rollupsOf(window(project.id, { releases: ['app@1.0.0'], names: ['GET /api'] }));
    expect(noRelease[0]!.count).toBe(66);
    const partial = await rollupsOf({ ...window(project.id), since: h + HOUR - 1, until: h + HOUR });
    expect(partial.map((r) => r.count)).toEqual([100, 1]);
    expect(await rollupsOf(window(project.id, { ops: ['pageload'] }))).toEqual([]);
    const inp = await rollupsOf(window(project.id, { kinds: ['interaction'] }));
    expect(inp.map((r) => r.count)).toEqual([1]);
    expect(await rollupsOf(window(project.id, { projectIds: [] }))).toEqual([]);
  });

  it('counts distinct and slow users exactly', async () => {
    const { s, project } = fixture();
    const h = baseHour();
    const tx = (userKey: string | null, durationMs: number, name = 'GET /u', offset = 0) =>
      makeTransaction(project.id, { name, userKey, durationMs, startTimestamp: h + offset });
    await s.saveTransactions(
      batchOf([tx('id:1', 100), tx('id:1', 2_000), tx('id:2', 100), tx(null, 5_000), tx('id:3', 1_500)]),
    );
    // The same users in another environment and hour are still the same users.
    await s.saveTransactions(
      batchOf([
        { ...tx('id:2', 1_300, 'GET /u', HOUR + 1), environment: 'staging' },
        tx('id:4', 10, 'GET /v'),
      ]),
    );
    const users = await s.transactionUsers({ ...window(project.id), until: h + 2 * HOUR }, 1_200);
    expect(users).toEqual([
      { projectId: project.id, name: 'GET /u', users: 3, slowUsers: 3 },
      { projectId: project.id, name: 'GET /v', users: 1, slowUsers: 0 },
    ]);
    const firstHour = await s.transactionUsers(window(project.id, { names: ['GET /u'] }), 1_200);
    expect(firstHour).toEqual([{ projectId: project.id, name: 'GET /u', users: 3, slowUsers: 2 }]);
    expect(await s.transactionUsers(window(project.id, { environments: ['staging'] }), 0)).toEqual([]);

    // Per hour bucket over every name, in one grouped query (the events-stats series).
    const series = await s.transactionUserSeries({ ...window(project.id), until: h + 2 * HOUR }, 1_200, HOUR);
    expect(series).toEqual([
      { projectId: project.id, bucket: h, users: 4, slowUsers: 2 },
      { projectId: project.id, bucket: h + HOUR, users: 1, slowUsers: 1 },
    ]);
    const onlyV = await s.transactionUserSeries(window(project.id, { names: ['GET /v'] }), 0, HOUR);
    expect(onlyV).toEqual([{ projectId: project.id, bucket: h, users: 1, slowUsers: 1 }]);
    expect(await s.transactionUserSeries(window(project.id, { projectIds: [] }), 0, HOUR)).toEqual([]);
  });

  it('answers a multi-day window from day roll-ups exactly as from the hours and the rows', async () => {
    const { s, project } = fixture();
    // Four whole UTC days ending before yesterday, spread over hours, users, environments and batches.
    const day0 = Math.floor(Date.now() / DAY) * DAY - 5 * DAY;
    const all = Array.from({ length: 240 }, (_, i) =>
      makeTransaction(project.id, {
        name: i % 3 === 0 ? 'GET /a' : 'GET /b',
        environment: i % 5 === 0 ? 'staging' : 'production',
        startTimestamp: day0 + ((i * 7_919_000) % (4 * DAY)),
        durationMs: 50 + ((i * 37) % 900),
        userKey: i % 7 === 0 ? null : `id:${i % 23}`,
        status: i % 11 === 0 ? 'internal_error' : 'ok',
        measurements: i % 4 === 0 ? { lcp: { value: 100 + ((i * 53) % 2_000), unit: 'millisecond' } } : {},
      }),
    );
    for (let i = 0; i < all.length; i += 50) await s.saveTransactions(batchOf(all.slice(i, i + 50)));
    // Partial first and last days (read by the hour), two whole days between.
    const f = {
      ...window(project.id),
      since: day0 + 5 * HOUR + 17 * 60_000,
      until: day0 + 3 * DAY + 7 * HOUR,
    };
    const table: ThresholdTable = {
      fallback: { ms: 600, metric: 'duration' },
      projects: [],
      transactions: [{ projectId: project.id, name: 'GET /a', threshold: { ms: 900, metric: 'lcp' } }],
    };
    // From the rows: every hour the window touches, as the hourly roll-ups count it.
    const expected = () => {
      const inWindow = all.filter(
        (t) => t.startTimestamp >= Math.floor(f.since / HOUR) * HOUR && t.startTimestamp < f.until,
      );
      return ['GET /a', 'GET /b'].map((name) => {
        const mine = inWindow.filter((t) => t.name === name && t.userKey !== null);
        const limit = name === 'GET /a' ? 900 : 600;
        const value = (t: (typeof all)[number]) =>
          name === 'GET /a' ? (t.measurements['lcp']?.value ?? -1) : t.durationMs;
        return {
          projectId: project.id,
          name,
          users: new Set(mine.map((t) => t.userKey)).size,
          slowUsers: new Set(mine.filter((t) => value(t) > limit).map((t) => t.userKey)).size,
        };
      });
    };
    const checkUsers = async () => {
      const byDays = await s.transactionUsers(f, table, { days: true });
      expect(byDays).toEqual(expected());
      expect(await s.transactionUsers(f, table)).toEqual(byDays);
    };
    await checkUsers();
    // Packed into user sets (SQLite; a no-op on PostgreSQL), the answers stay the same.
    await packAll(s);
    await checkUsers();
    // Late transactions in packed slices: a new user, a known user slower than before, and a slice of
    // an environment the day had not seen. Read from their rows until packed again, then from the sets.
    const late = [
      { userKey: 'id:late', durationMs: 100, environment: 'production' },
      { userKey: 'id:1', durationMs: 5_000, environment: 'production' },
      { userKey: 'id:2', durationMs: 7_000, environment: 'qa' },
    ].map((t) =>
      makeTransaction(project.id, { ...t, name: 'GET /b', startTimestamp: day0 + DAY + 3 * HOUR + 60_000 }),
    );
    all.push(...late);
    await s.saveTransactions(batchOf(late));
    await checkUsers();
    await packAll(s);
    await checkUsers();
    const inWindow = all.filter(
      (t) => t.startTimestamp >= Math.floor(f.since / HOUR) * HOUR && t.startTimestamp < f.until,
    );

    const days = await s.listTransactionRollups(f, { days: true });
    const hours = await s.listTransactionRollups(f);
    expect(days.length).toBeLessThan(hours.length);
    for (const name of ['GET /a', 'GET /b']) {
      const fold = (rows: TransactionRollupRow[]) => {
        const d = new LogHistogram();
        const lcp = new LogHistogram();
        let count = 0;
        let failures = 0;
        for (const r of rows.filter((r) => r.name === name)) {
          count += r.count;
          failures += r.failures;
          d.merge(histogram(r.durations));
          if (r.vitals['lcp']) lcp.merge(histogram(r.vitals['lcp']));
        }
        return { count, failures, d, lcp };
      };
      const a = fold(days);
      const b = fold(hours);
      expect(a.count).toBe(inWindow.filter((t) => t.name === name).length);
      expect({ ...a.d.toJSON(), s: 0 }).toEqual({ ...b.d.toJSON(), s: 0 });
      expect({ ...a.lcp.toJSON(), s: 0 }).toEqual({ ...b.lcp.toJSON(), s: 0 });
      expect(a.d.sum).toBeCloseTo(b.d.sum, 6);
      expect([a.count, a.failures]).toEqual([b.count, b.failures]);
    }
  });

  it('merges a late web vital into its segment, whichever arrives first', async () => {
    const { s, project } = fixture();
    const h = baseHour() + 1_000;
    const fcp = { fcp: { value: 100, unit: 'millisecond' } };
    // Vital first: it waits until the segment arrives.
    const early = makeSegment(project.id, { startTimestamp: h, measurements: fcp });
    await s.saveTransactions(batchOf([], [], [makeMeasurement(early, 'lcp', 2_500)]));
    expect(await s.getTransaction(project.id, early.eventId)).toBeNull();
    await s.saveTransactions(batchOf([early], [makeSpan(early, {}, true)]));
    // Segment first: the vital is merged when it comes, once however often it is replayed.
    const later = makeSegment(project.id, { startTimestamp: h + 10 });
    await s.saveTransactions(batchOf([later]));
    const lateBatch = batchOf(
      [],
      [],
      [makeMeasurement(later, 'lcp', 3_000), makeMeasurement(later, 'cls', 0.1, 'none')],
    );
    await s.saveTransactions(lateBatch);
    await s.saveTransactions(lateBatch);
    // In one batch, the vital listed before its segment.
    const same = makeSegment(project.id, { startTimestamp: h + 20 });
    await s.saveTransactions(batchOf([same], [], [makeMeasurement(same, 'lcp', 3_500)]));
    // A value the segment already has is kept.
    await s.saveTransactions(batchOf([], [], [makeMeasurement(early, 'fcp', 999)]));
    // A transaction item (not a v2 segment) is found by trace and span id.
    const item = makeTransaction(project.id, { startTimestamp: h + 30, op: 'pageload', name: '/index.html' });
    await s.saveTransactions(batchOf([item]));
    await s.saveTransactions(batchOf([], [], [makeMeasurement(item, 'lcp', 4_000)]));

    const measurementsOf = async (id: string) => (await s.getTransaction(project.id, id))!.measurements;
    expect(await measurementsOf(early.eventId)).toEqual({
      fcp: { value: 100, unit: 'millisecond' },
      lcp: { value: 2_500, unit: 'millisecond' },
    });
    expect(await measurementsOf(later.eventId)).toEqual({
      lcp: { value: 3_000, unit: 'millisecond' },
      cls: { value: 0.1, unit: 'none' },
    });
    expect(await measurementsOf(same.eventId)).toEqual({ lcp: { value: 3_500, unit: 'millisecond' } });
    expect(await measurementsOf(item.eventId)).toEqual({ lcp: { value: 4_000, unit: 'millisecond' } });
    const body = (await s.getTransaction(project.id, later.eventId))!.data;
    expect(body['measurements']).toEqual({
      lcp: { value: 3_000, unit: 'millisecond' },
      cls: { value: 0.1, unit: 'none' },
    });
    const [pages] = await rollupsOf(window(project.id, { names: ['/index.html'] }));
    expect(pages!.count).toBe(4);
    const lcp = histogram(pages!.vitals['lcp']);
    expect(lcp.count).toBe(4);
    expect([lcp.min, lcp.max]).toEqual([2_500, 4_000]);
    expect(histogram(pages!.vitals['fcp']).count).toBe(1);
    expect(histogram(pages!.vitals['cls']).count).toBe(1);
  });

  it('names an interaction after its page load, and counts it only once named', async () => {
    const { s, project } = fixture();
    const h = baseHour() + 1_000;
    const inp = { inp: { value: 24, unit: 'millisecond' } };
    const traceId = newTraceId();
    const pageSpan = newSpanId();
    const pageEvent = segmentEventId(traceId, pageSpan);
    const interaction = (offset: number) =>
      makeSegment(project.id, {
        kind: 'interaction',
        op: 'ui.interaction.click',
        traceId,
        parentSpanId: pageSpan,
        name: 'Pageload',
        nameSource: 'custom',
        nameFromEventId: pageEvent,
        measurements: inp,
        startTimestamp: h + offset,
        durationMs: 24,
        userKey: 'id:7',
      });
    const before = interaction(100);
    await s.saveTransactions(batchOf([before]));
    const interactions = window(project.id, { kinds: ['interaction'] });
    expect((await s.listTransactionRows(interactions, 10)).map((r) => r.name)).toEqual(['Pageload']);
    expect(await rollupsOf(interactions)).toEqual([]);

    const page = makeSegment(project.id, { traceId, spanId: pageSpan, name: '/shop', startTimestamp: h });
    await s.saveTransactions(batchOf([page]));
    await s.saveTransactions(batchOf([page, before])); // replayed: nothing moves twice
    const after = interaction(200);
    await s.saveTransactions(batchOf([after]));
    // Interaction and page load in one batch, the interaction first.
    const trace2 = newTraceId();
    const page2Span = newSpanId();
    const inBatch = makeSegment(project.id, {
      ...interaction(300),
      traceId: trace2,
      nameFromEventId: segmentEventId(trace2, page2Span),
    });
    const page2 = makeSegment(project.id, {
      traceId: trace2,
      spanId: page2Span,
      name: '/cart',
      startTimestamp: h,
    });
    await s.saveTransactions(batchOf([inBatch, page2]));

    expect((await s.listTransactionRows(interactions, 10)).map((r) => r.name)).toEqual([
      '/cart',
      '/shop',
      '/shop',
    ]);
    const stored = (await s.getTransaction(project.id, before.eventId))!;
    expect(stored.data['transaction']).toBe('/shop');
    expect(stored.data['transaction_info']).toEqual({ source: 'url' });
    const rollups = await rollupsOf(interactions);
    expect(rollups.map((r) => [r.name, r.count])).toEqual([
      ['/cart', 1],
      ['/shop', 2],
    ]);
    expect(histogram(rollups[1]!.vitals['inp']).count).toBe(2);
    expect(await s.transactionUsers(interactions, 10)).toEqual([
      { projectId: project.id, name: '/cart', users: 1, slowUsers: 1 },
      { projectId: project.id, name: '/shop', users: 1, slowUsers: 1 },
    ]);
  });

  it('finds the transactions and errors of a trace, within the projects asked for', async () => {
    const { s, org, project } = fixture();
    const other = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'api',
      name: 'API',
      platform: null,
    });
    const traceId = newTraceId();
    const root = makeTransaction(project.id, { traceId, startTimestamp: baseHour() + 10 });
    const child = makeTransaction(other.id, {
      traceId,
      parentSpanId: root.spanId,
      startTimestamp: baseHour() + 20,
    });
    await s.saveTransactions(batchOf([child, root, makeTransaction(project.id)]));
    const error = makeEvent(project.id, { traceId, data: { message: 'boom in trace' } });
    await s.saveErrorEvents([error, makeEvent(other.id, { traceId }), makeEvent(project.id)]);

    const both = [project.id, other.id];
    expect((await s.listTraceTransactions(traceId, both)).map((t) => t.eventId)).toEqual([
      root.eventId,
      child.eventId,
    ]);
    expect((await s.listTraceTransactions(traceId, [other.id])).map((t) => t.eventId)).toEqual([
      child.eventId,
    ]);
    const errors = await s.listTraceErrors(traceId, [project.id]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      eventId: error.eventId,
      projectId: project.id,
      timestamp: error.timestamp,
      data: { message: 'boom in trace' },
    });
    expect((await s.getIssue(errors[0]!.issueId))?.projectId).toBe(project.id);
    expect(await s.listTraceErrors(traceId, both)).toHaveLength(2);
    expect(await s.listTraceErrors(newTraceId(), both)).toEqual([]);
    expect(await s.listTraceTransactions(traceId, [])).toEqual([]);
  });

  it('removes old transactions, spans, roll-ups and waiting vitals with retention', async () => {
    const { s, project } = fixture();
    const old = Date.now() - 100 * DAY;
    const oldTx = makeTransaction(project.id, {
      startTimestamp: old,
      receivedAt: old + 1_000,
      userKey: 'id:1',
    });
    const newTx = makeTransaction(project.id, { startTimestamp: baseHour() + 5, userKey: 'id:1' });
    const orphan = {
      ...makeMeasurement({ projectId: project.id, traceId: newTraceId(), spanId: newSpanId() }, 'lcp', 1),
      receivedAt: old + 2_000,
    };
    await s.saveTransactions(
      batchOf([oldTx, newTx], [makeSpan(oldTx, { receivedAt: old + 1_000 }), makeSpan(newTx)], []),
    );
    // The waiting vital's span arrived long ago, so it goes too.
    await s.saveTransactions(
      batchOf(
        [],
        [makeSpan(oldTx, { traceId: orphan.traceId, spanId: orphan.sourceSpanId, receivedAt: old + 2_000 })],
        [orphan],
      ),
    );
    // Users packed into sets (SQLite) go with their rows.
    await packAll(s);
    // Chunked like events (PostgreSQL drops whole old days instead, which it does not count).
    for (let n = -1; n !== 0;) n = await s.deleteOldData(Date.now() - 90 * DAY, 1);
    expect(await s.getTransaction(project.id, oldTx.eventId)).toBeNull();
    expect(await s.listTransactionSpans(project.id, oldTx.eventId)).toEqual([]);
    const oldWindow = { projectIds: [project.id], since: old - HOUR, until: old + HOUR };
    expect(await s.listTransactionRollups(oldWindow)).toEqual([]);
    expect(await s.transactionUsers(oldWindow, 0)).toEqual([]);
    // The day roll-ups go too: a window of whole days around the old one reads nothing.
    const oldDays = { projectIds: [project.id], since: old - 3 * DAY, until: old + 3 * DAY };
    expect(await s.listTransactionRollups(oldDays, { days: true })).toEqual([]);
    expect(await s.transactionUsers(oldDays, 0, { days: true })).toEqual([]);
    expect(await s.getTransaction(project.id, newTx.eventId)).not.toBeNull();
    expect(await s.listTransactionSpans(project.id, newTx.eventId)).toHaveLength(1);
    expect((await rollupsOf(window(project.id))).map((r) => r.count)).toEqual([1]);
    // The waiting vital is gone: its segment arriving now is stored without it.
    const late = makeSegment(project.id, {
      traceId: orphan.traceId,
      spanId: orphan.segmentSpanId,
      startTimestamp: baseHour(),
    });
    await s.saveTransactions(batchOf([late]));
    expect((await s.getTransaction(project.id, late.eventId))!.measurements).toEqual({});
  });

  it('deletes a project’s transactions, spans and roll-ups with it', async () => {
    const { s, org, project } = fixture();
    const keep = await s.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'keep',
      name: 'Keep',
      platform: null,
    });
    const t0 = baseHour() + 5;
    const gone = makeTransaction(project.id, { startTimestamp: t0, userKey: 'id:1' });
    const kept = makeTransaction(keep.id, { startTimestamp: t0, userKey: 'id:1' });
    await s.saveTransactions(
      batchOf([gone, kept], [makeSpan(gone), makeSpan(kept)], [makeMeasurement(gone, 'x', 1)]),
    );
    await s.saveTransactions(
      batchOf(
        [],
        [],
        [makeMeasurement({ projectId: project.id, traceId: newTraceId(), spanId: newSpanId() }, 'lcp', 1)],
      ),
    );
    await packAll(s);
    await s.deleteProject(project.id);
    const both = window(project.id, { projectIds: [project.id, keep.id] });
    expect((await s.listTransactionRows(both, 10)).map((r) => r.eventId)).toEqual([kept.eventId]);
    expect(await s.getTransaction(project.id, gone.eventId)).toBeNull();
    expect(await s.listTransactionSpans(project.id, gone.eventId)).toEqual([]);
    expect(await s.listTransactionSpans(keep.id, kept.eventId)).toHaveLength(1);
    expect((await s.listTransactionRollups(both)).map((r) => r.projectId)).toEqual([keep.id]);
    expect((await s.transactionUsers(both, 0)).map((r) => r.projectId)).toEqual([keep.id]);
    expect(await s.listTraceTransactions(gone.traceId, [project.id])).toEqual([]);
    // A batch still in flight for the deleted project stores nothing.
    const late = await s.saveTransactions(batchOf([makeTransaction(project.id)]));
    expect(late.saved).toBe(0);
    expect(await s.countTransactions(both)).toBe(1);
  });
}
