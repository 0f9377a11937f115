import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecords, RECORD_HEADER_BYTES, recordLength } from './journal-records.js';
import type { NewSpoolEntry } from './spool.js';

const entry = (n: number, body = `envelope ${n}`): NewSpoolEntry => ({
  projectId: 40 + n,
  receivedAt: 1_700_000_000_000 + n,
  meta: { clientIp: '10.0.0.1', userAgent: `sdk/${n}`, publicKey: 'k'.repeat(32) },
  body: Buffer.from(body),
});

/** Reads every record of `buf` from number `seq` on, as the mover does. */
function readAll(buf: Buffer, seq: number): NewSpoolEntry[] {
  const out: NewSpoolEntry[] = [];
  for (let at = 0, next = seq; ; next++) {
    const record = decodeRecord(buf, at, next);
    if (!record) return out;
    out.push(record.entry);
    at = record.end;
  }
}

describe('journal records', () => {
  it('read back what was written, numbered on from the first', () => {
    const entries = [entry(1), entry(2, ''), entry(3, '\u00e9\u0000binary\r\n')];
    const buf = encodeRecords(entries, 7);
    expect(readAll(buf, 7)).toEqual(entries);
    // The numbers are part of each record: read from another number, nothing matches.
    expect(readAll(buf, 6)).toEqual([]);
    expect(readAll(buf, 8)).toEqual([]);
    const first = decodeRecord(buf, 0, 7)!;
    expect(recordLength(buf, 0, 7)).toBe(first.end);
    expect(first.end).toBe(RECORD_HEADER_BYTES + JSON.stringify(entries[0]!.meta).length + 10);
  });

  it('encode into a reused buffer exactly as into a new one, whatever it held before', () => {
    // Non-ASCII meta: its byte length differs from its string length.
    const entries = [entry(1), { ...entry(2), meta: { ...entry(2).meta, userAgent: 'sdk/\u00e9\u4e2d' } }];
    const fresh = encodeRecords(entries, 3);
    const dirty = Buffer.alloc(fresh.length + 64, 0xff);
    const reused = encodeRecords(entries, 3, () => dirty);
    expect(reused.equals(fresh)).toBe(true);
    expect(reused.buffer).toBe(dirty.buffer);
    expect(readAll(reused, 3)).toEqual(entries);
  });

  it('stop at a record that was torn or changed', () => {
    const buf = encodeRecords([entry(1), entry(2), entry(3)], 1);
    const second = decodeRecord(buf, 0, 1)!.end;
    const third = decodeRecord(buf, second, 2)!.end;

    const flipped = Buffer.from(buf);
    flipped[third - 1]! ^= 1; // the second record's last body byte
    expect(readAll(flipped, 1).map((e) => e.projectId)).toEqual([41]);

    // Cut inside the third record, as a crash during its write would leave it.
    expect(readAll(buf.subarray(0, buf.length - 3), 1).map((e) => e.projectId)).toEqual([41, 42]);
    // Zeros (the file as it was made) are no record.
    expect(decodeRecord(Buffer.alloc(100), 0, 1)).toBeNull();
    expect(recordLength(Buffer.alloc(100), 0, 1)).toBeNull();
  });
});
