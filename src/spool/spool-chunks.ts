import { stmt, type Db } from '../storage/sqlite/database.js';
import { decodeRecord } from './journal-records.js';
import type { SpoolEntry, SpoolShard } from './spool.js';
import { readSegment } from './spool-segments.js';

/** A run of consecutive journal records stored in a segment (see spool-segments.ts). */
export interface NewChunk {
  segment: number;
  offset: number;
  length: number;
  /** The sequence number of its first record; the others follow one by one. */
  firstSeq: number;
  entries: number;
  /** The earliest receive time among its entries. */
  receivedAt: number;
}

/**
 * Entries of one chunk, claimed together. Ids of chunk entries are negative, so they never collide
 * with the ids of the spool's own rows: -(chunk id × SLOTS + index + 1).
 */
const SLOTS = 1024;
/** Entries per chunk at most: a claim takes chunks whole, so this bounds how far one overshoots. */
export const CHUNK_ENTRIES = 100;

/** A claimed chunk: its entries not yet acknowledged, released or set aside. */
interface OpenChunk {
  entries: SpoolEntry[];
  remaining: number;
  /** Some of its records did not decode: the row stays, set aside, when the rest are done. */
  damaged: string | null;
}

/**
 * The chunk table of the embedded spool: one row per run of records moved from the journal, pointing
 * into a segment file. Consumers claim chunks whole, in id order, with a cursor per shard like the
 * spool's rows; a chunk's row is deleted once every entry in it is done. Entries released or set aside
 * are copied into the spool's own rows by the caller, which keeps per-entry attempts and reasons there.
 */
export class ChunkQueue {
  private cursor = 0;
  private readonly open = new Map<number, OpenChunk>();

  constructor(
    private readonly db: Db,
    private readonly dir: string,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS spool_chunks (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      segment INTEGER NOT NULL,
      offset INTEGER NOT NULL,
      length INTEGER NOT NULL,
      first_seq INTEGER NOT NULL,
      entries INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      damaged TEXT
    )`);
  }

  static isChunkEntry(id: number): boolean {
    return id < 0;
  }

  /** Inserts chunk rows; call inside the transaction that records the journal position. */
  add(chunks: NewChunk[]): void {
    const insert = stmt(
      this.db,
      'INSERT INTO spool_chunks (segment, offset, length, first_seq, entries, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const c of chunks) {
      insert.run(c.segment, c.offset, c.length, c.firstSeq, c.entries, c.receivedAt);
    }
  }

  /**
   * Appends to `out` whole chunks of `shard`, in order, while fewer than `limit` entries and `maxBytes`
   * of records are taken; returns the bytes taken.
   */
  claim(out: SpoolEntry[], limit: number, maxBytes: number, bytes: number, shard: SpoolShard): number {
    const rows = stmt(
      this.db,
      'SELECT id, segment, offset, length, first_seq, entries FROM spool_chunks WHERE id > ? AND damaged IS NULL AND id % ? = ? ORDER BY id LIMIT 32',
    );
    while (out.length < limit && bytes < maxBytes) {
      const chunks = rows.all(this.cursor, shard.count, shard.index) as Array<{
        id: number;
        segment: number;
        offset: number;
        length: number;
        first_seq: number;
        entries: number;
      }>;
      if (chunks.length === 0) break;
      for (const c of chunks) {
        if (out.length >= limit || bytes >= maxBytes) break;
        const chunk = this.read(c.id, c.segment, c.offset, c.length, c.first_seq, c.entries);
        out.push(...chunk.entries);
        bytes += c.length;
        this.cursor = c.id;
      }
    }
    return bytes;
  }

  private read(
    id: number,
    segment: number,
    offset: number,
    length: number,
    firstSeq: number,
    n: number,
  ): OpenChunk {
    const entries: SpoolEntry[] = [];
    let damaged: string | null = null;
    try {
      const buf = readSegment(this.dir, segment, offset, length);
      let at = 0;
      for (let i = 0; i < n; i++) {
        const record = decodeRecord(buf, at, firstSeq + i);
        if (!record) break;
        entries.push({ ...record.entry, id: -(id * SLOTS + i + 1), attempts: 0 });
        at = record.end;
      }
      if (entries.length < n)
        damaged = `spool segment ${segment}: record ${entries.length + 1} of ${n} is damaged`;
    } catch (err) {
      // A segment that cannot be read would stop this shard for good if the claim kept failing on it.
      damaged = `spool segment ${segment} cannot be read: ${err instanceof Error ? err.message : String(err)}`;
    }
    const chunk: OpenChunk = { entries, remaining: entries.length, damaged };
    if (damaged) stmt(this.db, 'UPDATE spool_chunks SET damaged = ? WHERE id = ?').run(damaged, id);
    if (entries.length > 0) this.open.set(id, chunk);
    return chunk;
  }

  /** The claimed entry behind a chunk entry id, to copy it when it is released or set aside. */
  entry(id: number): SpoolEntry | undefined {
    const { chunk, index } = split(id);
    return this.open.get(chunk)?.entries[index];
  }

  /** Marks chunk entries done; deletes the rows of chunks with nothing left. Call inside a transaction. */
  done(ids: number[]): void {
    const del = stmt(this.db, 'DELETE FROM spool_chunks WHERE id = ?');
    for (const id of ids) {
      const { chunk } = split(id);
      const open = this.open.get(chunk);
      if (!open) continue;
      open.remaining -= 1;
      if (open.remaining > 0) continue;
      this.open.delete(chunk);
      if (!open.damaged) del.run(chunk);
    }
  }

  /** Starts over from the first chunk (another shard, or set-aside chunks offered again). */
  rewind(): void {
    this.cursor = 0;
  }

  /** Offers damaged chunks again; returns how many entries they hold. */
  retryDamaged(): number {
    const row = stmt(
      this.db,
      'SELECT coalesce(sum(entries), 0) AS n FROM spool_chunks WHERE damaged IS NOT NULL',
    ).get() as { n: number };
    stmt(this.db, 'UPDATE spool_chunks SET damaged = NULL WHERE damaged IS NOT NULL').run();
    this.cursor = 0;
    return Number(row.n);
  }

  depth(): { waiting: number; buried: number } {
    const row = stmt(
      this.db,
      `SELECT coalesce(sum(CASE WHEN damaged IS NULL THEN entries END), 0) AS waiting,
              coalesce(sum(CASE WHEN damaged IS NULL THEN 0 ELSE entries END), 0) AS buried
       FROM spool_chunks`,
    ).get() as { waiting: number; buried: number };
    return { waiting: Number(row.waiting), buried: Number(row.buried) };
  }

  oldestWaiting(): number | null {
    const row = stmt(
      this.db,
      'SELECT min(received_at) AS at FROM (SELECT received_at FROM spool_chunks WHERE damaged IS NULL ORDER BY id LIMIT 16)',
    ).get() as { at: number | null };
    return row.at === null ? null : Number(row.at);
  }

  /** The segments chunks still point into (the writer keeps those files). */
  segmentsInUse(): Set<number> {
    const rows = stmt(this.db, 'SELECT DISTINCT segment FROM spool_chunks').all() as Array<{
      segment: number;
    }>;
    return new Set(rows.map((r) => Number(r.segment)));
  }
}

function split(id: number): { chunk: number; index: number } {
  const n = -id - 1;
  return { chunk: Math.floor(n / SLOTS), index: n % SLOTS };
}
