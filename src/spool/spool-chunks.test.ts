import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DIRECT_ALIGN, O_DIRECT } from './direct-write.js';
import { CHUNK_ENTRIES } from './spool-chunks.js';
import { JournalMover, JournalWriter, journalPaths, prepareJournalFile } from './spool-journal.js';
import { listSegments, readSegment, SegmentWriter, segmentsDir, SPARE_SEGMENTS } from './spool-segments.js';
import { SqliteSpool } from './sqlite-spool.js';
import type { NewSpoolEntry } from './spool.js';

const entry = (n: number): NewSpoolEntry => ({
  projectId: 1,
  receivedAt: n,
  meta: { clientIp: `10.0.0.${n % 250}`, userAgent: null, publicKey: 'k' },
  body: Buffer.from(`envelope ${n}`),
});

/** Entries moved from the journal into a spool, as the writer thread does. */
describe('the spool, for entries moved from the journal', () => {
  let dir = '';
  let file = '';
  /** The digest's side. */
  let spool: SqliteSpool;
  /** The writer thread's side: it moves, and deletes the segments nothing waits in. */
  let writer: SqliteSpool;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spool-chunks-'));
    file = path.join(dir, 'spool.sqlite');
    spool = new SqliteSpool(file);
    writer = new SqliteSpool(file);
    prepareJournalFile(journalPaths(file).file, 1024 * 1024);
  });
  afterEach(async () => {
    await spool.close();
    await writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A new start of the writer thread. */
  const restartWriter = async (): Promise<void> => {
    await writer.close();
    writer = new SqliteSpool(file);
  };

  /** Journals entries numbered `from`..`to` in batches of 7, then moves them all. */
  const move = (from: number, to: number): void => {
    const shared = new BigInt64Array(new SharedArrayBuffer(8));
    const mover = new JournalMover(journalPaths(file).file, writer, shared);
    const journal = new JournalWriter(journalPaths(file).file, mover.position, shared);
    for (let n = from; n <= to; n += 7) {
      const batch = [];
      for (let k = n; k < Math.min(n + 7, to + 1); k++) batch.push(entry(k));
      expect(journal.tryAppend(batch)).toBe(true);
    }
    expect(mover.move(journal.lsn)).toBe(to - from + 1);
    journal.close();
    mover.close();
  };

  it('hands the entries out whole, in order, and writes over segments nothing points into', async () => {
    move(1, 250);
    expect(await spool.depth()).toEqual({ waiting: 250, buried: 0 });
    expect(await spool.oldestWaiting()).toBe(1);
    // Chunks are claimed whole: a claim of 150 takes two of CHUNK_ENTRIES (100) each.
    const first = await spool.claim(150);
    expect(first).toHaveLength(2 * CHUNK_ENTRIES);
    expect(first.map((e) => e.receivedAt)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(first[6]!.body.toString()).toBe('envelope 7');
    expect(first[6]!.meta).toEqual({ clientIp: '10.0.0.7', userAgent: null, publicKey: 'k' });
    await spool.ack(first.map((e) => e.id));
    expect(await spool.depth()).toEqual({ waiting: 50, buried: 0 });
    expect(await spool.oldestWaiting()).toBe(201);

    // A later start writes another segment while the first still holds entries.
    await restartWriter();
    move(251, 260);
    const segments = segmentsDir(file);
    expect(listSegments(segments)).toEqual([1, 2]);
    const rest = await spool.claim(500);
    expect(rest.map((e) => e.receivedAt)).toEqual(Array.from({ length: 60 }, (_, i) => i + 201));
    await spool.ack(rest.map((e) => e.id));
    expect(await spool.oldestWaiting()).toBeNull();
    // Nothing points into the first any more: the next start writes over it rather than grow a file.
    await restartWriter();
    move(261, 270);
    expect(listSegments(segments)).toEqual([1, 2]);
    const last = await spool.claim(500);
    expect(last.map((e) => e.body.toString())).toEqual(
      Array.from({ length: 10 }, (_, i) => `envelope ${i + 261}`),
    );
  });

  it('copies a released entry out of its chunk, with one more attempt, and a set-aside one with its reason', async () => {
    move(1, 5);
    const [a, b, ...others] = await spool.claim(10);
    await spool.release([a!.id]);
    await spool.bury([b!.id], 'boom');
    await spool.ack(others.map((e) => e.id));
    expect(await spool.depth()).toEqual({ waiting: 1, buried: 1 });
    const again = await spool.claim(10);
    expect(again.map((e) => [e.receivedAt, e.attempts, e.body.toString()])).toEqual([[1, 1, 'envelope 1']]);
    expect(again[0]!.meta.clientIp).toBe('10.0.0.1');
    await spool.ack(again.map((e) => e.id));
    expect(await spool.retryBuried()).toBe(1);
    expect((await spool.claim(10)).map((e) => [e.receivedAt, e.attempts])).toEqual([[2, 0]]);
  });

  it('sets a chunk with a damaged record aside, after handing out the records before it', async () => {
    move(1, 3);
    const [segment] = listSegments(segmentsDir(file));
    const segmentFile = path.join(segmentsDir(file), `${String(segment).padStart(10, '0')}.seg`);
    const bytes = fs.readFileSync(segmentFile);
    // Flip a byte of the last record's body (the zeros after it pad the move to 4 KiB): its CRC fails.
    const at = bytes.lastIndexOf('envelope 3') + 2;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    fs.writeFileSync(segmentFile, bytes);
    const got = await spool.claim(10);
    expect(got.map((e) => e.receivedAt)).toEqual([1, 2]);
    await spool.ack(got.map((e) => e.id));
    expect(await spool.depth()).toEqual({ waiting: 0, buried: 3 });
    writer.removeUnusedSegments();
    expect(fs.existsSync(segmentFile)).toBe(true);
    expect(await spool.retryBuried()).toBe(3);
    expect(await spool.depth()).toEqual({ waiting: 3, buried: 0 });
  });

  it('sets aside the chunks of a segment that cannot be read, instead of failing every claim', async () => {
    move(1, 3);
    fs.rmSync(segmentsDir(file), { recursive: true });
    expect(await spool.claim(10)).toEqual([]);
    expect(await spool.depth()).toEqual({ waiting: 0, buried: 3 });
  });

  it('splits chunks between shards, each claimed once, and a reshard picks up what the other left', async () => {
    move(1, 450);
    spool.reshard({ index: 0, count: 2 });
    const odd = new SqliteSpool(file, { index: 1, count: 2 });
    const evens = await spool.claim(100);
    const odds = await odd.claim(100);
    expect(evens).toHaveLength(100);
    expect(odds).toHaveLength(100);
    await spool.ack(evens.map((e) => e.id));
    await odd.ack(odds.map((e) => e.id));
    await odd.close();
    spool.reshard({ index: 0, count: 1 });
    const rest = await spool.claim(1_000);
    const all = [...evens, ...odds, ...rest].map((e) => e.receivedAt).sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
  });

  it('writes over what a crash left uncommitted in a segment, never after it', async () => {
    // Bytes written to a segment by a move whose commit a crash prevented: no chunk refers to them.
    const crashed = new SegmentWriter(segmentsDir(file), () => new Set());
    crashed.append([Buffer.from('written, never committed')]);
    crashed.close();
    move(1, 4);
    expect(listSegments(segmentsDir(file))).toEqual([1]);
    expect((await spool.claim(10)).map((e) => e.body.toString())).toEqual(
      [1, 2, 3, 4].map((n) => `envelope ${n}`),
    );
  });
});

describe('SegmentWriter', () => {
  it('reuses segments nothing points into, grows new ones only for those in use, and keeps a few spares', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segments-'));
    const inUse = new Set<number>();
    const writer = new SegmentWriter(dir, () => inUse, 100);
    const place = (): number => {
      const { segment } = writer.append([Buffer.alloc(60, 1)]);
      inUse.add(segment);
      return segment;
    };
    // Each append of 60 bytes fills a 100-byte segment: every one in use, so each is a new file.
    expect([place(), place(), place()]).toEqual([1, 2, 3]);
    inUse.delete(1);
    expect(place()).toBe(1);
    expect(listSegments(dir)).toEqual([1, 2, 3]);
    for (let i = 0; i < 8; i++) place();
    expect(listSegments(dir)).toHaveLength(11);
    // All done with: a few are kept as spares, besides the one being written.
    inUse.clear();
    writer.removeUnused();
    expect(listSegments(dir)).toHaveLength(SPARE_SEGMENTS + 1);
    writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Whether files in `dir` can be opened with O_DIRECT (not on every file system, nor off Linux). */
  const directOpens = (dir: string): boolean => {
    if (O_DIRECT === 0) return false;
    try {
      fs.closeSync(
        fs.openSync(path.join(dir, 'probe'), fs.constants.O_RDWR | fs.constants.O_CREAT | O_DIRECT),
      );
      return true;
    } catch {
      return false;
    }
  };

  /** Parts of awkward sizes, one larger than the direct writer's staging buffer, with distinct bytes. */
  const awkwardParts = (): Buffer[] =>
    [3, 5_000, 2.5 * 1024 * 1024 + 7, 1].map((size, i) =>
      Buffer.from(Array.from({ length: size }, (_, k) => (k * 31 + i * 7) % 251)),
    );

  for (const direct of [true, false]) {
    it(`starts every append at a multiple of 4 KiB and reads back every byte (direct ${direct})`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segments-'));
      const writer = new SegmentWriter(dir, () => new Set(), 64 * 1024 * 1024, direct);
      const first = awkwardParts();
      const second = [Buffer.from('the next move')];
      const a = writer.append(first);
      const b = writer.append(second);
      // Where this folder's file system takes O_DIRECT at all, the writes must have been aligned enough
      // for it: a refused write would have turned the writer to the page cache.
      expect(writer.writesDirect).toBe(direct && directOpens(dir));
      const firstLength = first.reduce((sum, p) => sum + p.length, 0);
      expect(a.offset).toBe(0);
      expect(b.offset).toBe(Math.ceil(firstLength / DIRECT_ALIGN) * DIRECT_ALIGN);
      expect(readSegment(dir, a.segment, a.offset, firstLength).equals(Buffer.concat(first))).toBe(true);
      expect(readSegment(dir, b.segment, b.offset, 13).toString()).toBe('the next move');
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  it('goes on through the page cache once the file system refuses a direct write', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segments-'));
    const writer = new SegmentWriter(dir, () => new Set());
    const refuse = vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('invalid argument'), { code: 'EINVAL' });
    });
    try {
      const parts = awkwardParts();
      const a = writer.append(parts);
      const b = writer.append([Buffer.from('after')]);
      expect(writer.writesDirect).toBe(false);
      const length = parts.reduce((sum, p) => sum + p.length, 0);
      expect(readSegment(dir, a.segment, a.offset, length).equals(Buffer.concat(parts))).toBe(true);
      expect(readSegment(dir, b.segment, b.offset, 5).toString()).toBe('after');
    } finally {
      refuse.mockRestore();
      writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
