import fs from 'node:fs';
import path from 'node:path';
import { DigestWatch } from './digest-watch.mjs';
import { envelopeFactory } from './envelopes.mjs';
import { INGEST_HEADERS, ingestPath, ingestTarget } from './ingest-request.mjs';
import { timeIssueList } from './issue-list.mjs';
import { closedLoad } from './closed-load.mjs';
import { LOAD, runPhases } from './phases.mjs';
import { provision } from './provision.mjs';
import { memoryMB, problemLines, removeDataDir, startFaultline, tempDataDir } from './server-process.mjs';
import { sleep } from './stats.mjs';

/** Seconds of quiet after ready before reading idle memory: lets start-up garbage be collected. */
const IDLE_AFTER_MS = 2_000;
/**
 * A second reading, once V8's memory reducer has run (it waits about 8 s for a quiet heap): the 2 s
 * figure still holds start-up garbage of the four threads, this one is what an idle server keeps.
 */
const SETTLED_AFTER_MS = 10_000;

/**
 * Size of each file of a data folder, MiB, to spot a spool or WAL that keeps growing.
 * @param {string} dir
 */
export function folderSizes(dir) {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .map((name) => [name, Math.round((fs.statSync(path.join(dir, name)).size / 2 ** 20) * 10) / 10]),
  );
}

/**
 * The max phase again with only the ingest and web roles in the process (as on an edge machine of a
 * scaled-out setup): the edge's own throughput, without the digest competing for the two cores.
 * @param {string} dataDir
 * @param {import('./provision.mjs').Project} project
 * @param {{ next: () => { body: Buffer } }} factory
 * @param {number} maxSeconds
 */
async function maxWithIngestRolesOnly(dataDir, project, factory, maxSeconds) {
  const server = await startFaultline(dataDir, { roles: ['ingest', 'web'] });
  try {
    const common = { ...ingestTarget(server, project), makeBody: factory.next };
    await closedLoad({ ...common, seconds: LOAD.warmupSeconds });
    return await closedLoad({ ...common, seconds: maxSeconds });
  } finally {
    await server.stop();
  }
}

/**
 * Faultline on a new data folder: start, idle memory, the load phases with the digest watched, peak
 * memory, a look at what was stored, then a stop and a restart on the now existing folder.
 * @param {{ log: (line: string) => void, pacedSeconds: number, maxSeconds: number }} o
 */
export async function runFaultline({ log, pacedSeconds, maxSeconds }) {
  const dataDir = tempDataDir('faultline-bench-');
  try {
    const project = provision(dataDir, 'http://127.0.0.1');
    const server = await startFaultline(dataDir);
    log(
      `  first start: ready line ${server.readyLogMs.toFixed(0)} ms, /_health/ ${server.healthMs.toFixed(0)} ms`,
    );
    await sleep(IDLE_AFTER_MS);
    const idleMB = memoryMB(server.pid, 'VmRSS');
    const watch = new DigestWatch(dataDir);
    const factory = envelopeFactory(project.publicKey);
    log(`  envelope body ${factory.sampleSize} bytes`);
    const load = await runPhases({
      origin: server.origin,
      path: ingestPath(project),
      headers: INGEST_HEADERS,
      makeBody: factory.next,
      pid: server.pid,
      watch,
      log,
      pacedSeconds,
      maxSeconds,
    });
    const peakMB = memoryMB(server.pid, 'VmHWM');
    const stored = { maxId: watch.stored(), count: watch.exactCount() };
    const issues = watch.db.prepare('SELECT count(*) AS n, sum(times_seen) AS seen FROM issues').get();
    await sleep(IDLE_AFTER_MS);
    const afterLoadMB = memoryMB(server.pid, 'VmRSS');
    const list = await timeIssueList({ origin: server.origin, token: project.token, requests: 50 });
    const sizes = folderSizes(dataDir);
    watch.close();
    const stop = await server.stop();

    const again = await startFaultline(dataDir);
    await sleep(IDLE_AFTER_MS);
    const idleAgainMB = memoryMB(again.pid, 'VmRSS');
    await sleep(SETTLED_AFTER_MS - IDLE_AFTER_MS);
    const settledMB = memoryMB(again.pid, 'VmRSS');
    const stopAgain = await again.stop();
    log(`  restart: ready line ${again.readyLogMs.toFixed(0)} ms, /_health/ ${again.healthMs.toFixed(0)} ms`);
    const ingestRoles =
      maxSeconds > 0 ? await maxWithIngestRolesOnly(dataDir, project, factory, maxSeconds) : null;
    if (ingestRoles) {
      log(`  max, ingest and web roles only: ${ingestRoles.ok}/${ingestRoles.sent} answered 200`);
    }
    return {
      ingestRoles,
      first: { readyLogMs: server.readyLogMs, healthMs: server.healthMs, idleMB },
      load,
      peakMB,
      afterLoadMB,
      stored,
      issues,
      list,
      sizes,
      stop,
      restart: {
        readyLogMs: again.readyLogMs,
        healthMs: again.healthMs,
        idleMB: idleAgainMB,
        settledMB,
        stop: stopAgain,
      },
      problems: problemLines([...server.logLines, ...again.logLines]),
    };
  } finally {
    removeDataDir(dataDir);
  }
}
