import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'undici';
import { provision } from './provision.mjs';
import { removeDataDir, startFaultline, tempDataDir } from './server-process.mjs';
import { seedTransactions } from './seed-transactions.mjs';
import { fmt, summarize } from './stats.mjs';

/**
 * The transaction summary's Discover request, as the UI's performance page makes it: apdex and misery
 * by each transaction's configured threshold (none configured here: 300 ms), and which one it was.
 */
const SUMMARY_FIELDS = [
  'transaction',
  'project',
  'project.id',
  'count()',
  'tpm()',
  'p50()',
  'p75()',
  'p95()',
  'p99()',
  'failure_rate()',
  'count_unique(user)',
  'apdex()',
  'user_misery()',
  'project_threshold_config',
];

/** Windows timed: the UI's default (24 h), the whole 14 days, and one hour (answered exactly from rows). */
export const SUMMARY_PERIODS = ['24h', '14d', '1h'];

/** @param {number} projectId @param {string} period */
function summaryPath(projectId, period) {
  const q = new URLSearchParams();
  for (const f of SUMMARY_FIELDS) q.append('field', f);
  q.set('dataset', 'transactions');
  q.set('sort', '-count()');
  q.set('statsPeriod', period);
  q.set('project', String(projectId));
  q.set('per_page', '50');
  return `/api/0/organizations/acme/events/?${q}`;
}

/**
 * The baseline for each window: the least any answer from raw rows costs, one grouped count over the
 * window's transactions straight through SQLite in this process (no HTTP, no percentiles).
 * @param {string} dataDir @param {number} projectId @param {string} period @param {number} requests
 */
function timeBaseline(dataDir, projectId, period, requests) {
  const db = new Database(path.join(dataDir, 'faultline.sqlite'), { readonly: true });
  const ms = { '1h': 3_600_000, '24h': 86_400_000, '14d': 14 * 86_400_000 }[period];
  const stmt = db.prepare(
    `SELECT name, count(*) AS n FROM transactions WHERE project_id = ? AND start_ts >= ? AND start_ts < ?
     AND kind IN ('transaction', 'segment') GROUP BY name`,
  );
  const times = [];
  for (let i = 0; i < requests + 5; i++) {
    const now = Date.now();
    const t0 = performance.now();
    stmt.all(projectId, now - ms, now);
    if (i >= 5) times.push(performance.now() - t0);
  }
  db.close();
  return summarize(times);
}

/**
 * Packs the seeded users into sets, as the server's job does an hour at a time while the data arrives
 * (a server started on the folder would do it in its first minute, while the bench was timing). A
 * folder already packed takes no time. Returns the seconds taken.
 * @param {string} dataDir
 */
async function packUserSets(dataDir) {
  const { SqliteStorage } = await import('../dist/storage/sqlite/sqlite-storage.js');
  const storage = SqliteStorage.open(path.join(dataDir, 'faultline.sqlite'));
  const t0 = performance.now();
  try {
    const now = Date.now();
    while (await storage.packUserSets(now));
  } finally {
    await storage.close();
  }
  return (performance.now() - t0) / 1000;
}

/**
 * The transaction summary on `count` transactions: seeds a new folder (or reuses `keepDir` when it is
 * already seeded), starts Faultline on it, and times the summary request one at a time per window,
 * next to the raw grouped-count baseline.
 * @param {{ log: (line: string) => void, count: number, requests?: number, keepDir?: string }} o
 */
export async function runSummary({ log, count, requests = 100, keepDir }) {
  const dataDir = keepDir ?? tempDataDir('faultline-bench-tx-');
  const marker = path.join(dataDir, 'bench-transactions.json');
  try {
    let seed;
    let project;
    if (keepDir && fs.existsSync(marker)) {
      ({ seed, project } = JSON.parse(fs.readFileSync(marker, 'utf8')));
      log(`  reusing ${fmt(seed.transactions)} seeded transactions in ${dataDir}`);
    } else {
      fs.mkdirSync(dataDir, { recursive: true });
      project = provision(dataDir, 'http://127.0.0.1');
      let next = 0;
      seed = await seedTransactions({
        dataDir,
        projectId: project.projectId,
        count,
        onProgress: (done, seconds) => {
          if (done >= next) {
            log(`  seeded ${fmt(done)} transactions in ${fmt(seconds, 1)} s`);
            next += count / 5;
          }
        },
      });
      if (keepDir) fs.writeFileSync(marker, JSON.stringify({ seed, project }));
    }
    const packSeconds = await packUserSets(dataDir);
    log(`  packed the users of ended hours and days into sets in ${fmt(packSeconds, 1)} s`);
    const databaseMiB = fs.statSync(path.join(dataDir, 'faultline.sqlite')).size / 2 ** 20;
    const server = await startFaultline(dataDir);
    const pool = new Pool(server.origin, { connections: 1 });
    const results = [];
    try {
      for (const period of SUMMARY_PERIODS) {
        const times = [];
        let rows = 0;
        const statuses = {};
        for (let i = 0; i < requests + 5; i++) {
          const t0 = performance.now();
          const res = await pool.request({
            method: 'GET',
            path: summaryPath(project.projectId, period),
            headers: { authorization: `Bearer ${project.token}` },
          });
          const body = await res.body.json();
          const ms = performance.now() - t0;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          rows = Array.isArray(body?.data) ? body.data.length : 0;
          if (i >= 5) times.push(ms);
        }
        const summary = summarize(times);
        const baseline = timeBaseline(dataDir, project.projectId, period, requests);
        log(
          `  summary ${period}: ${rows} rows, p50 ${fmt(summary.p50, 1)} ms, p95 ${fmt(summary.p95, 1)} ms; ` +
            `raw grouped count p95 ${fmt(baseline.p95, 1)} ms`,
        );
        results.push({ period, rows, statuses, ...summary, baseline });
      }
    } finally {
      await pool.close();
      await server.stop();
    }
    return { seed, databaseMiB, packSeconds, results };
  } finally {
    if (!keepDir) removeDataDir(dataDir);
  }
}
