import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedBlobStore } from './embedded-blob-store.js';

describe('EmbeddedBlobStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const open = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
    dirs.push(dir);
    return { dir, store: new EmbeddedBlobStore(path.join(dir, 'blobs.sqlite'), path.join(dir, 'blobs')) };
  };

  it('keeps small blobs as rows and large ones as files, behind the same keys', async () => {
    const { dir, store } = open();
    const big = Buffer.alloc(2 * 1024 * 1024, 1);
    await store.putMany([
      { key: 'replays/2026-11-20/1-a-0', data: Buffer.from('seg0') },
      { key: 'replays/2026-11-21/1-a-1', data: Buffer.from('seg1') },
      { key: 'attachments/2026-11-20/1-e-0', data: big },
    ]);
    await store.put('replays/2026-11-20/1-a-0', Buffer.from('seg0 again'));
    expect((await store.get('replays/2026-11-20/1-a-0'))?.toString()).toBe('seg0 again');
    expect((await store.get('attachments/2026-11-20/1-e-0'))?.equals(big)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'blobs/attachments/2026-11-20/1-e-0'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'blobs/replays'))).toBe(false);
    expect(await store.get('replays/2026-11-20/missing')).toBeNull();

    await store.delete('replays/2026-11-21/1-a-1');
    expect(await store.get('replays/2026-11-21/1-a-1')).toBeNull();
    await store.put('replays/2026-11-21/1-a-1', Buffer.from('seg1'));
    // Retention by day and prefix, rows and files alike.
    expect(await store.deleteDaysBefore('replays', '2026-11-21')).toBe(1);
    expect(await store.get('replays/2026-11-20/1-a-0')).toBeNull();
    expect((await store.get('replays/2026-11-21/1-a-1'))?.toString()).toBe('seg1');
    expect(await store.deleteDaysBefore('attachments', '2026-11-21')).toBe(1);
    expect(await store.get('attachments/2026-11-20/1-e-0')).toBeNull();
    store.close();
  });
});
