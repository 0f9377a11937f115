import { expect, it } from 'vitest';
import type { ReplayInfo, ReplayQuery, ReplaySegmentInput } from '../../src/storage/replay-types.js';
import type { ContractFixture } from './admin-suite.js';

const MINUTE = 60_000;

const info = (over: Partial<ReplayInfo> = {}): ReplayInfo => ({
  replayType: 'session',
  platform: 'javascript',
  release: 'web@1.0',
  environment: 'prod',
  dist: null,
  user: { id: '42', email: 'Alice@Example.com' },
  sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
  browser: { name: 'Chrome', version: '156.0.0' },
  os: { name: 'Linux' },
  device: {},
  tags: [['component', 'checkout']],
  ...over,
});

/** Segment `n` of a replay that started at `start`: one URL, flushed five seconds after the previous. */
function segment(
  projectId: number,
  replayId: string,
  n: number,
  start: number,
  over: Partial<ReplaySegmentInput> = {},
): ReplaySegmentInput {
  return {
    projectId,
    replayId,
    segmentId: n,
    receivedAt: start + (n + 1) * 5000,
    timestamp: start + (n + 1) * 5000,
    startedAt: start + n * 5000,
    urls: [`https://shop.example/page-${n}`],
    errorIds: n === 1 ? ['e'.repeat(32)] : [],
    traceIds: ['a'.repeat(32)],
    info: n === 0 ? info() : info({ release: `web@late-${n}` }),
    blobKey: `replays/day/${projectId}-${replayId}-${n}`,
    size: 100,
    videoBlobKey: null,
    ...over,
  };
}

const query = (projectIds: number[], over: Partial<ReplayQuery> = {}): ReplayQuery => ({
  projectIds,
  urls: [],
  users: [],
  releases: [],
  numbers: [],
  text: [],
  sort: 'started_at',
  descending: true,
  limit: 50,
  offset: 0,
  ...over,
});

