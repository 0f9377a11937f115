import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedSpoolAppender, type SpoolWriter } from './spool-appender.js';
import { SqliteSpool } from './sqlite-spool.js';
import type { NewSpoolEntry } from './spool.js';

const entry = (n: number): NewSpoolEntry => ({
  projectId: 1,
  receivedAt: n,
  meta: { clientIp: null, userAgent: null, publicKey: 'k' },
  body: Buffer.from(`envelope ${n}`),
});

/**
 * Stands in for the writer thread: its journal takes batches while `journalRoom` is set; a handed-over
 * batch is held until the test lets it through, then committed.
 */
class HeldWriter implements SpoolWriter {
  readonly held: Array<{ entries: NewSpoolEntry[]; release: () => void }> = [];
  readonly journaled: NewSpoolEntry[][] = [];
  journalRoom = false;
  constructor(private readonly spool: SqliteSpool) {}
  tryJournal(entries: NewSpoolEntry[]): boolean {
    if (this.journalRoom) this.journaled.push(entries);
    return this.journalRoom;
  }
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

  it('journals first; else commits on its own connection, or hands a batch over while another connection holds the lock', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-appender-'));
    const file = path.join(dir, 'spool.sqlite');
    const reader = new SqliteSpool(file);
    const writer = new HeldWriter(reader);
    const appender = new EmbeddedSpoolAppender(
      new SqliteSpool(file, undefined, { busyTimeoutMs: 0 }),
      writer,
    );

    writer.journalRoom = true;
    await appender.append([entry(0)]);
    expect(writer.journaled.map((b) => b.map((e) => e.receivedAt))).toEqual([[0]]);
    expect(await reader.depth()).toEqual({ waiting: 0, buried: 0 });

    // The journal full (or another process's): the spool takes the batch itself.
    writer.journalRoom = false;
    await appender.append([entry(1)]);
    expect(appender.batches).toEqual({ journaled: 1, direct: 1, handedOver: 0 });
    expect(await reader.depth()).toEqual({ waiting: 1, buried: 0 });

    const digest = new Database(file);
    digest.exec('BEGIN IMMEDIATE');
    let resolved = false;
    const handed = appender.append([entry(2), entry(3)]).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 50));
    // Not durable yet, so not resolved: the batch waits with the writer thread, not on this one.
    expect(resolved).toBe(false);
    expect(writer.held.map((h) => h.entries.map((e) => e.receivedAt))).toEqual([[2, 3]]);
    expect(appender.batches).toEqual({ journaled: 1, direct: 1, handedOver: 1 });
    digest.exec('COMMIT');
    digest.close();
    writer.held[0]!.release();
    await handed;
    expect((await reader.claim(10)).map((e) => e.receivedAt)).toEqual([1, 2, 3]);

    await appender.close();
    await reader.close();
  });
});
