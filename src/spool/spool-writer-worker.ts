/**
 * Entry point of the spool writer thread: appends batches to the embedded spool and answers once each
 * batch is committed (fsynced). It runs apart from the main thread so the HTTP edge keeps reading
 * requests while a commit waits for another connection's write lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteSpool } from './sqlite-spool.js';
import type { SpoolWriteReply, SpoolWriteRequest } from './spool-writer.js';

const spool = new SqliteSpool((workerData as { file: string }).file);

parentPort?.on('message', (m: SpoolWriteRequest | 'close') => {
  if (m === 'close') {
    spool.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    return;
  }
  let reply: SpoolWriteReply;
  try {
    // Structured cloning turns Buffers into plain Uint8Arrays; SQLite binds only Buffers.
    spool.appendSync(
      m.entries.map((e) => ({
        ...e,
        body: Buffer.from(e.body.buffer, e.body.byteOffset, e.body.byteLength),
      })),
    );
    reply = { seq: m.seq };
  } catch (err) {
    reply = { seq: m.seq, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ seq: 0 } satisfies SpoolWriteReply);
