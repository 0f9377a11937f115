import { crc32 } from 'node:zlib';
import type { IngestMeta, NewSpoolEntry } from './spool.js';

/**
 * The record format of the spool journal (see SpoolJournal). Each record is one envelope:
 *
 *   magic u32 | crc u32 | seq f64 | receivedAt f64 | projectId u32 | metaLength u32 | bodyLength u32 |
 *   reserved u32 | meta (JSON) | body
 *
 * little-endian; the CRC-32 covers everything after itself. Sequence numbers go up by one per record
 * and are never reused, so a reader that expects the next number rejects both a torn record (its CRC
 * fails) and a stale one left from an earlier lap of the ring (its number is too small).
 */
const MAGIC = 0x314a4c46; // "FLJ1"
export const RECORD_HEADER_BYTES = 40;

/** A record read back, with the offset just past it. */
export interface JournalRecord {
  entry: NewSpoolEntry;
  end: number;
}

/**
 * Encodes `entries` as consecutive records numbered from `firstSeq`, into `alloc(size)` (a reused
 * buffer, written out before the next call) or, by default, a buffer of its own.
 */
export function encodeRecords(
  entries: NewSpoolEntry[],
  firstSeq: number,
  alloc: (size: number) => Buffer = Buffer.allocUnsafeSlow,
): Buffer {
  const metas = entries.map((e) => JSON.stringify(e.meta));
  const metaLengths = metas.map((m) => Buffer.byteLength(m));
  let size = 0;
  for (let i = 0; i < entries.length; i++) {
    size += RECORD_HEADER_BYTES + metaLengths[i]! + entries[i]!.body.length;
  }
  const out = alloc(size).subarray(0, size);
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    const { body, projectId, receivedAt } = entries[i]!;
    const metaLength = metaLengths[i]!;
    out.writeUInt32LE(MAGIC, at);
    out.writeDoubleLE(firstSeq + i, at + 8);
    out.writeDoubleLE(receivedAt, at + 16);
    out.writeUInt32LE(projectId, at + 24);
    out.writeUInt32LE(metaLength, at + 28);
    out.writeUInt32LE(body.length, at + 32);
    out.writeUInt32LE(0, at + 36);
    out.write(metas[i]!, at + RECORD_HEADER_BYTES, metaLength);
    body.copy(out, at + RECORD_HEADER_BYTES + metaLength);
    const end = at + RECORD_HEADER_BYTES + metaLength + body.length;
    out.writeUInt32LE(crc32(out.subarray(at + 8, end)), at + 4);
    at = end;
  }
  return out;
}

/**
 * The full length of the record whose header starts at `at`, if the header is one numbered `seq`;
 * null otherwise (zeros, a stale or foreign record). Needs only the header's bytes.
 */
export function recordLength(buf: Buffer, at: number, seq: number): number | null {
  if (at + RECORD_HEADER_BYTES > buf.length) return null;
  if (buf.readUInt32LE(at) !== MAGIC || buf.readDoubleLE(at + 8) !== seq) return null;
  return RECORD_HEADER_BYTES + buf.readUInt32LE(at + 28) + buf.readUInt32LE(at + 32);
}

/**
 * The length and receive time of the record numbered `seq` at `at`, if it is there whole and its CRC
 * holds; null otherwise. Checks a record without parsing it (the mover copies records as they are).
 */
export function intactRecord(
  buf: Buffer,
  at: number,
  seq: number,
): { length: number; receivedAt: number } | null {
  const length = recordLength(buf, at, seq);
  if (length === null || at + length > buf.length) return null;
  if (crc32(buf.subarray(at + 8, at + length)) !== buf.readUInt32LE(at + 4)) return null;
  return { length, receivedAt: buf.readDoubleLE(at + 16) };
}

/**
 * Reads the record numbered `seq` at `at`, or null if what is there is not that record whole and
 * intact. The body is a view into `buf`.
 */
export function decodeRecord(buf: Buffer, at: number, seq: number): JournalRecord | null {
  const intact = intactRecord(buf, at, seq);
  if (!intact) return null;
  const end = at + intact.length;
  const metaStart = at + RECORD_HEADER_BYTES;
  const bodyStart = metaStart + buf.readUInt32LE(at + 28);
  let meta: IngestMeta;
  try {
    meta = JSON.parse(buf.toString('utf8', metaStart, bodyStart)) as IngestMeta;
  } catch {
    return null;
  }
  return {
    entry: {
      projectId: buf.readUInt32LE(at + 24),
      receivedAt: intact.receivedAt,
      meta,
      body: buf.subarray(bodyStart, end),
    },
    end,
  };
}
