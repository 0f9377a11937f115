import { stmt, type Db } from '../storage/sqlite/database.js';
import { decodeRecord } from './journal-records.js';
import type { SpoolEntry, SpoolShard } from './spool.js';
import { readJournal, readSegment } from './spool-segments.js';

/** The `segment` of a chunk still in the journal, at journal position `offset`. */
export const IN_JOURNAL = 0;

/** A run of consecutive journal records, in the journal or in a segment (see SpoolSegments). */
export interface NewChunk {
  /** {@link IN_JOURNAL}, or the segment file the records were copied to. */
  segment: number;
  /** The journal position of the first record, or its offset in the segment. */
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
 * into the journal itself, or into a segment file once the writer copied them there to free the ring
 * (JournalMover). Consumers claim chunks whole, in id order, with a cursor per shard like the spool's
 * rows; a chunk's row is deleted once every entry in it is done. Entries released or set aside are
 * copied into the spool's own rows by the caller, which keeps per-entry attempts and reasons there.
 */
export class ChunkQueue {
  private cursor = 0;
  private readonly open = new Map<number, OpenChunk>();

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly journalFile: string,
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
    let { entries, damaged } = this.decode(id, segment, offset, length, firstSeq, n);
    if (damaged && segment === IN_JOURNAL) {
      // The writer may have copied the chunk to a segment and reused its journal space after this
      // claim read the row: the row then says where the records are now.
      const now = stmt(this.db, 'SELECT segment, offset FROM spool_chunks WHERE id = ?').get(id) as
        { segment: number; offset: number } | undefined;
      if (!now) return { entries: [], remaining: 0, damaged: null };
      if (now.segment !== IN_JOURNAL) {
        ({ entries, damaged } = this.decode(id, now.segment, now.offset, length, firstSeq, n));
      }
    }
    const chunk: OpenChunk = { entries, remaining: entries.length, damaged };
    if (damaged) stmt(this.db, 'UPDATE spool_chunks SET damaged = ? WHERE id = ?').run(damaged, id);
    if (entries.length > 0) this.open.set(id, chunk);
    return chunk;
  }

  private decode(
    id: number,
    segment: number,
    offset: number,
    length: number,
    firstSeq: number,
    n: number,
  ): { entries: SpoolEntry[]; damaged: string | null } {
    const entries: SpoolEntry[] = [];
    const where = segment === IN_JOURNAL ? `the spool journal at ${offset}` : `spool segment ${segment}`;
    try {
      const buf =
        segment === IN_JOURNAL
          ? readJournal(this.journalFile, offset, length)
          : readSegment(this.dir, segment, offset, length);
      let at = 0;
      for (let i = 0; i < n; i++) {
        const record = decodeRecord(buf, at, firstSeq + i);
        if (!record) break;
        entries.push({ ...record.entry, id: -(id * SLOTS + i + 1), attempts: 0 });
        at = record.end;
      }
    } catch (err) {
      // A file that cannot be read would stop this shard for good if the claim kept failing on it.
      return {
        entries,
        damaged: `${where} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    const damaged = entries.length < n ? `${where}: record ${entries.length + 1} of ${n} is damaged` : null;
    return { entries, damaged };
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

  /** Where the oldest chunk still in the journal starts: the writer may not overwrite it. */
  oldestInJournal(): number | null {
    const row = stmt(
      this.db,
      `SELECT min(offset) AS at FROM spool_chunks WHERE segment = ${IN_JOURNAL} AND damaged IS NULL`,
    ).get() as { at: number | null };
    return row.at === null ? null : Number(row.at);
  }

  /** The oldest chunks still in the journal, up to about `maxBytes` of them, to copy to a segment. */
  inJournal(maxBytes: number): Array<{ id: number; offset: number; length: number }> {
    const out: Array<{ id: number; offset: number; length: number }> = [];
    let bytes = 0;
    for (const row of stmt(
      this.db,
      `SELECT id, offset, length FROM spool_chunks WHERE segment = ${IN_JOURNAL} AND damaged IS NULL ORDER BY id`,
    ).iterate() as IterableIterator<{ id: number; offset: number; length: number }>) {
      if (bytes >= maxBytes) break;
      out.push({ id: row.id, offset: Number(row.offset), length: row.length });
      bytes += row.length;
    }
    return out;
  }

  /** Points chunks at their copies (rows acknowledged meanwhile are gone and stay gone). */
  relocate(copies: Array<{ id: number; segment: number; offset: number }>): void {
    const move = stmt(this.db, 'UPDATE spool_chunks SET segment = ?, offset = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const c of copies) move.run(c.segment, c.offset, c.id);
    })();
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
