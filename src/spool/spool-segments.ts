import fs from 'node:fs';
import path from 'node:path';
import { alignUp, isDirectRefused, O_DIRECT, writeDirect } from './direct-write.js';

/**
 * Segment files: where the embedded spool keeps the envelopes moved out of the journal, as the
 * journal's own records, byte for byte (`spool.sqlite` keeps one row per chunk of them, SqliteSpool).
 *
 * Why not rows with the bodies in SQLite: SQLite writes a body page by page, each page twice (to the
 * WAL, then at the checkpoint), with a system call per page; on the bench host that copy cost the
 * writer thread 11–12 µs of CPU a request, and the edge a sixth of its rate (bench/RESULTS.md,
 * thirteenth session). Here a move is one write (one per MiB when written directly) and one
 * `fdatasync`, whatever it holds.
 *
 * A segment is written to about {@link SEGMENT_BYTES}, then the writer goes on to the next one. A
 * segment is only ever written from its start (a new file, or one nothing refers to any more, after a
 * start too), so bytes a crash left uncommitted are never built on. Segments nothing refers to are
 * reused or deleted (SegmentWriter). Each move starts at a multiple of 4 KiB and is written past the
 * page cache where the file system allows it (see direct-write.ts).
 */
export const SEGMENT_BYTES = 16 * 1024 * 1024;

const NAME = /^(\d{10})\.seg$/;

/** The segment folder beside the spool file. */
export function segmentsDir(spoolFile: string): string {
  return path.join(path.dirname(spoolFile), 'spool-segments');
}

function segmentFile(dir: string, segment: number): string {
  return path.join(dir, `${String(segment).padStart(10, '0')}.seg`);
}

/** The numbers of the segments in `dir`, ascending; none if the folder does not exist yet. */
export function listSegments(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => NAME.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Where appended bytes landed. */
export interface SegmentSpan {
  segment: number;
  offset: number;
}

/** Segments nothing refers to that are kept to be written over, rather than deleted. */
export const SPARE_SEGMENTS = 4;

/**
 * Appends to segments; one per data folder at a time (the writer thread that holds the journal).
 *
 * A segment no chunk refers to any more is written over from its start, rather than a new file grown:
 * an `fdatasync` of a file that grew also makes the file system commit its own journal, and the HTTP
 * thread's syncs wait behind that (at a fixed 3,000/s, p99 35–145 ms with new files against 5–9 ms
 * without the sync; bench/RESULTS.md, thirteenth session). Writing over blocks already allocated
 * changes no metadata the sync must carry. Only a backlog that outgrows the spare segments grows new
 * ones. What a reused segment held before stays past the chunks written into it; nothing refers to it.
 */
export class SegmentWriter {
  private fd = -1;
  private segment = 0;
  private size = 0;
  /** How far the current segment may be written without growing it. */
  private capacity = 0;
  /** Whether segments are written with `O_DIRECT`; false for good once the file system refuses it. */
  private direct = O_DIRECT !== 0;

  /**
   * @param inUse the segments chunks still point into: read when a segment is full, to find one to reuse
   * @param segmentBytes the size a segment is written to before the next one starts (tests make it small)
   * @param direct false to write through the page cache even where direct writes are possible
   */
  constructor(
    private readonly dir: string,
    private readonly inUse: () => Set<number>,
    private readonly segmentBytes = SEGMENT_BYTES,
    direct = true,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.direct &&= direct;
  }

  /** Whether the next append is a direct write. */
  get writesDirect(): boolean {
    return this.direct;
  }

  /**
   * Appends `parts` to the current segment (the next one once it is full) and syncs them: they are
   * durable when this returns. Throws if the disk refuses; nothing refers to a failed append's bytes.
   */
  append(parts: Buffer[]): SegmentSpan {
    const total = parts.reduce((sum, p) => sum + p.length, 0);
    const length = alignUp(total);
    if (this.fd < 0 || (this.size > 0 && this.size + length > this.capacity)) this.next();
    const offset = this.size;
    this.write(parts, total, offset);
    fs.fdatasyncSync(this.fd);
    this.size += length;
    return { segment: this.segment, offset };
  }

  /** Writes `parts` (`total` bytes) at `offset`, padded with zeros to the next multiple of 4 KiB. */
  private write(parts: Buffer[], total: number, offset: number): void {
    if (this.direct) {
      try {
        writeDirect(this.fd, parts, offset);
        return;
      } catch (err) {
        if (!isDirectRefused(err)) throw err;
        // Opened, but the file system takes no direct writes: through the page cache from now on.
        this.direct = false;
        fs.closeSync(this.fd);
        this.fd = -1;
        this.fd = this.open(segmentFile(this.dir, this.segment), false);
      }
    }
    const length = alignUp(total);
    const all = [...parts, Buffer.alloc(length - total)];
    let done = fs.writevSync(this.fd, all, offset);
    if (done < length) {
      // A short write (rare: a signal, a full disk): the rest one buffer at a time.
      const joined = Buffer.concat(all);
      while (done < length) done += fs.writeSync(this.fd, joined, done, length - done, offset + done);
    }
  }

  /**
   * Opens a segment file for writing, with `O_DIRECT` while that is taken. A file system that refuses
   * the flag (EINVAL) may have created the file already, so the second try does not insist on a new one.
   */
  private open(file: string, create: boolean): number {
    const { O_RDWR, O_CREAT, O_EXCL } = fs.constants;
    const flags = O_RDWR | (create ? O_CREAT | O_EXCL : 0);
    if (this.direct) {
      try {
        return fs.openSync(file, flags | O_DIRECT);
      } catch (err) {
        if (!isDirectRefused(err)) throw err;
        this.direct = false;
      }
    }
    return fs.openSync(file, create ? O_RDWR | O_CREAT : flags);
  }

  /**
   * Moves on to a spare segment, or to a new file, with its folder entry synced before anything
   * refers to it. A spare is one nothing points into: the only writer of chunks is this thread, and
   * the segment it writes is never a spare.
   */
  private next(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    const spare = this.spares(this.inUse())[0];
    this.size = 0;
    if (spare !== undefined) {
      this.segment = spare;
      this.fd = this.open(segmentFile(this.dir, spare), false);
      this.capacity = Math.max(this.segmentBytes, fs.fstatSync(this.fd).size);
      return;
    }
    this.segment = (listSegments(this.dir).at(-1) ?? 0) + 1;
    this.fd = this.open(segmentFile(this.dir, this.segment), true);
    this.capacity = this.segmentBytes;
    const dirFd = fs.openSync(this.dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }

  /** Segments, other than the current one, that nothing points into, lowest first. */
  private spares(inUse: Set<number>): number[] {
    return listSegments(this.dir).filter((n) => n !== this.segment && !inUse.has(n));
  }

  /**
   * Deletes the segments nothing points into, beyond {@link SPARE_SEGMENTS} kept for reuse: after a
   * burst, the disk space goes back.
   */
  removeUnused(): void {
    for (const segment of this.spares(this.inUse()).slice(SPARE_SEGMENTS)) {
      fs.rmSync(segmentFile(this.dir, segment), { force: true });
    }
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

/** Reads `length` bytes of a segment from `offset`; throws if the segment is gone or shorter. */
export function readSegment(dir: string, segment: number, offset: number, length: number): Buffer {
  const fd = fs.openSync(segmentFile(dir, segment), 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = fs.readSync(fd, buf, got, length - got, offset + got);
      if (n === 0) throw new Error(`spool segment ${segment} ends before byte ${offset + length}`);
      got += n;
    }
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}
