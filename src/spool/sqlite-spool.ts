import type { Transaction } from 'better-sqlite3';
import { isSqliteBusy, openSqlite, stmt, type Db } from '../storage/sqlite/database.js';
import type { IngestMeta, NewSpoolEntry, Spool, SpoolEntry, SpoolShard } from './spool.js';
import { ChunkQueue, type NewChunk } from './spool-chunks.js';
import { SegmentWriter, segmentsDir } from './spool-segments.js';

/** A chunk as the journal mover hands it over: its place in the segment is known once appended. */
export type MovedChunk = Omit<NewChunk, 'segment' | 'offset'>;

/** The last journal record moved into the spool, and the journal position after it (SpoolJournal). */
export interface JournalState {
  seq: number;
  lsn: number;
}

type Row = {
  id: number;
  project_id: number;
  received_at: number;
  meta: string;
  body: Buffer;
  attempts: number;
};

/**
 * The embedded spool: its own SQLite file, so ingest commits never wait behind the digest's long write
 * transactions on the main database. Envelopes moved from the journal stay in segment files, as chunks
 * (ChunkQueue); the rows of the `spool` table hold the envelopes committed directly (when the journal
 * is full or another process's) and the entries released or set aside. Each consumer (a digest thread)
 * owns a shard and claims with cursors in memory; after a restart everything not acknowledged is
 * offered again, and the digest's idempotency by event id makes that safe.
 */
export class SqliteSpool implements Spool {
  private readonly db: Db;
  private cursor = 0;
  private readonly chunks: ChunkQueue;
  /** Opened on the writer thread only, the one that moves from the journal and sweeps segments. */
  private segments: SegmentWriter | null = null;
  private readonly segmentDir: string;
  /** Entries deleted since freed pages were last handed back to the file system. */
  private deletedSinceVacuum = 0;
  /** One transaction inserting a batch of entries. */
  private readonly insertAll: Transaction<(entries: NewSpoolEntry[]) => void>;
  /** The same, also recording how far the journal has been moved. */
  private readonly insertMoved: Transaction<(chunks: NewChunk[], state: JournalState) => void>;

