import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JournalMover,
  JournalWriter,
  journalPaths,
  lockJournal,
  prepareJournalFile,
} from './spool-journal.js';
import { SqliteSpool } from './sqlite-spool.js';
import type { NewSpoolEntry } from './spool.js';

const entry = (n: number, size = 100): NewSpoolEntry => ({
  projectId: 1,
  receivedAt: n,
  meta: { clientIp: null, userAgent: null, publicKey: 'k' },
  body: Buffer.alloc(size, n % 256),
});

/** A small ring, so a few batches go round it several times. */
const RING = 16 * 1024;

describe('the spool journal', () => {
  let dir = '';
  let spoolFile = '';
  let spool: SqliteSpool;
  const shared = (): BigInt64Array => new BigInt64Array(new SharedArrayBuffer(8));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-journal-'));
    spoolFile = path.join(dir, 'spool.sqlite');
    spool = new SqliteSpool(spoolFile);
    prepareJournalFile(journalPaths(spoolFile).file, RING);
  });
  afterEach(async () => {
    await spool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every entry waiting in the spool, by receivedAt. */
  const spooled = async (): Promise<number[]> => {
    const reader = new SqliteSpool(spoolFile);
    const got = (await reader.claim(10_000)).map((e) => e.receivedAt);
    await reader.close();
    return got;
  };

  it('moves journaled batches into the spool, round the ring many times, refusing a batch only while full', async () => {
    const file = journalPaths(spoolFile).file;
    const moved = shared();
    const mover = new JournalMover(file, spool, moved);
    const writer = new JournalWriter(file, mover.position, moved);
    let n = 0;
    const sent: number[] = [];
    for (let round = 0; round < 20; round++) {
      // Batches of uneven sizes, so records end anywhere and laps end in a skipped tail.
      const batch = Array.from({ length: 1 + (round % 4) }, () => entry(++n, 300 + ((n * 577) % 2000)));
      expect(writer.tryAppend(batch)).toBe(true);
      sent.push(...batch.map((e) => e.receivedAt));
      if (round % 3 === 2) expect(mover.move(writer.lsn)).toBeGreaterThan(0);
    }
    mover.move(writer.lsn);
    expect(writer.lsn).toBeGreaterThan(3 * RING);
    expect(Number(moved[0])).toBe(writer.lsn);
    expect(spool.journalState()).toEqual({ seq: n, lsn: writer.lsn });

    // Nothing moved: the ring fills and refuses, with nothing written, until the mover catches up.
    let accepted = 0;
    while (writer.tryAppend([entry(n + 1, 1000)])) {
      n += 1;
      sent.push(n);
      accepted += 1;
    }
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(RING / 1000);
    mover.move(writer.lsn);
    expect(writer.tryAppend([entry(++n, 1000)])).toBe(true);
    sent.push(n);
    mover.move(writer.lsn);
    expect(await spooled()).toEqual(sent);
    writer.close();
    mover.close();
  });

  it('after a crash, moves what was journaled and not moved, once, and goes on past a torn record', async () => {
    const file = journalPaths(spoolFile).file;
    const before = new JournalMover(file, spool, shared());
    const writer = new JournalWriter(file, before.position, shared());
    writer.tryAppend([entry(1), entry(2)]);
    before.move(writer.lsn);
    writer.tryAppend([entry(3), entry(4)]);
    writer.tryAppend([entry(5)]);
    const lastStart = writer.lsn;
    writer.tryAppend([entry(6, 500)]);
    // The last record torn by the crash: its 200 was never sent.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, (lastStart % RING) + 300);
    fs.closeSync(fd);
    writer.close();
    before.close();

    // The new process's mover starts from what the spool says was moved.
    const after = new JournalMover(file, spool, shared());
    expect(after.move()).toBe(3);
    expect(await spooled()).toEqual([1, 2, 3, 4, 5]);
    expect(after.position).toEqual({ seq: 5, lsn: lastStart });
    // Its writer goes on where the intact records end, over the torn one.
    const again = new JournalWriter(file, after.position, shared());
    again.tryAppend([entry(7, 50)]);
    expect(after.move(again.lsn)).toBe(1);
    again.close();
    after.close();

    const third = new JournalMover(file, spool, shared());
    expect(third.move()).toBe(0);
    expect(await spooled()).toEqual([1, 2, 3, 4, 5, 7]);
    third.close();
  });

  it('is taken by one process at a time', () => {
    const lockFile = journalPaths(spoolFile).lock;
    const first = lockJournal(lockFile);
    expect(first).not.toBeNull();
    expect(lockJournal(lockFile)).toBeNull();
    first!.close();
    const second = lockJournal(lockFile);
    expect(second).not.toBeNull();
    second!.close();
  });

  it('is made zero-filled and kept at its size', () => {
    const file = path.join(dir, 'other.bin');
    expect(prepareJournalFile(file, RING)).toBe(RING);
    expect(fs.readFileSync(file).equals(Buffer.alloc(RING))).toBe(true);
    fs.writeFileSync(file, Buffer.alloc(2 * RING, 1));
    expect(prepareJournalFile(file, RING)).toBe(2 * RING);
  });
});
