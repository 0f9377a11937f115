/**
 * Access to the real SDK recordings in `/work/shared/fixtures/real-sdk/<client>/NNN.json` (each one
 * `{method, url, headers, body_base64}` as captured on the wire), for tests across the codebase.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/** Absolute path of the recordings folder (the shared tree sits beside this repository). */
export const fixtureDir: string = fileURLToPath(new URL('../../shared/fixtures/real-sdk/', import.meta.url));

/** One recorded request; `body` has its Content-Encoding undone, `rawBody` is as sent. */
export interface Recording {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  rawBody: Buffer;
}

/** Every recording as a path relative to {@link fixtureDir}, e.g. `node-11.12.0/001.json`, sorted. */
export function listRecordings(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(fixtureDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(path.join(fixtureDir, dir.name))) {
      if (file.endsWith('.json')) out.push(`${dir.name}/${file}`);
    }
  }
  return out.sort();
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case '':
    case 'identity':
      return raw;
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(raw);
    case 'deflate':
      return zlib.inflateSync(raw);
    case 'br':
      return zlib.brotliDecompressSync(raw);
    default:
      throw new Error(`recording uses unsupported content-encoding ${encoding}`);
  }
}

/** Loads a recording by path relative to {@link fixtureDir} (or absolute). Header names are lowercased. */
export function loadRecording(file: string): Recording {
  const abs = path.isAbsolute(file) ? file : path.join(fixtureDir, file);
  const parsed = JSON.parse(readFileSync(abs, 'utf8')) as {
    method: string;
    url: string;
    headers: Record<string, unknown>;
    body_base64: string;
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.headers)) headers[name.toLowerCase()] = String(value);
  const rawBody = Buffer.from(parsed.body_base64, 'base64');
  return {
    method: parsed.method,
    url: parsed.url,
    headers,
    body: decode(rawBody, headers['content-encoding']),
    rawBody,
  };
}
