import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isSqliteBusy } from '../storage/sqlite/database.js';
import { encodeRecords, intactRecord, RECORD_HEADER_BYTES, recordLength } from './journal-records.js';
import type { NewSpoolEntry } from './spool.js';
import { CHUNK_ENTRIES } from './spool-chunks.js';
import type { JournalState, MovedChunk, SqliteSpool } from './sqlite-spool.js';

/**
 * The spool journal: a preallocated ring file in front of the embedded spool. The HTTP thread writes
 * each group-commit batch into it with one `write` and one `fdatasync` (JournalWriter), and answers
 * 200 once that returns; the writer thread then moves the records, as they are, into the spool's
 * segment files, and their chunks into `spool.sqlite` (JournalMover), where the digest claims them.
 *
 * Why: with spool.sqlite written on the HTTP thread, that thread waited on SQLite's page writes,
 * checkpoints and the digest threads' locks: at 3,000/s with all roles the p99 was 17.0–72.3 ms on
 * the bench host, against 13.6–15.2 ms with the journal (bench/RESULTS.md, ninth session). A
 * preallocated file needs no metadata in its `fdatasync`. The move writes every byte a second time,
 * into a segment file, in one append (SegmentWriter).
 *
 * Positions are byte counts since the journal began ("lsn"), never reset; a record sits at
 * `lsn % size` and never wraps around the end of the file (the writer skips to the next lap instead).
 * `spool.sqlite` keeps the number and end of the last moved record in the same transaction as the
 * moved chunks, so after a crash the mover resumes exactly there and moves nothing twice.
 */
export const JOURNAL_BYTES = 64 * 1024 * 1024;

/** Where the journal and its lock live, beside the spool file. */
export function journalPaths(spoolFile: string): { file: string; lock: string } {
  const dir = path.dirname(spoolFile);
  return { file: path.join(dir, 'spool-journal.bin'), lock: path.join(dir, 'spool-journal.lock') };
}

/**
 * Takes the journal for this process: only one writer and one mover may use it. The lock is SQLite's
 * own file lock on a small database, held until `close` (or the process ends, however it ends).
 * Null if another process holds it; that process's edge then commits to `spool.sqlite` directly.
 */
export function lockJournal(lockFile: string): { close: () => void } | null {
  const db = new Database(lockFile, { timeout: 0 });
  try {
    // In exclusive locking mode a connection keeps the lock of its first write transaction.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return { close: () => db.close() };
  } catch (err) {
    db.close();
    if (isSqliteBusy(err)) return null;
    throw err;
  }
}

/**
 * Opens the journal file, creating it zero-filled (and synced, with its folder entry) when missing, so
 * that later writes overwrite allocated blocks and `fdatasync` has no metadata to flush.
 */
