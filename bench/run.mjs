/**
 * `npm run bench`: measures Faultline against the issue's targets and against a bare node:http server
 * under the same load in the same run, then prints one table. It measures and prints; it never fails
 * a run on a time, because a benchmark's numbers depend on the machine and belong to a reader's judgement.
 *
 *   npm run bench                 baseline + Faultline on a new folder (about 3 minutes)
 *   npm run bench -- --big        also 1,000,000 events in 10,000 issues (or BENCH_BIG=1; ~7 more minutes)
 *   npm run bench -- --quick      short phases, for checking the bench itself (figures not comparable)
 *   npm run bench -- --json=FILE  also write every figure as JSON
 *   npm run bench -- --big --big-dir=DIR   keep the big folder in DIR, and reuse it when already seeded
 *   npm run bench -- --big-only   only the big folder (with --big-dir, a quick re-measure)
 *   npm run bench -- --no-replay  skip the replay mix (errors with and without replay segments)
 *   npm run bench -- --postgres[=URL]      also on PostgreSQL: 1 process, then ingest/web + 2 digest processes
 *   npm run bench -- --postgres-only       only those (no baseline, no SQLite)
 *   npm run bench -- --pg-big [--pg-big-db=NAME]   also 10,000,000 events in 10,000 issues on PostgreSQL
 *   npm run bench -- --pg-big-only --pg-big-db=NAME   only that (a re-measure once NAME is seeded)
 *   npm run bench -- --perf-only  only the performance parts: span digest rate (and with --big the
 *                                 summary on 1,000,000 transactions; --tx-dir=DIR keeps and reuses them)
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBareMaxAgain, runBaseline } from './baseline-run.mjs';
import { runBig } from './big-run.mjs';
import { runFaultline } from './faultline-run.mjs';
import { runReplayMix } from './replay-run.mjs';
import { describeMachine } from './machine.mjs';
import { LOAD } from './phases.mjs';
import { runPostgresBig } from './pg-big.mjs';
import { DEFAULT_POSTGRES_URL } from './pg-database.mjs';
import { postgresBigTable, postgresTable } from './pg-report.mjs';
import { runPostgres } from './pg-run.mjs';
import { perfReport } from './perf-report.mjs';
import { markdownTable, replayRows, tableRows } from './report.mjs';
import { machineBusySeconds } from './server-process.mjs';
import { runSpans } from './span-run.mjs';
import { fmt, sleep } from './stats.mjs';
import { runSummary } from './summary-run.mjs';

const args = process.argv.slice(2);
/** @param {string} name value of --name=VALUE, or undefined */
const valueOf = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const pgBigOnly = args.includes('--pg-big-only');
const pgBig = pgBigOnly || args.includes('--pg-big');
const pgBigDb = valueOf('pg-big-db');
const postgresOnly = args.includes('--postgres-only');
const sqlite = !postgresOnly && !pgBigOnly;
const postgres =
  !pgBigOnly && (postgresOnly || args.includes('--postgres') || valueOf('postgres') !== undefined);
const postgresUrl = valueOf('postgres') ?? process.env.FAULTLINE_TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const perfOnly = args.includes('--perf-only');
/** The SQLite error phases: skipped by the PostgreSQL-only and performance-only runs. */
const errorsOnSqlite = sqlite && !perfOnly;
const bigOnly = args.includes('--big-only');
const txDir = args.find((a) => a.startsWith('--tx-dir='))?.slice('--tx-dir='.length);
const big = bigOnly || args.includes('--big') || process.env.BENCH_BIG === '1';
const bigDir = args.find((a) => a.startsWith('--big-dir='))?.slice('--big-dir='.length);
const quick = args.includes('--quick');
const jsonFile = args.find((a) => a.startsWith('--json='))?.slice('--json='.length);
const pacedSeconds = quick ? 5 : LOAD.pacedSeconds;
const maxSeconds = quick ? 3 : LOAD.maxSeconds;
const bigEvents = quick ? 100_000 : 1_000_000;

if (!fs.existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
  console.error('dist/ is missing: run `npm run build` first (`npm run bench` does).');
  process.exit(1);
}

const t0 = performance.now();
const log = (line) => console.log(`[${fmt((performance.now() - t0) / 1000, 0).padStart(4)} s] ${line}`);
const machine = describeMachine();
log(
  `machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}`,
);

