import fs from 'node:fs';
import path from 'node:path';
import { DigestWatch } from './digest-watch.mjs';
import { envelopeFactory } from './envelopes.mjs';
import { ingestTarget } from './ingest-request.mjs';
import { pacedLoad } from './paced-load.mjs';
import { LOAD } from './phases.mjs';
import { provision } from './provision.mjs';
import { SECONDS_PER_SEGMENT, replayFactory } from './replay-envelopes.mjs';
import { problemLines, removeDataDir, startFaultline, tempDataDir } from './server-process.mjs';

/** Replay segments offered per second beside the errors: 1,500 recorded sessions flushing every 5 s. */
export const REPLAY_RATE = 300;

/** Bytes of every file under a folder. */
function folderBytes(dir) {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}

/**
 * The replay mix: the same fixed error load three times on one server: alone, with replay segments
 * (the real browser recording, ~1.6 KB compressed) at {@link REPLAY_RATE}/s beside it, alone again. Reports the
 * errors digested per second in each (the digest is the bottleneck, so this is what replay work takes
 * away), segments stored per second, and the disk a minute of replay costs.
 * @param {{ log: (line: string) => void, seconds: number }} o
 */
export async function runReplayMix({ log, seconds }) {
  const dataDir = tempDataDir('faultline-bench-replay-');
  try {
    const project = provision(dataDir, 'http://127.0.0.1');
    const server = await startFaultline(dataDir);
    const watch = new DigestWatch(dataDir);
    const segmentCount = watch.db.prepare('SELECT count(*) AS n FROM replay_segments');
    const segments = () => /** @type {{ n: number }} */ (segmentCount.get()).n;
    const errors = envelopeFactory(project.publicKey);
    const replays = replayFactory();
    const common = ingestTarget(server, project);
    log(
      `  replay segment body ${replays.sampleSize} bytes (recording ${replays.recordingBytes} bytes, zlib)`,
    );

    const warm = await pacedLoad({
      ...common,
      makeBody: errors.next,
      rate: LOAD.rate,
      seconds: LOAD.warmupSeconds,
    });
    await watch.waitFor(warm.ok, LOAD.digestTimeoutMs);

    /** One phase: errors at the fixed rate for `seconds`, replay segments beside them when asked. */
    const phase = async (withReplays) => {
      const before = watch.stored();
      const segmentsBefore = segments();
      const t0 = performance.now();
      const [errorLoad, replayLoad] = await Promise.all([
        pacedLoad({ ...common, makeBody: errors.next, rate: LOAD.rate, seconds }),
        withReplays ? pacedLoad({ ...common, makeBody: replays.next, rate: REPLAY_RATE, seconds }) : null,
      ]);
      const done = await watch.waitFor(before + errorLoad.ok, LOAD.digestTimeoutMs);
      const segmentTarget = segmentsBefore + (replayLoad?.ok ?? 0);
      while (segments() < segmentTarget && performance.now() - t0 < LOAD.digestTimeoutMs)
        await new Promise((r) => setTimeout(r, 50));
      const segmentsDoneAt = performance.now();
      return {
        errorsAccepted: errorLoad.ok,
        errorsSent: errorLoad.sent,
        errorP99: errorLoad.latency.p99,
        errorsDigestedPerSecond: ((done.stored - before) * 1000) / (done.doneAt - t0),
        segmentsAccepted: replayLoad?.ok ?? 0,
        segmentsSent: replayLoad?.sent ?? 0,
        segmentsStored: segments() - segmentsBefore,
        segmentsPerSecond: replayLoad ? ((segments() - segmentsBefore) * 1000) / (segmentsDoneAt - t0) : 0,
      };
    };
    // Alone, mixed, alone again: the folder grows from phase to phase, so the mixed phase is compared
    // with the mean of the runs on either side of it, not with the first one on the smallest folder.
    const first = await phase(false);
    const mixed = await phase(true);
    const again = await phase(false);
    const alone = {
      ...first,
      errorsDigestedPerSecond: (first.errorsDigestedPerSecond + again.errorsDigestedPerSecond) / 2,
      errorP99: Math.max(first.errorP99, again.errorP99),
      runs: [first.errorsDigestedPerSecond, again.errorsDigestedPerSecond],
    };
    log(
      `  errors alone: digested ${alone.runs.map((n) => n.toFixed(0)).join('/s and ')}/s; with replays: ` +
        `${mixed.errorsAccepted}/${mixed.errorsSent} errors and ${mixed.segmentsAccepted}/${mixed.segmentsSent} segments accepted, ` +
        `errors digested ${mixed.errorsDigestedPerSecond.toFixed(0)}/s, segments stored ${mixed.segmentsPerSecond.toFixed(0)}/s`,
    );

    // Replay segments are rows of blobs.sqlite (small blobs) and rows of the index tables.
    const rowBytes = /** @type {{ n: number }} */ (
      watch.db
        .prepare(
          `SELECT (SELECT coalesce(sum(length(urls) + length(error_ids) + length(trace_ids) + length(blob_key) + 64), 0) FROM replay_segments)
                + (SELECT coalesce(sum(length(urls) + length(error_ids) + length(trace_ids) + length(info) + 128), 0) FROM replays) AS n`,
        )
        .get()
    ).n;
    const minutes = (mixed.segmentsStored * SECONDS_PER_SEGMENT) / 60;
    watch.close();
    await server.stop();
    // After the stop, so the blob file's WAL is checkpointed into it.
    const blobBytes =
      folderBytes(path.join(dataDir, 'blobs')) +
      ['blobs.sqlite', 'blobs.sqlite-wal'].reduce(
        (n, f) => n + (fs.existsSync(path.join(dataDir, f)) ? fs.statSync(path.join(dataDir, f)).size : 0),
        0,
      );
    return {
      rate: LOAD.rate,
      replayRate: REPLAY_RATE,
      seconds,
      alone,
      mixed,
      blobBytes,
      rowBytes,
      bytesPerReplayMinute: (blobBytes + rowBytes) / minutes,
      problems: problemLines(server.logLines),
    };
  } finally {
    removeDataDir(dataDir);
  }
}
