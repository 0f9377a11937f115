import fs from 'node:fs';

/**
 * Writes that bypass the page cache (`O_DIRECT`), for the spool's segment files.
 *
 * Why: a move writes every accepted envelope to a segment, and while the digest is behind, those are
 * new pages of the page cache. On the bench host (a virtual machine) a page the guest has not touched
 * lately costs a fault in the host on first use: a buffered write to a new file ran at 430 MiB/s
 * against 11 GiB/s over cached pages, and the spool writer thread spent 14 µs of CPU a request, most
 * of it in that copy. A direct write hands the device the buffer itself: 5 µs a request, and the edge
 * alone took 30 % more requests a second (bench/RESULTS.md, fourteenth session).
 *
 * A direct write needs its file offset, its length and its memory aligned to the device's block size.
 * Offsets and lengths here are multiples of {@link DIRECT_ALIGN} (4 KiB covers every common device),
 * and the bytes go through a staging buffer whose start is page-aligned.
 */
export const DIRECT_ALIGN = 4096;

/** The staging buffer: writes larger than this go in several pieces. */
const STAGING_BYTES = 1024 * 1024;

/** `O_DIRECT` where the platform has it (Linux); 0 elsewhere, where writes stay buffered. */
export const O_DIRECT: number = (fs.constants as { O_DIRECT?: number }).O_DIRECT ?? 0;

/** The WebAssembly global, which Node has but its type definitions do not declare. */
interface WasmGlobal {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}

/**
 * A page-aligned buffer of `bytes` (a multiple of 64 KiB). Node's Buffers come from malloc and are only
 * 16-byte aligned; a WebAssembly memory is mapped on its own, from the start of a page.
 */
function pageAlignedBuffer(bytes: number): Buffer {
  const wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;
  return Buffer.from(new wasm.Memory({ initial: bytes / 65536 }).buffer, 0, bytes);
}

let staging: Buffer | null = null;

/** `n` rounded up to a multiple of {@link DIRECT_ALIGN}. */
export function alignUp(n: number): number {
  return Math.ceil(n / DIRECT_ALIGN) * DIRECT_ALIGN;
}

/**
 * Writes `parts` at `offset` (a multiple of {@link DIRECT_ALIGN}) through a file opened with
 * `O_DIRECT`, padded with zeros to a multiple of {@link DIRECT_ALIGN}.
 * Throws what the file system throws: EINVAL if it takes no direct writes of these buffers.
 */
export function writeDirect(fd: number, parts: Buffer[], offset: number): void {
  // One buffer per thread (each has its own module instance), reused: its pages stay warm.
  staging ??= pageAlignedBuffer(STAGING_BYTES);
  const buf = staging;
  let filled = 0;
  let at = offset;
  const put = (length: number): void => {
    buf.fill(0, filled, length);
    for (let done = 0; done < length;) done += fs.writeSync(fd, buf, done, length - done, at + done);
    at += length;
    filled = 0;
  };
  for (const part of parts) {
    for (let from = 0; from < part.length;) {
      const n = part.copy(buf, filled, from, Math.min(part.length, from + STAGING_BYTES - filled));
      from += n;
      filled += n;
      if (filled === STAGING_BYTES) put(STAGING_BYTES);
    }
  }
  if (filled > 0) put(alignUp(filled));
}

/** Whether an error is the file system refusing a direct open or write. */
export function isDirectRefused(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'EINVAL';
}
