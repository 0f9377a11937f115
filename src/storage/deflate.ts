import { deflateRawSync, type ZlibOptions } from 'node:zlib';

/**
 * Raw deflate into a buffer of the output's own size. `deflateRawSync` returns a slice of its 16 KiB
 * working buffer, so each stored body of a few hundred bytes kept 16 KiB alive (off the V8 heap, but
 * counted as external memory) until its whole digest batch was written and collected: about 14 MiB a
 * batch under span load, which made V8 collect more often and raised peak RSS. The copy costs far less.
 */
export function deflateExact(input: string | Buffer, options: ZlibOptions): Buffer {
  return Buffer.from(deflateRawSync(input, options));
}