export function prepareJournalFile(file: string, size = JOURNAL_BYTES): number {
  try {
    const existing = fs.statSync(file).size;
    if (existing >= RECORD_HEADER_BYTES * 2) return existing;
  } catch {
    // Missing: created below.
  }
  const partial = `${file}.new`;
  const fd = fs.openSync(partial, 'w');
  try {
    const zeros = Buffer.alloc(Math.min(size, 1024 * 1024));
    for (let at = 0; at < size; at += zeros.length) {
      fs.writeSync(fd, zeros, 0, Math.min(zeros.length, size - at), at);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
  return size;
}

/**
 * The HTTP thread's side: appends batches. `moved` is shared with the mover, which stores there the
 * position up to which records are safely in the spool; space before it may be written again.
 */
export class JournalWriter {
  private readonly fd: number;
  private readonly size: number;
  private seq: number;
  private end: number;
  /**
   * Where batches are encoded, reused from one to the next. With a new buffer per batch (about 100 KB
   * under load) the HTTP thread spent about 5 µs more a request on the bench host, where writing into
   * memory not touched lately is dear (bench/RESULTS.md, fifteenth session).
   */
  private scratch = Buffer.alloc(0);

  constructor(
    file: string,
    from: JournalState,
    private readonly moved: BigInt64Array,
  ) {
    this.fd = fs.openSync(file, 'r+');
    this.size = fs.fstatSync(this.fd).size;
    this.seq = from.seq;
    this.end = from.lsn;
  }

  /** The position after the last record written. */
  get lsn(): number {
    return this.end;
  }

  /**
   * Writes the batch and syncs it: true once it is durable, false (nothing written) when the ring has
   * no room for it because the mover is behind. Throws if the file cannot be written.
   */
  tryAppend(entries: NewSpoolEntry[]): boolean {
    const records = encodeRecords(entries, this.seq + 1, (bytes) => this.scratchOf(bytes));
    let at = this.end;
    const offset = at % this.size;
    if (offset + records.length > this.size) at += this.size - offset;
    if (at + records.length - Number(Atomics.load(this.moved, 0)) > this.size) return false;
    for (let done = 0; done < records.length;) {
      done += fs.writeSync(this.fd, records, done, records.length - done, (at % this.size) + done);
    }
    fs.fdatasyncSync(this.fd);
    this.end = at + records.length;
    this.seq += entries.length;
    return true;
  }

  /** A buffer of at least `bytes`: the scratch one, grown up to SCRATCH_MAX_BYTES, else a new one. */
  private scratchOf(bytes: number): Buffer {
    if (bytes <= this.scratch.length) return this.scratch;
    if (bytes > SCRATCH_MAX_BYTES) return Buffer.allocUnsafeSlow(bytes);
    this.scratch = Buffer.allocUnsafeSlow(
      Math.max(bytes, Math.min(2 * this.scratch.length, SCRATCH_MAX_BYTES)),
    );
    return this.scratch;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The largest encoding buffer a journal writer keeps between batches. */
const SCRATCH_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Records moved per commit, at most: bounds the memory of one move and the length of its lock. They
 * are written to the segment in one append (SegmentWriter.append, see appendPart).
 */
const MOVE_BATCH_ENTRIES = 2_000;
const MOVE_BATCH_BYTES = 4 * 1024 * 1024;

/** The writer thread's side: moves journal records into the spool (SqliteSpool.appendFromJournal). */
export class JournalMover {
  private readonly fd: number;
  private readonly size: number;
  private state: JournalState;
  /** Bytes read ahead in this move: `window` holds the journal from position `windowLsn` on. */
  private window = Buffer.alloc(0);
  private windowLsn = 0;

  constructor(
    file: string,
    private readonly spool: SqliteSpool,
    private readonly moved: BigInt64Array,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.size = fs.fstatSync(this.fd).size;
    this.state = spool.journalState();
    Atomics.store(this.moved, 0, BigInt(this.state.lsn));
  }

  /** The last record moved and the position after it: where the writer goes on after a start. */
  get position(): JournalState {
    return { ...this.state };
  }

  /**
   * Moves every record before `limit` (all intact ones, on a start after a crash) and returns how many.
   * The position is committed with the entries, so a crash halfway moves the rest on the next start.
   */
  move(limit = Number.POSITIVE_INFINITY): number {
    let { seq, lsn } = this.state;
    let moved = 0;
    let parts: Buffer[] = [];
    let chunks: MovedChunk[] = [];
    let chunk: MovedChunk | null = null;
    let batchBytes = 0;
    let batchEntries = 0;
    const flush = (): void => {
      if (batchEntries === 0) return;
      this.spool.appendFromJournal(parts, chunks, { seq, lsn });
      this.state = { seq, lsn };
      Atomics.store(this.moved, 0, BigInt(lsn));
      moved += batchEntries;
      parts = [];
      chunks = [];
      chunk = null;
      batchBytes = 0;
      batchEntries = 0;
    };
    try {
      while (lsn < limit) {
        let at = lsn;
        let record = this.recordAt(at, seq + 1, limit);
        if (!record && at % this.size !== 0) {
          // The writer skips to the next lap when a batch does not fit before the end of the file.
          at += this.size - (at % this.size);
          record = at < limit ? this.recordAt(at, seq + 1, limit) : null;
        }
        if (!record) break;
        if (!chunk || chunk.entries >= CHUNK_ENTRIES) {
          chunk = { length: 0, firstSeq: seq + 1, entries: 0, receivedAt: record.receivedAt };
          chunks.push(chunk);
        }
        chunk.length += record.bytes.length;
        chunk.entries += 1;
        chunk.receivedAt = Math.min(chunk.receivedAt, record.receivedAt);
        appendPart(parts, record.bytes);
        seq += 1;
        lsn = at + record.bytes.length;
        batchEntries += 1;
        batchBytes += record.bytes.length;
        if (batchEntries >= MOVE_BATCH_ENTRIES || batchBytes >= MOVE_BATCH_BYTES) flush();
      }
      flush();
    } finally {
      // What was read past `limit` may still be written: never reuse it in a later move.
      this.window = Buffer.alloc(0);
    }
    return moved;
  }

  /** The record numbered `seq` at `lsn`, whole and intact (a view of the read-ahead), or null. */
  private recordAt(lsn: number, seq: number, limit: number): { bytes: Buffer; receivedAt: number } | null {
    const head = this.bytes(lsn, RECORD_HEADER_BYTES, limit);
    const length = head && recordLength(head, 0, seq);
    if (!length) return null;
    const whole = this.bytes(lsn, length, limit);
    const intact = whole && intactRecord(whole, 0, seq);
    return intact ? { bytes: whole, receivedAt: intact.receivedAt } : null;
  }

  /**
   * `length` bytes of the journal from position `lsn`, or null if they would cross the end of the
   * file. Reads ahead up to `limit` (at most 1 MiB), into a new buffer each time, so the bodies
   * handed out as views stay valid.
   */
  private bytes(lsn: number, length: number, limit: number): Buffer | null {
    const offset = lsn % this.size;
    if (offset + length > this.size) return null;
    const from = lsn - this.windowLsn;
    if (from >= 0 && from + length <= this.window.length) return this.window.subarray(from, from + length);
    const ahead = Math.min(this.size - offset, Math.max(length, Math.min(limit - lsn, 1024 * 1024)));
    const buf = Buffer.allocUnsafe(ahead);
    const got = fs.readSync(this.fd, buf, 0, ahead, offset);
    this.window = buf.subarray(0, got);
    this.windowLsn = lsn;
    return got >= length ? this.window.subarray(0, length) : null;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/**
 * Adds a record to the parts of a move, merged with the previous part when it follows it in the same
 * read-ahead buffer: a move of 2,000 records is then a few parts, well under `writev`'s limit of 1,024
 * when the segment is written through the page cache.
 */
function appendPart(parts: Buffer[], bytes: Buffer): void {
  const last = parts[parts.length - 1];
  if (last && last.buffer === bytes.buffer && last.byteOffset + last.length === bytes.byteOffset) {
    parts[parts.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + bytes.length);
  } else {
    parts.push(bytes);
  }
}
