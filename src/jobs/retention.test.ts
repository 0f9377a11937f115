import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../test/contract/make-event.js';
import { blobDay, FileBlobStore } from '../storage/blob-store.js';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import { RetentionJob } from './retention.js';
import { oneProject } from '../../test/contract/make-project.js';

const DAY = 86_400_000;

describe('RetentionJob', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('deletes events, issues, replays and blobs past retention and hands the space back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-'));
    dirs.push(dir);
    const storage = SqliteStorage.open(path.join(dir, 'db.sqlite'));
    const blobs = new FileBlobStore(path.join(dir, 'blobs'));
    const project = await oneProject(storage);
    const now = Date.now();
    const old = now - 100 * DAY;
    const big = { blob: 'x'.repeat(20_000) + Math.random() };
    // Random-ish bodies so compression cannot hide the size: 3,000 old events across 30 issues.
    const oldEvents = Array.from({ length: 3_000 }, (_, i) =>
      makeEvent(project.id, {
        timestamp: old,
        receivedAt: old,
        hashes: [String(i % 30).padStart(32, '0')],
        data: { ...big, n: Math.random().toString(36).repeat(200) },
      }),
    );
    await storage.saveErrorEvents(oldEvents);
    const fresh = makeEvent(project.id, { hashes: ['f'.repeat(32)] });
    await storage.saveErrorEvents([fresh]);
    await blobs.put(`attachments/${blobDay(old)}/${project.id}-x-0`, Buffer.from('old'));
    await blobs.put(`attachments/${blobDay(now)}/${project.id}-y-0`, Buffer.from('new'));
    const replay = (id: string, at: number) => ({
      projectId: project.id,
      replayId: id.repeat(32),
      segmentId: 0,
      receivedAt: at,
      timestamp: at,
      startedAt: at,
      urls: [],
      errorIds: [],
      traceIds: [],
      info: {
        replayType: 'session',
        platform: null,
        release: null,
        environment: null,
        dist: null,
        user: null,
        sdk: {},
        browser: {},
        os: {},
        device: {},
        tags: [],
      },
      blobKey: `replays/${blobDay(at)}/${project.id}-${id.repeat(32)}-0`,
      size: 3,
      videoBlobKey: null,
    });
    await storage.saveReplaySegments([replay('a', old), replay('b', now)]);
    await blobs.put(replay('a', old).blobKey, Buffer.from('old'));
    await blobs.put(replay('b', now).blobKey, Buffer.from('new'));
    const pages = () => Number(storage.db.pragma('page_count', { simple: true }));
    const before = pages();

    await new RetentionJob(storage, blobs, 90, pino({ level: 'silent' }), undefined, 500).runOnce(now);

    expect(await storage.getEvent(project.id, oldEvents[0]!.eventId)).toBeNull();
    expect(await storage.getEvent(project.id, fresh.eventId)).not.toBeNull();
    const issues = await storage.listIssues({
      projectIds: [project.id],
      tags: [],
      text: [],
      sort: 'date',
      limit: 100,
      offset: 0,
    });
    expect(issues.map((i) => i.title)).toHaveLength(1);
    expect(await blobs.get(`attachments/${blobDay(old)}/${project.id}-x-0`)).toBeNull();
    expect((await blobs.get(`attachments/${blobDay(now)}/${project.id}-y-0`))?.toString()).toBe('new');
    expect(await storage.getReplay([project.id], 'a'.repeat(32))).toBeNull();
    expect(await blobs.get(replay('a', old).blobKey)).toBeNull();
    expect(await storage.getReplay([project.id], 'b'.repeat(32))).not.toBeNull();
    expect((await blobs.get(replay('b', now).blobKey))?.toString()).toBe('new');
    // The freed pages go back to the file system rather than sitting on the free list.
    expect(pages()).toBeLessThan(before / 2);
    await storage.close();
  });
});
