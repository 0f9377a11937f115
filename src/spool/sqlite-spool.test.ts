import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkClaimByteBudget, checkOldestWaiting } from '../../test/contract/spool-checks.js';
import { SqliteSpool } from './sqlite-spool.js';
import type { NewSpoolEntry } from './spool.js';

const entry = (n: number): NewSpoolEntry => ({
  projectId: 1,
  receivedAt: n,
  meta: { clientIp: null, userAgent: null, publicKey: 'k' },
  body: Buffer.from(`envelope ${n}`),
});

describe('SqliteSpool', () => {
  const dirs: string[] = [];
  const open = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
    dirs.push(dir);
    return { spool: new SqliteSpool(path.join(dir, 'spool.sqlite')), file: path.join(dir, 'spool.sqlite') };
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('hands out entries in order and forgets acknowledged ones', async () => {
    const { spool } = open();
    await spool.append([entry(1), entry(2), entry(3)]);
    const first = await spool.claim(2);
    expect(first.map((e) => e.body.toString())).toEqual(['envelope 1', 'envelope 2']);
    await spool.ack(first.map((e) => e.id));
    expect(await spool.depth()).toEqual({ waiting: 1, buried: 0 });
    expect((await spool.claim(10)).map((e) => e.receivedAt)).toEqual([3]);
    await spool.close();
  });

  it('splits entries between shards by id, and a reshard picks up what the other shard left', async () => {
    const { spool: even, file } = open();
    await even.append([1, 2, 3, 4, 5, 6].map(entry));
    even.reshard({ index: 0, count: 2 });
    const odd = new SqliteSpool(file, { index: 1, count: 2 });
    const evens = await even.claim(10);
    const odds = await odd.claim(1);
    expect(evens.map((e) => e.id % 2)).toEqual([0, 0, 0]);
    expect(odds.map((e) => e.id % 2)).toEqual([1]);
    await even.ack(evens.map((e) => e.id));
    await odd.ack(odds.map((e) => e.id));
    await odd.close();
    // The odd thread retired with two entries unclaimed; the whole spool goes back to one consumer.
    even.reshard({ index: 0, count: 1 });
    expect((await even.claim(10)).map((e) => e.receivedAt)).toEqual([3, 5]);
    await even.close();
  });

  it('still sees new entries after the queue emptied (ids are never reused)', async () => {
    const { spool } = open();
    await spool.append([entry(1)]);
    await spool.ack((await spool.claim(10)).map((e) => e.id));
    await spool.append([entry(2)]);
    expect((await spool.claim(10)).map((e) => e.receivedAt)).toEqual([2]);
    await spool.close();
  });

  it('offers released entries again with their attempt count', async () => {
    const { spool } = open();
    await spool.append([entry(1), entry(2)]);
    const claimed = await spool.claim(10);
    await spool.release([claimed[0]!.id]);
    const again = await spool.claim(10);
    expect(again.map((e) => [e.receivedAt, e.attempts])).toEqual([
      [1, 1],
      [2, 0],
    ]);
    await spool.close();
  });

  it('sets buried entries aside until they are retried', async () => {
    const { spool } = open();
    await spool.append([entry(1), entry(2)]);
    const [first] = await spool.claim(10);
    await spool.bury([first!.id], 'boom');
    await spool.release([]);
    expect(await spool.depth()).toEqual({ waiting: 1, buried: 1 });
    expect(await spool.retryBuried()).toBe(1);
    expect((await spool.claim(10)).map((e) => e.receivedAt)).toEqual([1, 2]);
    await spool.close();
  });

  it('stops a claim once the bodies reach the byte budget', async () => {
    const { spool } = open();
    await checkClaimByteBudget(spool);
    await spool.close();
  });

  it('tells when the oldest entry still waiting was received', async () => {
    const { spool } = open();
    await checkOldestWaiting(spool);
    await spool.close();
  });

  it('appends without waiting only while no other connection holds the write lock', async () => {
    const { spool, file } = open();
    const edge = new SqliteSpool(file, undefined, { busyTimeoutMs: 0 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    expect(edge.tryAppendSync([entry(1)])).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
    other.exec('COMMIT');
    expect(await spool.depth()).toEqual({ waiting: 0, buried: 0 });
    expect(edge.tryAppendSync([entry(2), entry(3)])).toBe(true);
    expect((await spool.claim(10)).map((e) => e.receivedAt)).toEqual([2, 3]);
    other.close();
    await edge.close();
    await spool.close();
  });

  it('offers everything unacknowledged again after a restart', async () => {
    const { spool, file } = open();
    await spool.append([entry(1), entry(2)]);
    await spool.claim(10);
    await spool.close();
    const reopened = new SqliteSpool(file);
    expect((await reopened.claim(10)).map((e) => e.receivedAt)).toEqual([1, 2]);
    await reopened.close();
  });
});

describe('SqliteSpool file size', () => {
  it('hands the pages of acknowledged entries back to the file system', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-size-'));
    const file = path.join(dir, 'spool.sqlite');
    const spool = new SqliteSpool(file);
    const big = (n: number): NewSpoolEntry => ({ ...entry(n), body: Buffer.alloc(4096, n % 251) });
    for (let i = 0; i < 6; i++)
      await spool.append(Array.from({ length: 1_000 }, (_, k) => big(i * 1_000 + k)));
    const full = fs.statSync(file).size + fs.statSync(`${file}-wal`).size;
    for (;;) {
      const batch = await spool.claim(1_000);
      if (batch.length === 0) break;
      await spool.ack(batch.map((e) => e.id));
    }
    await spool.close(); // checkpoints the WAL into the file
    expect(fs.statSync(file).size).toBeLessThan(full / 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
