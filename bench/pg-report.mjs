import { fmt } from './stats.mjs';

const ms = (n) => `${fmt(n, n < 10 ? 2 : 1)} ms`;
const perS = (n) => `${fmt(n)}/s`;
const secs = (n) => `${fmt(n / 1000, 2)} s`;

/**
 * Markdown rows of the PostgreSQL runs: one column per setup, so 1 and 2 digest processes sit side by side.
 * @param {any[]} setups results of runPostgres
 * @param {number} rate
 * @param {number} pacedSeconds
 * @param {number} maxSeconds
 */
export function postgresTable(setups, rate, pacedSeconds, maxSeconds) {
  const head = ['figure', ...setups.map((s) => s.label)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  /** @param {string} figure @param {(s: any) => string} cell */
  const add = (figure, cell) => lines.push(`| ${[figure, ...setups.map(cell)].join(' | ')} |`);
  const phase = (label, key, digestKey) => {
    add(`**${label}**`, () => '');
    add(
      'accepted events/s',
      (s) => `${perS(s.load[key].okPerSecond)} (${fmt(s.load[key].ok)}/${fmt(s.load[key].sent)} 200)`,
    );
    add('p50 / p99 response', (s) => `${ms(s.load[key].latency.p50)} / ${ms(s.load[key].latency.p99)}`);
    add('digest events/s', (s) => perS(s.load[digestKey].eventsPerSecond));
    add('digest best 1 s window', (s) => perS(s.load[digestKey].peakEventsPerSecond));
    add(
      'digest lag',
      (s) =>
        `${secs(s.load[digestKey].lagMs)} (${fmt(s.load[digestKey].backlogAtEnd)} waiting at the last 200)`,
    );
    add('CPU per event: Faultline / PostgreSQL', (s) => {
      const c = s.load[key].cpu;
      return `${fmt(c.serverMicrosPerEvent)} µs / ${fmt(c.databaseMicrosPerEvent)} µs`;
    });
  };
  phase(`Fixed ${fmt(rate)}/s for ${pacedSeconds} s`, 'paced', 'pacedDigest');
  if (maxSeconds > 0) phase(`Max throughput, 50 connections, ${maxSeconds} s`, 'closed', 'closedDigest');
  add('**Afterwards**', () => '');
  add('peak RSS per process (VmHWM)', (s) => s.peakMB.map((m) => `${fmt(m)} MB`).join(' + '));
  add(
    'stored / issues / spool left',
    (s) => `${fmt(s.stored.count)} / ${fmt(s.issues.n)} / ${fmt(s.spoolLeft)}`,
  );
  add('WAL per stored event', (s) => `${fmt(s.walBytesPerEvent / 1000, 1)} kB`);
  add('issue list p95, worst query (50 issues)', (s) => ms(Math.max(...s.list.map((q) => q.p95))));
  return lines.join('\n');
}

/**
 * Markdown rows of the big PostgreSQL database.
 * @param {any} big result of runPostgresBig
 * @param {number} rate
 */
export function postgresBigTable(big, rate) {
  const lines = ['| figure | measured | target | |', '|---|---|---|---|'];
  const add = (figure, measured, target = '', met = null) =>
    lines.push(`| ${figure} | ${measured} | ${target} | ${met === null ? '' : met ? 'met' : 'MISSED'} |`);
  add(`**${fmt(big.events)} events in ${fmt(big.issues)} issues (PostgreSQL)**`, '');
  add(
    'seeding in SQL',
    big.seed
      ? `${fmt(big.seed.seconds, 0)} s (${perS(big.seed.events / big.seed.seconds)})`
      : 'reused database',
  );
  add('database size', `${fmt(big.databaseMiB / 1024, 1)} GiB, ${fmt(big.issueTags)} issue tag rows`);
  add('ready, start on the database', ms(big.first.healthMs), '< 1 s', big.first.healthMs < 1_000);
  add('idle RSS, 2 s after start', `${fmt(big.first.idleMB)} MB`, '< 120 MB', big.first.idleMB < 120);
  for (const q of big.list)
    add(
      `GET issues/${q.query} p95`,
      `${ms(q.p95)} (p50 ${ms(q.p50)})`,
      '< 50 ms',
      q.p95 < 50 && q.failure === '',
    );
  if (big.load) {
    const p = big.load.paced;
    const d = big.load.pacedDigest;
    add(
      `accepted events/s, fixed ${fmt(rate)}/s`,
      `${perS(p.okPerSecond)} (${fmt(p.ok)}/${fmt(p.sent)} 200)`,
    );
    add('p99 response', ms(p.latency.p99), '< 20 ms', p.latency.p99 < 20);
    add('digest events/s', perS(d.eventsPerSecond), `≥ ${fmt(rate)}/s`, d.eventsPerSecond >= 0.99 * rate);
    add('digest lag', secs(d.lagMs), '< 2 s', d.lagMs < 2_000);
  }
  return lines.join('\n');
}
