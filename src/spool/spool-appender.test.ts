import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedSpoolAppender, type SpoolFallback } from './spool-appender.js';
import { SqliteSpool } from './sqlite-spool.js';
import type { NewSpoolEntry } from './spool.js';

const entry = (n: number): NewSpoolEntry => ({
  projectId: 1,
  receivedAt: n,
  meta: { clientIp: null, userAgent: null, publicKey: 'k' },
  body: Buffer.from(`envelope ${n}`),
});

/** Stands in for the writer thread: holds each batch until the test lets it through, then commits it. */
class HeldFallback implements SpoolFallback {
  readonly held: Array<{ entries: NewSpoolEntry[]; release: () => void }> = [];
  constructor(private readonly spool: SqliteSpool) {}
  append(entries: NewSpoolEntry[]): Promise<void> {
    return new Promise((resolve) =>
      this.held.push({ entries, release: () => resolve(this.spool.appendSync(entries)) }),
    );
  }
  async close(): Promise<void> {}
}

describe('EmbeddedSpoolAppender', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('commits on its own connection, and hands a batch over while another connection holds the lock', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-appender-'));
    const file = path.join(dir, 'spool.sqlite');
    const reader = new SqliteSpool(file);
    const fallback = new HeldFallback(reader);
    const appender = new EmbeddedSpoolAppender(
      new SqliteSpool(file, undefined, { busyTimeoutMs: 0 }),
      fallback,
    );

    await appender.append([entry(1)]);
    expect(appender.batches).toEqual({ direct: 1, handedOver: 0 });
    expect(await reader.depth()).toEqual({ waiting: 1, buried: 0 });

    const digest = new Database(file);
    digest.exec('BEGIN IMMEDIATE');
    let resolved = false;
    const handed = appender.append([entry(2), entry(3)]).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 50));
    // Not durable yet, so not resolved: the batch waits with the fallback, not on this thread.
    expect(resolved).toBe(false);
    expect(fallback.held.map((h) => h.entries.map((e) => e.receivedAt))).toEqual([[2, 3]]);
    expect(appender.batches).toEqual({ direct: 1, handedOver: 1 });
    digest.exec('COMMIT');
    digest.close();
    fallback.held[0]!.release();
    await handed;
    expect((await reader.claim(10)).map((e) => e.receivedAt)).toEqual([1, 2, 3]);

    await appender.close();
    await reader.close();
  });
});
