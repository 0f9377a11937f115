import fs from 'node:fs';
import path from 'node:path';
import { DigestWatch } from './digest-watch.mjs';
import { envelopeFactory } from './envelopes.mjs';
import { folderSizes } from './faultline-run.mjs';
import { INGEST_HEADERS, ingestPath } from './ingest-request.mjs';
import { timeIssueList } from './issue-list.mjs';
import { runPhases, startCpu } from './phases.mjs';
import { provision } from './provision.mjs';
import { memoryMB, problemLines, removeDataDir, startFaultline, tempDataDir } from './server-process.mjs';
import { sleep } from './stats.mjs';
import { seedBig } from './seed-big.mjs';

/** Written into a kept big folder so a later run can reuse it without seeding again. */
const PROJECT_FILE = 'bench-project.json';

/**
 * Provisions and seeds a big folder, or, for a kept folder seeded by an earlier run, reuses it.
 * @param {{ dataDir: string, log: (line: string) => void, events: number, issues: number }} o
 */
async function seededFolder({ dataDir, log, events, issues }) {
  const saved = path.join(dataDir, PROJECT_FILE);
  if (fs.existsSync(saved)) {
    log(`  reusing the folder seeded by an earlier run: ${dataDir}`);
    return { project: JSON.parse(fs.readFileSync(saved, 'utf8')), seed: null };
  }
  const project = provision(dataDir, 'http://127.0.0.1');
  let nextReport = 100_000;
  const seed = await seedBig({
    dataDir,
    projectId: project.projectId,
    events,
    issues,
    onProgress: (done, seconds) => {
      if (done < nextReport && done < events) return;
      nextReport += 100_000;
      log(`  seeded ${done.toLocaleString('en-US')} events in ${seconds.toFixed(0)} s`);
    },
  });
  fs.writeFileSync(saved, JSON.stringify(project));
  return { project, seed };
}

/**
 * The big data folder: 1,000,000 events in 10,000 issues written through the storage layer, then the
 * server started on it (ready time, idle memory), the issue list timed, a fixed-rate ingest phase on
 * top (does the digest slow down as tables grow?), and a restart on the existing folder.
 * With `keepDir` the folder is kept (and reused when already seeded), because seeding takes minutes.
 * @param {{ log: (line: string) => void, events: number, issues: number, pacedSeconds: number,
 *   keepDir?: string }} o
 */
export async function runBig({ log, events, issues, pacedSeconds, keepDir }) {
  const dataDir = keepDir ?? tempDataDir('faultline-bench-big-');
  if (keepDir) fs.mkdirSync(keepDir, { recursive: true });
  try {
    const { project, seed } = await seededFolder({ dataDir, log, events, issues });
    const server = await startFaultline(dataDir);
    log(`  start on the big folder: ready line ${server.readyLogMs.toFixed(0)} ms`);
    await sleep(2_000);
    const idleMB = memoryMB(server.pid, 'VmRSS');
    const listCpu = startCpu(server.pid);
    const list = await timeIssueList({ origin: server.origin, token: project.token, requests: 200 });
    const listOtherSeconds = listCpu.server(1).otherSeconds;
    for (const q of list) log(`  GET issues${q.query}: p95 ${q.p95.toFixed(1)} ms, ${q.items} issues`);
    log(`  other processes used ${listOtherSeconds.toFixed(1)} s of CPU while the issue list was timed`);
    const listPeakMB = memoryMB(server.pid, 'VmHWM');
    const watch = new DigestWatch(dataDir);
    const factory = envelopeFactory(project.publicKey);
    const load = await runPhases({
      origin: server.origin,
      path: ingestPath(project),
      headers: INGEST_HEADERS,
      makeBody: factory.next,
      pid: server.pid,
      watch,
      log,
      pacedSeconds,
      maxSeconds: 0,
    });
    const peakMB = memoryMB(server.pid, 'VmHWM');
    watch.close();
    const sizes = folderSizes(dataDir);
    const stop = await server.stop();

    const again = await startFaultline(dataDir);
    await sleep(2_000);
    const idleAgainMB = memoryMB(again.pid, 'VmRSS');
    const stopAgain = await again.stop();
    log(`  restart: ready line ${again.readyLogMs.toFixed(0)} ms, /_health/ ${again.healthMs.toFixed(0)} ms`);
    return {
      events,
      issues,
      seed,
      first: { readyLogMs: server.readyLogMs, healthMs: server.healthMs, idleMB },
      list,
      listOtherSeconds,
      listPeakMB,
      load,
      peakMB,
      sizes,
      stop,
      restart: {
        readyLogMs: again.readyLogMs,
        healthMs: again.healthMs,
        idleMB: idleAgainMB,
        stop: stopAgain,
      },
      problems: problemLines([...server.logLines, ...again.logLines]),
    };
  } finally {
    if (!keepDir) removeDataDir(dataDir);
  }
}
