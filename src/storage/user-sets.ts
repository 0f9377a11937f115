/**
 * Packed user sets: one roll-up slice's users (each user's largest duration and LCP in it) as one
 * blob, so a long window's distinct and miserable users are merged in code from a few hundred blobs
 * instead of counted by SQL from one row per user and slice (0.7 M rows for 14 days of 5,000 users in
 * 20 transactions, about a second on SQLite).
 *
 * A user is kept as a 53-bit number taken from the SHA-1 of their key, not the key itself: a blob is
 * then a plain array of doubles, read without parsing. Two keys share a number with probability about
 * n²/2⁵⁴ (under 1 in 1,000 for ten million distinct users), which would count them as one user.
 */
import { createHash } from 'node:crypto';
import type { Threshold, ThresholdTable } from '../perf/thresholds.js';

/** Doubles per user in a blob: the user's number, largest duration (ms), largest LCP (ms, NaN: none). */
const STRIDE = 3;

/** The 53-bit number standing for a user key. */
export function userNumber(userKey: string): number {
  const d = createHash('sha1').update(userKey).digest();
  return (d.readUInt32BE(0) & 0x1f_ffff) * 2 ** 32 + d.readUInt32BE(4);
}

/**
 * Distinct users with their largest duration and LCP: an open-addressing table on the users' numbers
 * (a Map keyed by doubles costs several times more per lookup), each slot's three doubles side by
 * side as in a blob, so a probe touches one cache line.
 */
export class UserMaxima {
  /** `capacity` slots of [number (-1: empty), duration, LCP]. */
  private slots = emptySlots(64);
  private capacity = 64;
  private count = 0;

  /** Distinct users added. */
  get size(): number {
    return this.count;
  }

  /** Adds a user's maxima (lcp NaN or null: none), keeping the larger of each. */
  add(user: number, durationMs: number, lcpMs: number | null): void {
    if (this.count * 2 >= this.capacity) this.grow(this.capacity * 2);
    this.put(user, durationMs, lcpMs ?? NaN);
  }

  /** Adds every user of a packed blob. */
  addPacked(blob: Uint8Array): void {
    const values = unpack(blob);
    let size = this.capacity;
    while ((this.count + values.length / STRIDE) * 2 >= size) size *= 2;
    if (size > this.capacity) this.grow(size);
    for (let j = 0; j < values.length; j += STRIDE) this.put(values[j]!, values[j + 1]!, values[j + 2]!);
  }

  /** Inserts or raises one user; the table has room. */
  private put(user: number, durationMs: number, lcp: number): void {
    const slots = this.slots;
    const mask = this.capacity - 1;
    // The numbers are hash bits already, so their low 32 bits spread evenly over the slots.
    let i = (user >>> 0) & mask;
    for (;;) {
      const at = i * STRIDE;
      const k = slots[at]!;
      if (k === -1) {
        slots[at] = user;
        slots[at + 1] = durationMs;
        slots[at + 2] = lcp;
        this.count++;
        return;
      }
      if (k === user) {
        if (durationMs > slots[at + 1]!) slots[at + 1] = durationMs;
        // NaN (no LCP) loses to any LCP, and compares false either way.
        const known = slots[at + 2]!;
        if (lcp > known || known !== known) slots[at + 2] = lcp;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** Users whose largest duration (or LCP, for an LCP limit) is above the limit; no LCP is above nothing. */
  slowerThan(limit: Threshold): number {
    const offset = limit.metric === 'lcp' ? 2 : 1;
    let n = 0;
    for (let at = 0; at < this.slots.length; at += STRIDE) {
      if (this.slots[at] !== -1 && this.slots[at + offset]! > limit.ms) n++;
    }
    return n;
  }

  /** The users as a blob, sorted by number (so equal sets pack to equal bytes). */
  pack(): Buffer {
    const order: number[] = [];
    for (let at = 0; at < this.slots.length; at += STRIDE) if (this.slots[at] !== -1) order.push(at);
    order.sort((a, b) => this.slots[a]! - this.slots[b]!);
    const out = new Float64Array(order.length * STRIDE);
    order.forEach((at, j) => out.set(this.slots.subarray(at, at + STRIDE), j * STRIDE));
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }

  private grow(capacity: number): void {
    const old = this.slots;
    this.slots = emptySlots(capacity);
    this.capacity = capacity;
    this.count = 0;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at] !== -1) this.put(old[at]!, old[at + 1]!, old[at + 2]!);
    }
  }
}

function emptySlots(capacity: number): Float64Array {
  const slots = new Float64Array(capacity * STRIDE);
  for (let at = 0; at < slots.length; at += STRIDE) slots[at] = -1;
  return slots;
}

/** A blob's doubles (copied when the bytes are not 8-byte aligned, as a database driver may hand them). */
function unpack(blob: Uint8Array): Float64Array {
  const whole = blob.byteLength - (blob.byteLength % (8 * STRIDE));
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, whole / 8);
  return new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + whole));
}

/**
 * The limit a (project, transaction) is judged by in a threshold table: the same choice as the SQL of
 * `slowerThanSql` (its transaction's, else its project's, else the fallback).
 */
export function limitOf(slower: number | ThresholdTable, projectId: number, name: string): Threshold {
  if (typeof slower === 'number') return { ms: slower, metric: 'duration' };
  return (
    slower.transactions.find((t) => t.projectId === projectId && t.name === name)?.threshold ??
    slower.projects.find((p) => p.projectId === projectId)?.threshold ??
    slower.fallback
  );
}
