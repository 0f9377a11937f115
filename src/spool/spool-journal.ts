import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isSqliteBusy } from '../storage/sqlite/database.js';
import { encodeRecords, intactRecord, RECORD_HEADER_BYTES, recordLength } from './journal-records.js';
import type { NewSpoolEntry } from './spool.js';
import { CHUNK_ENTRIES, IN_JOURNAL, type NewChunk } from './spool-chunks.js';
import type { JournalState, SqliteSpool } from './sqlite-spool.js';

/**
 * The spool journal: a preallocated ring file in front of the embedded spool. The HTTP thread writes
 * each group-commit batch into it with one `write` and one `fdatasync` (JournalWriter), and answers
 * 200 once that returns; the writer thread then adds them to the spool as chunks in `spool.sqlite`
 * that point back into the journal (JournalMover), where the digest claims them.
 *
 * Why: with spool.sqlite written on the HTTP thread, that thread waited on SQLite's page writes,
 * checkpoints and the digest threads' locks: at 3,000/s with all roles the p99 was 17.0–72.3 ms on
 * the bench host, against 13.6–15.2 ms with the journal (bench/RESULTS.md, ninth session). A
 * preallocated file needs no metadata in its `fdatasync`.
 *
 * Positions are byte counts since the journal began ("lsn"), never reset; a record sits at
 * `lsn % size` and never wraps around the end of the file (the writer skips to the next lap instead).
 * `spool.sqlite` keeps the number and end of the last moved record in the same transaction as the
 * chunks, so after a crash the mover resumes exactly there and moves nothing twice.
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
 * The HTTP thread's side: appends batches. `free` is shared with the mover, which stores there the
 * position before which the journal holds nothing the spool still needs; space before it may be
 * written again.
 */
export class JournalWriter {
  private readonly fd: number;
  private readonly size: number;
  private seq: number;
  private end: number;

  constructor(
    file: string,
    from: JournalState,
    private readonly free: BigInt64Array,
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
    const records = encodeRecords(entries, this.seq + 1);
    let at = this.end;
    const offset = at % this.size;
    if (offset + records.length > this.size) at += this.size - offset;
    if (at + records.length - Number(Atomics.load(this.free, 0)) > this.size) return false;
    for (let done = 0; done < records.length;) {
      done += fs.writeSync(this.fd, records, done, records.length - done, (at % this.size) + done);
    }
    fs.fdatasyncSync(this.fd);
    this.end = at + records.length;
    this.seq += entries.length;
    return true;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Records moved per commit, at most: bounds the memory of one move and the length of its lock. */
const MOVE_BATCH_ENTRIES = 2_000;
const MOVE_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * The writer thread's side. It moves journal records into the spool as chunks that point into the
 * journal itself (SqliteSpool.appendFromJournal): while the digest keeps up, an envelope is written
 * once, here, and read back from here. The journal may reuse a chunk's space once the digest has
 * acknowledged it; when chunks not yet digested fill more than `spillAbove` of the ring (a backlog),
 * the oldest are copied to a segment file and their space freed (SqliteSpool.copyOldestToSegment).
 *
 * Why not always copy: the copy ends in an `fdatasync` of a growing file, which makes the file system
 * commit its own journal, and the HTTP thread's syncs wait behind that: at 3,000/s the p99 went from
 * 5–9 ms to 35–145 ms when every move was copied (bench/RESULTS.md, thirteenth session).
 */
export class JournalMover {
  private readonly fd: number;
  private readonly size: number;
  private state: JournalState;
  /** Bytes read ahead in this move: `window` holds the journal from position `windowLsn` on. */
  private window = Buffer.alloc(0);
  private windowLsn = 0;

  /**
   * @param free shared with the JournalWriter: the position before which the journal may be written
   *   again (the start of the oldest chunk still in it, or the end of what was moved)
   * @param spillAbove the share of the ring that chunks not yet digested may fill before copies start
   */
  constructor(
    file: string,
    private readonly spool: SqliteSpool,
    private readonly free: BigInt64Array,
    private readonly spillAbove = 0.5,
  ) {
    this.fd = fs.openSync(file, 'r');
    this.size = fs.fstatSync(this.fd).size;
    this.state = spool.journalState();
    this.refresh();
  }

  /** The last record moved and the position after it: where the writer goes on after a start. */
  get position(): JournalState {
    return { ...this.state };
  }

  /**
   * Copies the oldest chunks out while too much of the ring waits for the digest, then tells the
   * writer how far it may write: after every move, and on a timer, as acknowledgements free space.
   */
  refresh(): void {
    const limit = this.size * this.spillAbove;
    let from = this.spool.oldestInJournal() ?? this.state.lsn;
    while (this.state.lsn - from > limit && this.spool.copyOldestToSegment(MOVE_BATCH_BYTES) > 0) {
      from = this.spool.oldestInJournal() ?? this.state.lsn;
    }
    Atomics.store(this.free, 0, BigInt(Math.min(from, this.state.lsn)));
  }

  /**
   * Moves every record before `limit` (all intact ones, on a start after a crash) and returns how many.
   * The position is committed with the chunks, so a crash halfway moves the rest on the next start.
   */
  move(limit = Number.POSITIVE_INFINITY): number {
    let { seq, lsn } = this.state;
    let moved = 0;
    let chunks: NewChunk[] = [];
    let chunk: NewChunk | null = null;
    let batchBytes = 0;
    let batchEntries = 0;
    const flush = (): void => {
      if (batchEntries === 0) return;
      this.spool.appendFromJournal(chunks, { seq, lsn });
      this.state = { seq, lsn };
      moved += batchEntries;
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
        // A chunk is one run of bytes in the ring: a skip to the next lap starts another.
        if (!chunk || chunk.entries >= CHUNK_ENTRIES || at !== lsn) {
          chunk = {
            segment: IN_JOURNAL,
            offset: at,
            length: 0,
            firstSeq: seq + 1,
            entries: 0,
            receivedAt: record.receivedAt,
          };
          chunks.push(chunk);
        }
        chunk.length += record.length;
        chunk.entries += 1;
        chunk.receivedAt = Math.min(chunk.receivedAt, record.receivedAt);
        seq += 1;
        lsn = at + record.length;
        batchEntries += 1;
        batchBytes += record.length;
        if (batchEntries >= MOVE_BATCH_ENTRIES || batchBytes >= MOVE_BATCH_BYTES) flush();
      }
      flush();
    } finally {
      // What was read past `limit` may still be written: never reuse it in a later move.
      this.window = Buffer.alloc(0);
    }
    this.refresh();
    return moved;
  }

  /** The length and receive time of the intact record numbered `seq` at `lsn`, or null. */
  private recordAt(lsn: number, seq: number, limit: number): { length: number; receivedAt: number } | null {
    const head = this.bytes(lsn, RECORD_HEADER_BYTES, limit);
    const length = head && recordLength(head, 0, seq);
    if (!length) return null;
    const whole = this.bytes(lsn, length, limit);
    return whole && intactRecord(whole, 0, seq);
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
