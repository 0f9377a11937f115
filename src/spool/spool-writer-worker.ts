/**
 * Entry point of the spool writer thread. It moves what the HTTP thread wrote to the spool journal
 * into the spool (segment files and `spool.sqlite`), deletes spare segments, and commits the batches
 * the HTTP thread hands over when the journal is full or not this process's. It runs apart from the
 * main thread so the HTTP edge keeps reading requests while a commit waits for another connection's
 * write lock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JournalMover, journalPaths, lockJournal, prepareJournalFile } from './spool-journal.js';
import { SqliteSpool } from './sqlite-spool.js';
import type { SpoolWriteReply, SpoolWriterMessage, SpoolWriterStart } from './spool-writer.js';

const start = workerData as SpoolWriterStart;
const spool = new SqliteSpool(start.file);
const paths = journalPaths(start.file);
const lock = start.journal ? lockJournal(paths.lock) : null;
let mover: JournalMover | null = null;
if (lock) {
  prepareJournalFile(paths.file);
  mover = new JournalMover(paths.file, spool, start.moved);
  // What a crash left in the journal goes to the spool before the edge writes anything new.
  mover.move();
}

/**
 * Moves are at most this often. Each ends in two syncs (the segment, then `spool.sqlite`), and the file
 * system serialises those with the HTTP thread's journal syncs, which every 200 waits for: moving after
 * every batch (about every millisecond under load) took the ingest role alone from about 14,500 to
 * 11,500 requests/s on the bench host; every 50 ms rather than 20, with segments, the all-roles max
 * phase gained about 8 % and the p99 at 10,000/s was 8–12 ms against 13–15 ms (bench/RESULTS.md,
 * thirteenth session). The digest sees an envelope up to this much later.
 */
const MOVE_EVERY_MS = 50;

/** How far the HTTP thread has written and synced the journal; the mover follows up to there. */
let limit = 0;
let scheduled = false;
/** Set after a failed move (the spool locked for longer than its busy timeout, a disk error). */
let retryTimer: NodeJS.Timeout | null = null;

/** Moves in one go whatever was written since the last move, however many batches that was. */
function moveSoon(): void {
  if (scheduled || retryTimer || !mover) return;
  scheduled = true;
  setTimeout(() => {
    scheduled = false;
    try {
      if (mover && mover.move(limit) > 0)
        parentPort?.postMessage({ type: 'moved' } satisfies SpoolWriteReply);
    } catch (err) {
      // The records stay in the journal; the edge falls back to the spool itself once the ring is full.
      parentPort?.postMessage({ type: 'moveFailed', error: String(err) } satisfies SpoolWriteReply);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        moveSoon();
      }, 1_000);
    }
  }, MOVE_EVERY_MS);
}

/**
 * How often segment files the digest has finished with are deleted, beyond the spares kept for reuse.
 * The digest acknowledges on its own threads, so this runs on a timer rather than after each move.
 * Only the thread holding the journal sweeps: it alone writes segments, and another process's sweep
 * could delete the segment this one has just started, before any chunk points into it.
 */
const SEGMENT_SWEEP_MS = 2_000;
const sweep = setInterval(() => {
  if (!mover) return;
  try {
    spool.removeUnusedSegments();
  } catch {
    // A busy spool or a file that cannot be deleted yet: the next sweep tries again.
  }
}, SEGMENT_SWEEP_MS);
sweep.unref();

parentPort?.on('message', (m: SpoolWriterMessage) => {
  if (m === 'close') {
    try {
      // Everything the edge wrote is moved before the thread ends: a clean stop leaves the journal empty.
      mover?.move(limit);
      mover?.close();
      clearInterval(sweep);
      lock?.close();
      spool.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    } catch {
      process.exit(1);
    }
    return;
  }
  if ('moveTo' in m) {
    limit = Math.max(limit, m.moveTo);
    moveSoon();
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
parentPort?.postMessage({
  seq: 0,
  journal: mover ? { file: paths.file, position: mover.position } : null,
} satisfies SpoolWriteReply);
