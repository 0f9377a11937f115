import { fmt } from './stats.mjs';

/**
 * One line of the results table. `verdict` compares with the target when there is one; it is
 * printed, never asserted: a benchmark reports, the reader decides.
 * @param {string} figure
 * @param {string} measured
 * @param {string} target
 * @param {boolean | null} met null when the figure has no target
 * @param {string} [baseline]
 * @param {string} [ratio]
 */
const row = (figure, measured, target, met, baseline = '', ratio = '') => ({
  figure,
  measured,
  target,
  verdict: met === null ? '' : met ? 'met' : 'MISSED',
  baseline,
  ratio,
});

const ms = (n) => `${fmt(n, n < 10 ? 2 : 1)} ms`;
const perS = (n) => `${fmt(n)}/s`;
const mb = (n) => `${fmt(n)} MB`;
const x = (a, b) => (Number.isFinite(a / b) ? `${fmt(a / b, 2)}×` : '');
const secs = (n) => `${fmt(n / 1000, 2)} s`;
/** Accepted means all offered requests answered 200 at the offered rate (the window includes the last reply). */
const sustained = (phase, rate) => phase.ok === phase.sent && phase.okPerSecond >= 0.99 * rate;

/**
 * Builds the table rows from the run's results.
 * @param {{ baseline: any, faultline: any, big: any | null, rate: number, pacedSeconds: number, maxSeconds: number }} r
 */
export function tableRows({ baseline, faultline: f, big, rate, pacedSeconds, maxSeconds }) {
  const rows = [];
  if (baseline && f) {
    const bp = baseline.load.paced;
    const bc = baseline.load.closed;
    // The reference for the max-phase ratios: the mean of the bare phases before and after Faultline's.
    const again = baseline.closedAgain;
    const bareMax = again ? (bc.okPerSecond + again.okPerSecond) / 2 : bc.okPerSecond;
    const bareMaxText = again
      ? `${perS(bareMax)} (${perS(bc.okPerSecond)} before, ${perS(again.okPerSecond)} after)`
      : perS(bareMax);
    const p = f.load.paced;
    const c = f.load.closed;
    const pd = f.load.pacedDigest;
    const cd = f.load.closedDigest;
    rows.push(
      row(`**Fixed ${fmt(rate)}/s for ${pacedSeconds} s**`, '', '', null),
      row(
        'accepted events/s',
        `${perS(p.okPerSecond)} (${fmt(p.ok)}/${fmt(p.sent)} 200)`,
        `≥ ${fmt(rate)}/s`,
        sustained(p, rate),
        perS(bp.okPerSecond),
        x(p.okPerSecond, bp.okPerSecond),
      ),
      row('p50 response', ms(p.latency.p50), '', null, ms(bp.latency.p50), x(p.latency.p50, bp.latency.p50)),
      row(
        'p99 response',
        ms(p.latency.p99),
        '< 20 ms',
        p.latency.p99 < 20,
        ms(bp.latency.p99),
        x(p.latency.p99, bp.latency.p99),
      ),
      row('digest events/s', perS(pd.eventsPerSecond), `≥ ${fmt(rate)}/s`, pd.eventsPerSecond >= 0.99 * rate),
      row('digest lag', secs(pd.lagMs), '< 2 s', pd.lagMs < 2_000),
      row(`**Max throughput, 50 connections, ${maxSeconds} s**`, '', '', null),
      row(
        'accepted events/s',
        `${perS(c.okPerSecond)} (${fmt(c.ok)}/${fmt(c.sent)} 200)`,
        '≥ 0.5× bare',
        c.okPerSecond >= 0.5 * bareMax,
        bareMaxText,
        x(c.okPerSecond, bareMax),
      ),
      row('p50 response', ms(c.latency.p50), '', null, ms(bc.latency.p50), x(c.latency.p50, bc.latency.p50)),
      row('p99 response', ms(c.latency.p99), '', null, ms(bc.latency.p99), x(c.latency.p99, bc.latency.p99)),
      row('digest events/s', perS(cd.eventsPerSecond), '', null),
      row('digest lag', secs(cd.lagMs), '', null),
      ...(f.ingestRoles
        ? [
            row(
              'accepted events/s, ingest and web roles only',
              `${perS(f.ingestRoles.okPerSecond)} (${fmt(f.ingestRoles.ok)}/${fmt(f.ingestRoles.sent)} 200)`,
              '',
              null,
              perS(bareMax),
              x(f.ingestRoles.okPerSecond, bareMax),
            ),
          ]
        : []),
      row('**Memory and start**', '', '', null),
      row(
        'peak RSS (VmHWM, after load)',
        mb(f.peakMB),
        '< 300 MB',
        f.peakMB < 300,
        mb(baseline.peakMB),
        x(f.peakMB, baseline.peakMB),
      ),
      row('idle RSS, 2 s after first start', mb(f.first.idleMB), '< 120 MB', f.first.idleMB < 120),
      row('idle RSS, 2 s after restart', mb(f.restart.idleMB), '< 120 MB', f.restart.idleMB < 120),
      row('idle RSS, 10 s after restart (start-up garbage returned)', mb(f.restart.settledMB), '', null),
      row('ready, first start (spawn → /_health/ 200)', ms(f.first.healthMs), '', null),
      row('ready, restart on existing folder', ms(f.restart.healthMs), '< 1 s', f.restart.healthMs < 1_000),
    );
  }
  if (big) {
    const bl = big.load.paced;
    const bd = big.load.pacedDigest;
    rows.push(
      row(`**${fmt(big.events)} events in ${fmt(big.issues)} issues**`, '', '', null),
      row(
        'seeding through SqliteStorage',
        big.seed
          ? `${fmt(big.seed.seconds, 0)} s (${perS(big.seed.events / big.seed.seconds)})`
          : 'reused folder',
        '',
        null,
      ),
      row(
        big.seed ? 'ready, first start after seeding' : 'ready, start on the reused folder',
        ms(big.first.healthMs),
        '< 1 s',
        big.first.healthMs < 1_000,
      ),
      row(
        'ready, restart on existing folder',
        ms(big.restart.healthMs),
        '< 1 s',
        big.restart.healthMs < 1_000,
      ),
      row('idle RSS, 2 s after start', mb(big.first.idleMB), '< 120 MB', big.first.idleMB < 120),
      ...big.list.map((q) =>
        row(
          `GET issues/${q.query} p95`,
          `${ms(q.p95)} (p50 ${ms(q.p50)})`,
          '< 50 ms',
          q.p95 < 50 && q.failure === '',
        ),
      ),
      row(
        `accepted events/s, fixed ${fmt(rate)}/s`,
        `${perS(bl.okPerSecond)} (${fmt(bl.ok)}/${fmt(bl.sent)} 200)`,
        `≥ ${fmt(rate)}/s`,
        sustained(bl, rate),
      ),
      row('p99 response', ms(bl.latency.p99), '< 20 ms', bl.latency.p99 < 20),
      row('digest events/s', perS(bd.eventsPerSecond), `≥ ${fmt(rate)}/s`, bd.eventsPerSecond >= 0.99 * rate),
      row('digest lag', secs(bd.lagMs), '< 2 s', bd.lagMs < 2_000),
      row('peak RSS (VmHWM)', mb(big.peakMB), '< 300 MB', big.peakMB < 300),
    );
  }
  return rows;
}

