import { envelopeFactory } from './envelopes.mjs';
import { INGEST_HEADERS, ingestPath } from './ingest-request.mjs';
import { timeIssueList } from './issue-list.mjs';
import {
  createDatabase,
  databaseExists,
  dropDatabase,
  postgresCpuSeconds,
  withClient,
  withDatabase,
} from './pg-database.mjs';
import { seedPostgresBig } from './pg-seed.mjs';
import { PgWatch } from './pg-watch.mjs';
import { runPhases, startCpu } from './phases.mjs';
import { provision } from './provision.mjs';
import { memoryMB, problemLines, removeDataDir, startFaultline, tempDataDir } from './server-process.mjs';
import { sleep } from './stats.mjs';

/** The bench's own table in a kept database: the project it provisioned, so a later run can reuse it. */
const MARKER = 'bench_project';

/**
 * The project of a database seeded by an earlier run, or null.
 * @param {string} url
 */
async function seededProject(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(`SELECT to_regclass('${MARKER}') IS NOT NULL AS ok`);
    if (!rows[0].ok) return null;
    const saved = await c.query(`SELECT project FROM ${MARKER}`);
    return saved.rows[0] ? JSON.parse(saved.rows[0].project) : null;
  });
}

/**
 * The big PostgreSQL database: `events` error events in `issues` issues seeded in SQL (pg-seed.mjs),
 * then one process with all roles started on it, the issue list timed (the same queries as the SQLite
 * `--big` run), and a fixed-rate ingest phase on top with the digest watched.
 * With `keepName` the database is kept (and reused when already seeded), because seeding takes minutes.
 * @param {{ log: (line: string) => void, baseUrl: string, events: number, issues: number,
 *   pacedSeconds: number, keepName?: string }} o
 */
export async function runPostgresBig({ log, baseUrl, events, issues, pacedSeconds, keepName }) {
  const name = keepName ?? `faultline_bench_big_${process.pid}`;
  const url = withDatabase(baseUrl, name);
  const dataDir = tempDataDir('faultline-bench-pg-big-');
  let server = null;
  try {
    let project = keepName && (await databaseExists(baseUrl, name)) ? await seededProject(url) : null;
    let seed = null;
    if (project) log(`  reusing the database seeded by an earlier run: ${name}`);
    else {
      await createDatabase(baseUrl, name);
      project = provision(dataDir, 'http://127.0.0.1', url);
      log(`  seeding ${events.toLocaleString('en-US')} events in ${issues.toLocaleString('en-US')} issues`);
      seed = await seedPostgresBig({ url, projectId: project.projectId, events, issues, log });
      await withClient(url, async (c) => {
        await c.query(`CREATE TABLE ${MARKER} (project TEXT NOT NULL)`);
        await c.query(`INSERT INTO ${MARKER} VALUES ($1)`, [JSON.stringify(project)]);
      });
      log(`  seeded in ${seed.seconds.toFixed(0)} s, database ${seed.databaseMiB.toFixed(0)} MiB`);
    }
    const counts = await withClient(url, async (c) => {
      const { rows } = await c.query(
        `SELECT (SELECT count(*) FROM issues)::int AS issues, (SELECT sum(times_seen) FROM issues)::bigint::text AS events,
           (SELECT count(*) FROM issue_tags)::int AS tags, pg_database_size(current_database())::text AS size`,
      );
      return rows[0];
    });
    log(`  ${counts.events} events in ${counts.issues} issues, ${counts.tags} issue tag rows`);

    server = await startFaultline(dataDir, { databaseUrl: url });
    log(`  start on the big database: ready line ${server.readyLogMs.toFixed(0)} ms`);
    await sleep(2_000);
    const idleMB = memoryMB(server.pid, 'VmRSS');
    const listCpu = startCpu(server.pid, postgresCpuSeconds);
    const list = await timeIssueList({ origin: server.origin, token: project.token, requests: 200 });
    const listCpuUsed = listCpu.server(1);
    for (const q of list) log(`  GET issues${q.query}: p95 ${q.p95.toFixed(1)} ms, ${q.items} issues`);
    log(
      `  other processes used ${listCpuUsed.otherSeconds.toFixed(1)} s of CPU while the issue list was timed`,
    );

    let load = null;
    if (pacedSeconds > 0) {
      const watch = await PgWatch.open(url, project.projectId);
      const factory = envelopeFactory(project.publicKey);
      load = await runPhases({
        origin: server.origin,
        path: ingestPath(project),
        headers: INGEST_HEADERS,
        makeBody: factory.next,
        pid: server.pid,
        watch,
        log,
        pacedSeconds,
        maxSeconds: 0,
        databaseCpu: postgresCpuSeconds,
      });
      await watch.close();
    }
    const peakMB = memoryMB(server.pid, 'VmHWM');
    const stop = await server.stop();
    return {
      events: Number(counts.events),
      issues: counts.issues,
      issueTags: counts.tags,
      databaseMiB: Number(counts.size) / 2 ** 20,
      seed,
      first: { readyLogMs: server.readyLogMs, healthMs: server.healthMs, idleMB },
      list,
      listCpu: listCpuUsed,
      load,
      peakMB,
      stop,
      problems: problemLines(server.logLines),
    };
  } finally {
    await server?.stop();
    removeDataDir(dataDir);
    if (!keepName) await dropDatabase(baseUrl, name);
  }
}