// Anything else running skews every figure on a small machine; measure it rather than hide it.
const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const busy0 = machineBusySeconds();
await sleep(3_000);
const busyShare = (machineBusySeconds() - busy0) / (3 * machine.cores);
log(`machine busy ${fmt(busyShare * 100)}% over the 3 s before start; load average ${loadAverage()}`);
if (busyShare > 0.05) log('WARNING: the machine is not idle; the figures will be lower than it can do');
let baseline = null;
let faultline = null;
if (!bigOnly && errorsOnSqlite) {
  log('bare node:http baseline');
  baseline = await runBaseline({ log, pacedSeconds, maxSeconds });
  log('Faultline, new data folder');
  faultline = await runFaultline({ log, pacedSeconds, maxSeconds });
  if (maxSeconds > 0) {
    log('bare node:http max phase again');
    baseline.closedAgain = await runBareMaxAgain(maxSeconds);
    log(
      `  max, 50 connections, ${maxSeconds} s: ${baseline.closedAgain.ok}/${baseline.closedAgain.sent} answered 200`,
    );
  }
}
let replay = null;
if (!bigOnly && errorsOnSqlite && !args.includes('--no-replay')) {
  log('Faultline, errors with and without replay segments');
  replay = await runReplayMix({ log, seconds: quick ? 5 : 10 });
  log(`  server log lines at warn or above: ${replay.problems.length}`);
  for (const line of replay.problems.slice(0, 3)) log(`    ${line.slice(0, 400)}`);
}
let bigResult = null;
if (big && errorsOnSqlite) {
  log(`Faultline, ${fmt(bigEvents)} events in 10,000 issues`);
  bigResult = await runBig({
    log,
    events: bigEvents,
    issues: 10_000,
    pacedSeconds: Math.min(pacedSeconds, 10),
    keepDir: bigDir,
  });
}

// Performance: span-heavy envelopes with errors flowing, then (with --big) the summary at scale.
let spansResult = null;
let summaryResult = null;
if (!bigOnly && sqlite) {
  log('spans: 30-span transaction items and 13-span v2 containers, with errors flowing');
  spansResult = await runSpans({ log, seconds: quick ? 5 : 20 });
}
if (big && sqlite) {
  const count = quick ? 100_000 : 1_000_000;
  log(`transaction summary on ${fmt(count)} transactions`);
  summaryResult = await runSummary({ log, count, requests: quick ? 10 : 30, keepDir: txDir });
}
let pgSetups = null;
if (postgres) pgSetups = await runPostgres({ log, baseUrl: postgresUrl, pacedSeconds, maxSeconds });
let pgBigResult = null;
if (pgBig) {
  const events = quick ? 100_000 : 10_000_000;
  log(`Faultline on PostgreSQL, ${fmt(events)} events in 10,000 issues`);
  pgBigResult = await runPostgresBig({
    log,
    baseUrl: postgresUrl,
    events,
    issues: 10_000,
    pacedSeconds: Math.min(pacedSeconds, 10),
    keepName: pgBigDb,
  });
}