  /**
   * @param options.busyTimeoutMs how long a write waits for another connection's write lock (10 s by
   *   default); the HTTP thread's connection uses 0, see {@link tryAppendSync}.
   */
  constructor(
    file: string,
    private shard: SpoolShard = { index: 0, count: 1 },
    options: { busyTimeoutMs?: number } = {},
  ) {
    // A queue touches each page about once (append, read once, delete), so a big page cache only adds
    // RSS: three connections (edge writer, digest, main) each filled 8 MiB of it under load.
    this.db = openSqlite(file, { cacheMiB: 2, ...options });
    // AUTOINCREMENT: ids must never be reused once the table empties, or the consumer's cursor
    // would skip new entries that got an old id.
    this.db.exec(`CREATE TABLE IF NOT EXISTS spool (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      project_id INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      meta TEXT NOT NULL,
      body BLOB NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      buried TEXT
    )`);
    // Spool files from before `buried` existed gain the column in place.
    const columns = this.db.prepare('PRAGMA table_info(spool)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'buried')) this.db.exec('ALTER TABLE spool ADD COLUMN buried TEXT');
    // Built once: the edge calls it for every group commit.
    const insert = this.db.prepare(
      'INSERT INTO spool (project_id, received_at, meta, body) VALUES (?, ?, ?, ?)',
    );
    this.insertAll = this.db.transaction((entries: NewSpoolEntry[]) => {
      for (const e of entries) insert.run(e.projectId, e.receivedAt, JSON.stringify(e.meta), e.body);
    });
    this.db.exec(`CREATE TABLE IF NOT EXISTS journal_state (
      id INTEGER PRIMARY KEY CHECK (id = 0),
      seq INTEGER NOT NULL,
      lsn INTEGER NOT NULL
    )`);
    const moved = this.db.prepare(
      'INSERT INTO journal_state (id, seq, lsn) VALUES (0, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, lsn = excluded.lsn',
    );
    this.segmentDir = segmentsDir(file);
    this.chunks = new ChunkQueue(this.db, this.segmentDir);
    this.insertMoved = this.db.transaction((chunks: NewChunk[], state: JournalState) => {
      this.chunks.add(chunks);
      moved.run(state.seq, state.lsn);
    });
  }

  /** How far the journal has been moved into this spool ({0, 0} before its first record). */
  journalState(): JournalState {
    const row = this.db.prepare('SELECT seq, lsn FROM journal_state WHERE id = 0').get() as
      JournalState | undefined;
    return row ? { seq: Number(row.seq), lsn: Number(row.lsn) } : { seq: 0, lsn: 0 };
  }

  /**
   * Stores records moved from the journal: `parts` (the records, byte for byte) go to the current
   * segment and are synced, then one commit adds their chunks and how far the journal has moved.
   */
  appendFromJournal(parts: Buffer[], chunks: MovedChunk[], state: JournalState): void {
    const { segment, offset } = this.segmentWriter().append(parts);
    let at = offset;
    const placed = chunks.map((c) => {
      const chunk = { ...c, segment, offset: at };
      at += c.length;
      return chunk;
    });
    this.insertMoved(placed, state);
  }

  private segmentWriter(): SegmentWriter {
    this.segments ??= new SegmentWriter(this.segmentDir, () => this.chunks.segmentsInUse());
    return this.segments;
  }

  /** Deletes segment files no chunk points into, beyond the spares kept (the writer thread, now and then). */
  removeUnusedSegments(): void {
    this.segmentWriter().removeUnused();
  }

  /** Synchronous append: one transaction, one fsync, however many entries. */
  appendSync(entries: NewSpoolEntry[]): void {
    this.insertAll(entries);
  }

  /**
   * Appends like {@link appendSync} if the write lock can be had within this connection's busy
   * timeout: true once committed; false, with nothing written, if another connection holds it.
   * BEGIN IMMEDIATE takes the lock before the first row, so a refusal costs no work.
   */
  tryAppendSync(entries: NewSpoolEntry[]): boolean {
    try {
      this.insertAll.immediate(entries);
      return true;
    } catch (err) {
      if (isSqliteBusy(err)) return false;
      throw err;
    }
  }

  async append(entries: NewSpoolEntry[]): Promise<void> {
    this.appendSync(entries);
  }

  async claim(limit: number, maxBytes = Infinity): Promise<SpoolEntry[]> {
    const rows: Row[] = [];
    let bytes = 0;
    // Iterated, so the rows past the byte budget are never read.
    for (const row of stmt(
      this.db,
      'SELECT * FROM spool WHERE id > ? AND buried IS NULL AND id % ? = ? ORDER BY id LIMIT ?',
    ).iterate(this.cursor, this.shard.count, this.shard.index, limit) as IterableIterator<Row>) {
      rows.push(row);
      bytes += row.body.length;
      if (bytes >= maxBytes) break;
    }
    const last = rows[rows.length - 1];
    if (last) this.cursor = last.id;
    if (rows.length < limit && bytes < maxBytes) this.shrink();
    const out: SpoolEntry[] = rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      receivedAt: r.received_at,
      meta: JSON.parse(r.meta) as IngestMeta,
      body: r.body,
      attempts: r.attempts,
    }));
    this.chunks.claim(out, limit, maxBytes, bytes, this.shard);
    return out;
  }

  async ack(ids: number[]): Promise<void> {
    const { rows, inChunks } = splitIds(ids);
    const del = stmt(this.db, 'DELETE FROM spool WHERE id = ?');
    this.db.transaction(() => {
      for (const id of rows) del.run(id);
      this.chunks.done(inChunks);
    })();
    // Freed pages are handed back in claim, once the queue has caught up.
    this.deletedSinceVacuum += rows.length;
  }

  /**
   * Copies claimed chunk entries into rows of their own (with one more attempt, or set aside with a
   * reason), where attempts and reasons are kept per entry, and marks them done in their chunks.
   */
  private copyOutOfChunks(ids: number[], buried: string | null): void {
    const copy = stmt(
      this.db,
      'INSERT INTO spool (project_id, received_at, meta, body, attempts, buried) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const done: number[] = [];
    for (const id of ids) {
      const e = this.chunks.entry(id);
      if (!e) continue;
      copy.run(
        e.projectId,
        e.receivedAt,
        JSON.stringify(e.meta),
        e.body,
        e.attempts + (buried ? 0 : 1),
        buried,
      );
      done.push(id);
    }
    this.chunks.done(done);
  }

  /**
   * A burst can grow the file by hundreds of MB; the pages go back to the file system in bounded steps,
   * but only once the queue has caught up: while a backlog drains, the appends reuse them anyway, and
   * the vacuum would take time from the digest when it is shortest of it.
   */
  private shrink(): void {
    if (this.deletedSinceVacuum < 5_000) return;
    // One step per caught-up claim; a larger debt is paid over the next ones.
    this.deletedSinceVacuum -= 5_000;
    this.db.pragma('incremental_vacuum(4000)');
  }

  /**
   * Moves this consumer to another shard between batches. The cursor starts over, so entries of the new
   * shard that are still waiting (another thread's leftovers, released entries) are claimed; what was
   * acknowledged is gone from the table, so nothing is claimed twice.
   */
  reshard(shard: SpoolShard): void {
    this.shard = shard;
    this.cursor = 0;
    this.chunks.rewind();
  }

  async release(ids: number[]): Promise<void> {
    const { rows, inChunks } = splitIds(ids);
    const bump = stmt(this.db, 'UPDATE spool SET attempts = attempts + 1 WHERE id = ?');
    this.db.transaction(() => {
      for (const id of rows) bump.run(id);
      // Copies get new ids, past the cursor: claimed again without a rewind.
      this.copyOutOfChunks(inChunks, null);
    })();
    // Rewind so the released rows are claimed again.
    if (rows.length > 0) this.cursor = Math.min(this.cursor, Math.min(...rows) - 1);
  }

  async bury(ids: number[], reason: string): Promise<void> {
    const { rows, inChunks } = splitIds(ids);
    const why = reason.slice(0, 500);
    const set = stmt(this.db, 'UPDATE spool SET buried = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const id of rows) set.run(why, id);
      this.copyOutOfChunks(inChunks, why);
    })();
  }

  async retryBuried(): Promise<number> {
    const n = stmt(this.db, 'UPDATE spool SET buried = NULL, attempts = 0 WHERE buried IS NOT NULL').run()
      .changes;
    this.cursor = 0;
    return n + this.chunks.retryDamaged();
  }

  async depth(): Promise<{ waiting: number; buried: number }> {
    const row = stmt(
      this.db,
      'SELECT count(*) - count(buried) AS waiting, count(buried) AS buried FROM spool',
    ).get() as { waiting: number; buried: number };
    const chunks = this.chunks.depth();
    return { waiting: Number(row.waiting) + chunks.waiting, buried: Number(row.buried) + chunks.buried };
  }

  async oldestWaiting(): Promise<number | null> {
    // In id order, so it reads one row of the primary key however long the queue is.
    const row = stmt(
      this.db,
      'SELECT received_at FROM spool WHERE buried IS NULL ORDER BY id LIMIT 1',
    ).get() as { received_at: number } | undefined;
    const inChunks = this.chunks.oldestWaiting();
    const inRows = row ? Number(row.received_at) : null;
    if (inRows === null) return inChunks;
    return inChunks === null ? inRows : Math.min(inRows, inChunks);
  }

  async close(): Promise<void> {
    this.segments?.close();
    this.db.close();
  }
}

/** The ids of the spool's own rows, and those of entries in chunks (ChunkQueue). */
function splitIds(ids: number[]): { rows: number[]; inChunks: number[] } {
  const rows: number[] = [];
  const inChunks: number[] = [];
  for (const id of ids) (ChunkQueue.isChunkEntry(id) ? inChunks : rows).push(id);
  return { rows, inChunks };
}
