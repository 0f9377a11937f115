import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/**
 * A worker script written to a temporary folder, for tests of the code that starts and restarts
 * threads. The script can count its own starts by appending to `./starts.log` beside it.
 */
export function workerStub(source: string): { url: URL; starts: () => number; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-worker-stub-'));
  const script = path.join(dir, 'worker.mjs');
  fs.writeFileSync(script, source);
  const log = path.join(dir, 'starts.log');
  return {
    url: new URL(`file://${script}`),
    starts: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').length : 0),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A logger whose lines are kept for the test to read. */
export function capturedLog(): { log: Logger; text: () => string } {
  const lines: string[] = [];
  const log = pino(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { log, text: () => lines.join('') };
}
