import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileBlobStore, type BlobStore } from '../../src/storage/blob-store.js';
import { EmbeddedBlobStore } from '../../src/storage/embedded-blob-store.js';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { PostgresBlobStore } from '../../src/storage/postgres-blob-store.js';
import { createTestDatabase, pgAvailableOrWarn } from './pg-database.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blob-contract-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const stores: Array<[string, () => Promise<BlobStore>]> = [
  ['files', async () => new FileBlobStore(tempDir())],
  [
    'embedded (rows and files)',
    async () => {
      const dir = tempDir();
      const store = new EmbeddedBlobStore(path.join(dir, 'blobs.sqlite'), path.join(dir, 'blobs'));
      cleanups.push(() => store.close());
      return store;
    },
  ],
];
if (await pgAvailableOrWarn('blob store on PostgreSQL')) {
  stores.push([
    'postgres',
    async () => {
      const db = await createTestDatabase();
      const storage = await PostgresStorage.open(db.url, { poolSize: 2 });
      cleanups.push(async () => {
        await storage.close();
        await db.drop();
      });
      return new PostgresBlobStore(storage.pool);
    },
  ]);
}

/** The blob store contract: every store keeps, overwrites, deletes and expires blobs the same way. */
describe.each(stores)('blob store: %s', (_name, open) => {
  it('writes batches durably, overwrites by key, deletes one, and expires whole days by prefix', async () => {
    const store = await open();
    await store.putMany([
      { key: 'replays/2026-11-19/1-a-0', data: Buffer.from('zero') },
      { key: 'replays/2026-11-20/1-a-1', data: Buffer.from('one') },
      { key: 'attachments/2026-11-19/1-e-0', data: Buffer.from([0, 255, 7]) },
    ]);
    await store.putMany([]);
    await store.put('replays/2026-11-20/1-a-1', Buffer.from('one, again'));
    expect((await store.get('replays/2026-11-19/1-a-0'))?.toString()).toBe('zero');
    expect((await store.get('replays/2026-11-20/1-a-1'))?.toString()).toBe('one, again');
    expect([...((await store.get('attachments/2026-11-19/1-e-0')) ?? [])]).toEqual([0, 255, 7]);
    expect(await store.get('replays/2026-11-20/nothing')).toBeNull();

    await store.delete('replays/2026-11-19/1-a-0');
    await store.delete('replays/2026-11-19/1-a-0');
    expect(await store.get('replays/2026-11-19/1-a-0')).toBeNull();

    await store.put('replays/2026-11-19/1-b-0', Buffer.from('old'));
    await store.deleteDaysBefore('replays', '2026-11-20');
    expect(await store.get('replays/2026-11-19/1-b-0')).toBeNull();
    expect((await store.get('replays/2026-11-20/1-a-1'))?.toString()).toBe('one, again');
    // Another prefix's old day is untouched.
    expect(await store.get('attachments/2026-11-19/1-e-0')).not.toBeNull();
  });
});