/**
 * Rows of the replay mix: errors digested with and without replay segments beside them (the target: at
 * most 10 % lower), segments stored per second, and disk per minute of replay.
 * @param {Awaited<ReturnType<typeof import('./replay-run.mjs').runReplayMix>>} r
 */
export function replayRows(r) {
  const ratio = r.mixed.errorsDigestedPerSecond / r.alone.errorsDigestedPerSecond;
  return [
    row(
      `**Errors at ${fmt(r.rate)}/s for ${r.seconds} s, then the same with ${fmt(r.replayRate)} replay segments/s**`,
      '',
      '',
      null,
    ),
    row(
      'errors digested/s, errors alone (mean of the runs before and after)',
      `${perS(r.alone.errorsDigestedPerSecond)} (${r.alone.runs.map((n) => perS(n)).join(', ')})`,
      '',
      null,
    ),
    row(
      'errors digested/s, with replay segments',
      perS(r.mixed.errorsDigestedPerSecond),
      '≥ 0.9× alone',
      ratio >= 0.9,
      perS(r.alone.errorsDigestedPerSecond),
      x(r.mixed.errorsDigestedPerSecond, r.alone.errorsDigestedPerSecond),
    ),
    row(
      'error p99 response, with replay segments',
      ms(r.mixed.errorP99),
      '< 20 ms',
      r.mixed.errorP99 < 20,
      ms(r.alone.errorP99),
    ),
    row(
      'replay segments stored/s',
      `${perS(r.mixed.segmentsPerSecond)} (${fmt(r.mixed.segmentsStored)}/${fmt(r.mixed.segmentsSent)} sent)`,
      `${fmt(r.replayRate)}/s offered`,
      r.mixed.segmentsStored === r.mixed.segmentsSent,
    ),
    row('disk per minute of replay', `${fmt(r.bytesPerReplayMinute / 1024, 1)} KiB`, '', null),
  ];
}

/**
 * Renders rows as a Markdown table (pasteable into RESULTS.md as is).
 * @param {ReturnType<typeof tableRows>} rows
 */
export function markdownTable(rows) {
  const head = ['figure', 'Faultline', 'target', '', 'bare node:http', 'ratio'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows)
    lines.push(`| ${[r.figure, r.measured, r.target, r.verdict, r.baseline, r.ratio].join(' | ')} |`);
  return lines.join('\n');
}
