import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { ProtocolError, tooLarge, unsupportedMedia } from '../protocol/errors.js';
import { OverloadedError } from './reply.js';

/** Limits applied while reading one request body. */
export interface BodyLimits {
  /** Bytes on the wire. */
  maxCompressed: number;
  /** Bytes after decompression: enforced as the bytes arrive, so a small bomb cannot inflate to gigabytes. */
  maxDecompressed: number;
  /** Shared by every request in flight: what they may buffer together. */
  budget: MemoryBudget;
}

/** A byte budget shared by all requests being read. */
export class MemoryBudget {
  used = 0;
  constructor(readonly max: number) {}
}

type ZstdFactory = () => Transform;

function decoderFor(encoding: string | undefined): Transform | null {
  const value = (encoding ?? '').trim().toLowerCase();
  // Old Ruby and Android SDKs send `Content-Encoding: UTF-8`, which means "not compressed".
  if (value === '' || value === 'identity' || value === 'utf-8' || value === 'utf8') return null;
  if (value === 'gzip' || value === 'x-gzip') return zlib.createGunzip();
  if (value === 'deflate') return zlib.createInflate();
  if (value === 'br') return zlib.createBrotliDecompress();
  if (value === 'zstd') {
    // zstd arrived in Node 22.15; on older Node it is refused like any unknown encoding.
    const factory = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;
    if (factory) return factory();
  }
  throw unsupportedMedia('unsupported_encoding', `unsupported content encoding "${value}"`);
}

/**
 * Reads and decompresses a request body under the limits. Rejects with a ProtocolError (413 too large,
 * 415 unknown encoding, 400 corrupt compressed data) and never buffers more than the limit.
 */
export function readBody(
  stream: Readable,
  encoding: string | undefined,
  limits: BodyLimits,
): Promise<Buffer> {
  let decoder: Transform | null;
  try {
    decoder = decoderFor(encoding);
  } catch (err) {
    stream.resume();
    return Promise.reject(err);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let inBytes = 0;
    let outBytes = 0;
    let settled = false;
    let reserved = 0;
    const giveBack = (): void => {
      limits.budget.used -= reserved;
      reserved = 0;
    };
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      giveBack();
      decoder?.destroy();
      // Drain the rest of the request so the connection can answer; we stop buffering it.
      stream.resume();
      reject(err);
    };
    const collect = (chunk: Buffer): void => {
      outBytes += chunk.length;
      if (outBytes > limits.maxDecompressed) {
        fail(tooLarge('too_large', `body exceeds ${limits.maxDecompressed} bytes after decompression`));
        return;
      }
      if (limits.budget.used + chunk.length > limits.budget.max) {
        fail(new OverloadedError('too many large requests in flight; retry later'));
        return;
      }
      limits.budget.used += chunk.length;
      reserved += chunk.length;
      chunks.push(chunk);
    };
    const finish = (): void => {
      if (settled) return;
      settled = true;
      // The body lives on until the spool write; the budget covers the read only. A body that came in
      // one chunk (most do) is that chunk, a buffer of its own: no second copy.
      giveBack();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, outBytes));
    };

    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      inBytes += chunk.length;
      if (inBytes > limits.maxCompressed) {
        fail(tooLarge('too_large', `body exceeds ${limits.maxCompressed} bytes`));
        return;
      }
      if (decoder) decoder.write(chunk);
      else collect(chunk);
    });
    stream.on('end', () => {
      if (decoder) decoder.end();
      else finish();
    });
    stream.on('error', (err) =>
      fail(new ProtocolError(400, 'read_error', `could not read body: ${err.message}`)),
    );
    if (decoder) {
      decoder.on('data', collect);
      decoder.on('end', finish);
      decoder.on('error', (err) =>
        fail(new ProtocolError(400, 'bad_compression', `could not decompress body: ${err.message}`)),
      );
    }
  });
}
