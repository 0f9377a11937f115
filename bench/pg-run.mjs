import { envelopeFactory } from './envelopes.mjs';
import { INGEST_HEADERS, ingestPath } from './ingest-request.mjs';
import { timeIssueList } from './issue-list.mjs';
import { createDatabase, dropDatabase, postgresCpuSeconds, withDatabase } from './pg-database.mjs';
import { PgWatch } from './pg-watch.mjs';
import { runPhases } from './phases.mjs';
import { provision } from './provision.mjs';
import { memoryMB, problemLines, removeDataDir, startFaultline, tempDataDir } from './server-process.mjs';

/**
 * The scale-out setups measured on PostgreSQL. The first process of each takes the load and serves the
 * API; the others only digest. Each process runs its digest in one worker thread, so "2 digest
 * processes" means two digest loops claiming from the same spool table.
 */
export const PG_SETUPS = [
  { label: '1 process (ingest, digest, web, jobs)', processes: [['ingest', 'digest', 'web', 'jobs']] },
  {
    label: '3 processes (ingest, web, jobs + 2 × digest)',
    processes: [['ingest', 'web', 'jobs'], ['digest'], ['digest']],
  },
];

/**
 * One setup on a new database: provision with the CLI, start its processes, run the same load phases
 * as the SQLite run, watch the digest through the database, then time the issue list.
 * @param {{ log: (line: string) => void, baseUrl: string, setup: typeof PG_SETUPS[number], name: string,
 *   pacedSeconds: number, maxSeconds: number }} o
 */
async function runSetup({ log, baseUrl, setup, name, pacedSeconds, maxSeconds }) {
  await createDatabase(baseUrl, name);
  const url = withDatabase(baseUrl, name);
  const dataDir = tempDataDir('faultline-bench-pg-');
  const servers = [];
  try {
    const project = provision(dataDir, 'http://127.0.0.1', url);
    for (const roles of setup.processes) {
      const server = await startFaultline(dataDir, { databaseUrl: url, roles });
      log(`  started --roles ${roles.join(',')}: ready line ${server.readyLogMs.toFixed(0)} ms`);
      servers.push(server);
    }
    const front = servers[0];
    const pids = servers.map((s) => s.pid);
    const watch = await PgWatch.open(url, project.projectId);
    // WAL written during the load (the whole server's, so other databases' writes count too).
    const walAt = async () =>
      BigInt((await watch.client.query('SELECT pg_current_wal_lsn() - $1::pg_lsn AS b', ['0/0'])).rows[0].b);
    const wal0 = await walAt();
    const factory = envelopeFactory(project.publicKey);
    const load = await runPhases({
      origin: front.origin,
      path: ingestPath(project),
      headers: INGEST_HEADERS,
      makeBody: factory.next,
      pid: pids,
      watch,
      log,
      pacedSeconds,
      maxSeconds,
      databaseCpu: postgresCpuSeconds,
    });
    const walBytes = Number((await walAt()) - wal0);
    const peakMB = servers.map((s) => memoryMB(s.pid, 'VmHWM'));
    const stored = { maxId: watch.stored(), count: await watch.exactCount() };
    const { rows } = await watch.client.query(
      `SELECT count(*)::int AS n, coalesce(sum(times_seen), 0)::int AS seen,
         (SELECT count(*)::int FROM spool) AS spool FROM issues`,
    );
    await watch.close();
    const list = await timeIssueList({ origin: front.origin, token: project.token, requests: 50 });
    const stops = [];
    for (const server of servers) stops.push(await server.stop());
    return {
      label: setup.label,
      processes: setup.processes.map((roles) => roles.join(',')),
      load,
      peakMB,
      stored,
      issues: { n: rows[0].n, seen: rows[0].seen },
      spoolLeft: rows[0].spool,
      walBytesPerEvent: walBytes / stored.count,
      list,
      stops,
      problems: problemLines(servers.flatMap((s) => s.logLines)),
    };
  } finally {
    for (const server of servers) await server.stop();
    removeDataDir(dataDir);
    await dropDatabase(baseUrl, name);
  }
}

/**
 * Runs every setup of {@link PG_SETUPS}, each on its own new database (`faultline_bench_<pid>_<n>`,
 * dropped afterwards), one after the other.
 * @param {{ log: (line: string) => void, baseUrl: string, pacedSeconds: number, maxSeconds: number }} o
 */
export async function runPostgres({ log, baseUrl, pacedSeconds, maxSeconds }) {
  const results = [];
  for (const [i, setup] of PG_SETUPS.entries()) {
    log(`Faultline on PostgreSQL, ${setup.label}`);
    const name = `faultline_bench_${process.pid}_${i}`;
    results.push(await runSetup({ log, baseUrl, setup, name, pacedSeconds, maxSeconds }));
  }
  return results;
}