/** The details behind the table: what a server engineer needs when a figure looks wrong. */
function details(label, r) {
  const lines = [`${label}:`];
  for (const [name, phase, digest] of [
    ['fixed rate', r.load.paced, r.load.pacedDigest],
    ['max', r.load.closed, r.load.closedDigest],
  ]) {
    if (!phase) continue;
    lines.push(
      `  ${name}: statuses ${JSON.stringify(phase.statuses)}, latency p95 ${fmt(phase.latency.p95, 1)} ms, max ${fmt(phase.latency.max, 1)} ms` +
        (phase.maxGeneratorLateMs !== undefined
          ? `, generator late by ≤ ${fmt(phase.maxGeneratorLateMs, 1)} ms`
          : ''),
    );
    if (phase.cpu) {
      lines.push(
        `    CPU: server ${fmt(phase.cpu.serverSeconds, 1)} s (${fmt(phase.cpu.serverMicrosPerEvent)} µs per request` +
          `${digest ? ', ingest + digest' : ''}), load generator ${fmt(phase.cpu.generatorSeconds, 1)} s, ` +
          (phase.cpu.databaseSeconds !== undefined
            ? `PostgreSQL ${fmt(phase.cpu.databaseSeconds, 1)} s (${fmt(phase.cpu.databaseMicrosPerEvent)} µs per request), `
            : '') +
          `other processes ${fmt(phase.cpu.otherSeconds, 1)} s`,
      );
    }
    if (digest) {
      lines.push(
        `    digest: ${fmt(digest.stored)} stored, backlog ${fmt(digest.backlogAtEnd)} at the last 200, ` +
          `best 1 s window ${fmt(digest.peakEventsPerSecond)}/s${digest.timedOut ? ', TIMED OUT waiting' : ''}`,
      );
    }
    for (const failure of phase.failures) lines.push(`    non-200: ${failure}`);
  }
  if (r.spoolLeft !== undefined)
    lines.push(`  processes: ${r.processes.map((p) => `--roles ${p}`).join('; ')}`);
  if (r.stored)
    lines.push(
      `  events table: count ${fmt(r.stored.count)}, max(id) ${fmt(r.stored.maxId)}; issues ${fmt(r.issues.n)} (times_seen sum ${fmt(r.issues.seen)})`,
    );
  if (r.list) {
    for (const q of r.list) {
      lines.push(
        `  GET issues/${q.query}: ${q.items} issues, p50 ${fmt(q.p50, 1)} ms, p95 ${fmt(q.p95, 1)} ms, max ${fmt(q.max, 1)} ms, ${JSON.stringify(q.statuses)}${q.failure ? ` ${q.failure}` : ''}`,
      );
    }
  }
  if (r.afterLoadMB !== undefined)
    lines.push(
      `  RSS 2 s after load: ${fmt(r.afterLoadMB)} MB; sampled peak during load ${fmt(r.load.peakSampledMB)} MB`,
    );
  if (r.sizes) lines.push(`  data folder (MiB): ${JSON.stringify(r.sizes)}`);
  if (r.first && r.restart)
    lines.push(
      `  ready log line: first ${fmt(r.first.readyLogMs)} ms, restart ${fmt(r.restart.readyLogMs)} ms`,
    );
  if (r.stop && r.restart)
    lines.push(
      `  SIGTERM → exit: ${fmt(r.stop.exitMs)} ms (code ${r.stop.code}${r.stop.killed ? ', had to SIGKILL' : ''}), restart's ${fmt(r.restart.stop.exitMs)} ms`,
    );
  if (r.spoolLeft !== undefined)
    lines.push(
      `  spool rows left: ${r.spoolLeft}; peak RSS per process ${JSON.stringify(r.peakMB.map(Math.round))} MB; ` +
        `WAL ${fmt(r.walBytesPerEvent)} bytes per stored event (warm-up and both phases)`,
    );
  if (r.listCpu)
    lines.push(
      `  while timing the issue list: Faultline ${fmt(r.listCpu.serverSeconds, 1)} s CPU, PostgreSQL ${fmt(r.listCpu.databaseSeconds, 1)} s, other processes ${fmt(r.listCpu.otherSeconds, 1)} s`,
    );
  if (r.seed)
    lines.push(
      `  seeding steps (s): ${JSON.stringify(r.seed.steps, (k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`,
    );
  lines.push(`  server log lines at warn or above: ${r.problems.length}`);
  for (const line of r.problems.slice(0, 5)) lines.push(`    ${line.slice(0, 400)}`);
  return lines.join('\n');
}

const rows = tableRows({ baseline, faultline, big: bigResult, rate: LOAD.rate, pacedSeconds, maxSeconds });
console.log('');
if (faultline) console.log(details('Faultline, new folder', faultline));
if (bigResult) console.log(details('Faultline, big folder', bigResult));
for (const s of pgSetups ?? []) console.log(details(`Faultline on PostgreSQL, ${s.label}`, s));
if (pgBigResult) console.log(details('Faultline on PostgreSQL, big database', pgBigResult));
console.log('');
console.log(
  `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}; ` +
    `${machine.date}. Load generator runs on the same machine. Load average at the end: ` +
    `${loadAverage()}.${quick ? ' QUICK RUN: not comparable.' : ''}`,
);
console.log('');
if (rows.length > 0) console.log(markdownTable(rows));
if (spansResult || summaryResult)
  console.log(`\n${perfReport({ spans: spansResult, summary: summaryResult })}`);
if (pgSetups) console.log(`\n${postgresTable(pgSetups, LOAD.rate, pacedSeconds, maxSeconds)}`);
if (pgBigResult) console.log(`\n${postgresBigTable(pgBigResult, LOAD.rate)}`);
if (replay) console.log(`\n${markdownTable(replayRows(replay))}`);
if (jsonFile) {
  const strip = (key, value) => (key === 'latencies' ? undefined : value);
  fs.writeFileSync(
    jsonFile,
    JSON.stringify(
      {
        machine,
        quick,
        baseline,
        faultline,
        replay,
        big: bigResult,
        spans: spansResult,
        summary: summaryResult,
        postgres: pgSetups,
        postgresBig: pgBigResult,
      },
      strip,
      2,
    ),
  );
  log(`wrote ${jsonFile}`);
}
log('done');