/** The replay half of the storage contract, registered inside `storageContract`'s describe. */
export function replayContract(fixture: () => ContractFixture) {
  const R1 = '1'.repeat(32);
  const R2 = '2'.repeat(32);

  it('merges replay segments the same whatever their order, and ignores duplicates', async () => {
    const { s, project } = fixture();
    const start = Date.now() - 10 * MINUTE;
    const segs = [0, 1, 2].map((n) => segment(project.id, R1, n, start));
    // Out of order and twice: 2, 0, 2, 1, 0.
    const added = await s.saveReplaySegments([segs[2]!, segs[0]!]);
    expect(added.get(project.id)).toBe(2);
    await s.saveReplaySegments([segs[2]!]);
    const again = await s.saveReplaySegments([segs[1]!, segs[0]!]);
    expect(again.get(project.id)).toBe(1);

    const replay = (await s.getReplay([project.id], R1))!;
    expect(replay.countSegments).toBe(3);
    expect(replay.startedAt).toBe(start);
    expect(replay.finishedAt).toBe(start + 15_000);
    expect(replay.urls).toEqual([
      'https://shop.example/page-0',
      'https://shop.example/page-1',
      'https://shop.example/page-2',
    ]);
    expect(replay.errorIds).toEqual(['e'.repeat(32)]);
    expect(replay.traceIds).toEqual(['a'.repeat(32)]);
    // Descriptive fields come from the lowest segment even though segment 2 arrived first.
    expect(replay.info.release).toBe('web@1.0');
    expect(replay.size).toBe(300);
    expect((await s.listReplaySegments(project.id, R1)).map((x) => x.segmentId)).toEqual([0, 1, 2]);
    expect(await s.getReplay([project.id + 1000], R1)).toBeNull();
  });

  it('appending segments in order gives the same replay as merging them in any order', async () => {
    const { s, project } = fixture();
    const start = Date.now() - 10 * MINUTE;
    // Repeated URLs and error ids, and a segment without a start time, across five segments.
    const segs = (replayId: string) =>
      [0, 1, 2, 3, 4].map((n) =>
        segment(project.id, replayId, n, start, {
          urls: [`https://shop.example/page-${n % 2}`, 'https://shop.example/cart'],
          errorIds: n >= 2 ? ['e'.repeat(32), `${n}`.repeat(32)] : [],
          startedAt: n === 3 ? null : start + n * 5000,
          size: 10 * (n + 1),
        }),
      );
    const inOrder = segs(R1);
    await s.saveReplaySegments(inOrder.slice(0, 2));
    for (const seg of inOrder.slice(2)) await s.saveReplaySegments([seg]);
    const shuffled = segs(R2);
    await s.saveReplaySegments([shuffled[3]!, shuffled[0]!, shuffled[4]!]);
    await s.saveReplaySegments([shuffled[2]!, shuffled[1]!]);

    const a = (await s.getReplay([project.id], R1))!;
    const b = (await s.getReplay([project.id], R2))!;
    expect({ ...a, replayId: R2 }).toEqual(b);
    expect(a.countSegments).toBe(5);
    expect(a.urls).toHaveLength(10);
    expect(a.errorIds).toEqual(['e'.repeat(32), '2'.repeat(32), '3'.repeat(32), '4'.repeat(32)]);
    expect(a.size).toBe(150);
  });

  it('lists replays with filters, sorts and pages', async () => {
    const { s, project } = fixture();
    const now = Date.now();
    await s.saveReplaySegments([
      segment(project.id, R1, 0, now - 30 * MINUTE),
      segment(project.id, R1, 1, now - 30 * MINUTE),
      segment(project.id, R2, 0, now - 5 * MINUTE, {
        info: info({ user: { email: 'bob@example.com' }, environment: 'staging', release: 'web@2.0' }),
        urls: ['https://shop.example/cart?x=1'],
      }),
    ]);
    const ids = async (over: Partial<ReplayQuery>) =>
      (await s.listReplays(query([project.id], over))).map((r) => r.replayId);
    expect(await ids({})).toEqual([R2, R1]);
    expect(await ids({ descending: false })).toEqual([R1, R2]);
    expect(await ids({ sort: 'count_errors' })).toEqual([R1, R2]);
    expect(await ids({ sort: 'duration', descending: false })).toEqual([R2, R1]);
    expect(await ids({ limit: 1, offset: 1 })).toEqual([R1]);
    expect(await ids({ numbers: [{ field: 'count_errors', op: '>', value: 0 }] })).toEqual([R1]);
    expect(await ids({ numbers: [{ field: 'duration', op: '>=', value: 10 }] })).toEqual([R1]);
    expect(await ids({ users: [{ field: 'email', value: 'alice@example.com', negate: false }] })).toEqual([
      R1,
    ]);
    expect(await ids({ users: [{ field: 'any', value: 'bob@*', negate: false }] })).toEqual([R2]);
    expect(await ids({ users: [{ field: 'email', value: 'bob@example.com', negate: true }] })).toEqual([R1]);
    expect(await ids({ urls: [{ value: '/CART', negate: false }] })).toEqual([R2]);
    expect(await ids({ urls: [{ value: '100%_', negate: false }] })).toEqual([]);
    expect(await ids({ urls: [{ value: 'https://shop.example/page-*', negate: false }] })).toEqual([R1]);
    expect(await ids({ environments: ['staging'] })).toEqual([R2]);
    expect(await ids({ releases: [{ value: 'web@2.0', negate: false }] })).toEqual([R2]);
    expect(await ids({ text: ['page-1'] })).toEqual([R1]);
    expect(await ids({ since: now - 10 * MINUTE })).toEqual([R2]);
    expect(await ids({ until: now - 20 * MINUTE })).toEqual([R1]);
    expect(await s.listReplays(query([]))).toEqual([]);
  });

  it('deletes a replay, handing back its blob keys, and replays past retention', async () => {
    const { s, project } = fixture();
    const now = Date.now();
    await s.saveReplaySegments([
      segment(project.id, R1, 0, now - 3 * 86_400_000, { videoBlobKey: 'replays/day/v.mp4' }),
      segment(project.id, R2, 0, now - MINUTE),
      segment(project.id, R2, 1, now - MINUTE),
    ]);
    expect((await s.deleteReplay(project.id, R2)).sort()).toEqual([
      `replays/day/${project.id}-${R2}-0`,
      `replays/day/${project.id}-${R2}-1`,
    ]);
    expect(await s.getReplay([project.id], R2)).toBeNull();
    expect(await s.listReplaySegments(project.id, R2)).toEqual([]);
    while ((await s.deleteOldData(now - 86_400_000, 100)) > 0);
    expect(await s.getReplay([project.id], R1)).toBeNull();
    expect(await s.listReplaySegments(project.id, R1)).toEqual([]);
  });
}
