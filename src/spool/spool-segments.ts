import fs from 'node:fs';
import path from 'node:path';

/**
 * Segment files: where the embedded spool keeps the envelopes moved out of the journal, as the
 * journal's own records, byte for byte (`spool.sqlite` keeps one row per chunk of them, SqliteSpool).
 *
 * Why not rows with the bodies in SQLite: SQLite writes a body page by page, each page twice (to the
 * WAL, then at the checkpoint), with a system call per page; on the bench host that copy cost the
 * writer thread 11–12 µs of CPU a request, and the edge a sixth of its rate (bench/RESULTS.md,
 * thirteenth session). Here a move is one `writev` and one `fdatasync`, whatever it holds.
 *
 * A segment grows to about {@link SEGMENT_BYTES}, then the writer starts the next one. Each process
 * start begins a new segment too, so what a crash left unfinished at the end of the last one (bytes
 * written but never committed as a chunk) is never appended to. A segment goes once no chunk row refers
 * to it and it is not the one being written.
 */
export const SEGMENT_BYTES = 64 * 1024 * 1024;

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

/** Appends to segments; one per data folder at a time (the writer thread that holds the journal). */
export class SegmentWriter {
  private fd = -1;
  private segment: number;
  private size = 0;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.segment = (listSegments(dir).at(-1) ?? 0) + 1;
  }

  /**
   * Appends `parts` to the current segment (the next one once it is full) and syncs them: they are
   * durable when this returns. Throws if the disk refuses; nothing refers to a failed append's bytes.
   */
  append(parts: Buffer[]): SegmentSpan {
    if (this.fd < 0 || this.size >= SEGMENT_BYTES) this.next();
    const total = parts.reduce((sum, p) => sum + p.length, 0);
    const offset = this.size;
    let done = fs.writevSync(this.fd, parts, offset);
    if (done < total) {
      // A short write (rare: a signal, a full disk): the rest one buffer at a time.
      const all = Buffer.concat(parts);
      while (done < total) done += fs.writeSync(this.fd, all, done, total - done, offset + done);
    }
    fs.fdatasyncSync(this.fd);
    this.size += total;
    return { segment: this.segment, offset };
  }

  /** Starts a new segment file, with its folder entry synced before anything refers to it. */
  private next(): void {
    if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.segment += 1;
    }
    this.fd = fs.openSync(segmentFile(this.dir, this.segment), 'wx');
    this.size = 0;
    const dirFd = fs.openSync(this.dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  }

  /** Deletes every segment, other than the one being written, that `inUse` does not hold. */
  removeUnused(inUse: Set<number>): void {
    for (const segment of listSegments(this.dir)) {
      if (segment === this.segment || inUse.has(segment)) continue;
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
