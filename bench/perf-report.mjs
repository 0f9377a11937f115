import { CONTAINER_SPANS, TRANSACTION_SPANS } from './span-envelopes.mjs';
import { fmt } from './stats.mjs';

/** Spans a request of each kind carries (a transaction item's root counts as a span when stored). */
const SPANS_PER = { transaction: TRANSACTION_SPANS + 1, container: CONTAINER_SPANS, error: 0 };

/**
 * The performance part of the report: spans digested per second with errors flowing, against the bare
 * server's rate for the same bodies, and the transaction summary's latency per window against a raw
 * grouped count.
 * @param {{ spans: any, summary: any }} r
 */
export function perfReport({ spans, summary }) {
  const lines = [];
  if (spans) {
    const offered = (phase) =>
      Object.entries(phase.sent).reduce((n, [kind, count]) => n + count * SPANS_PER[kind], 0) /
      phase.loadSeconds;
    const d = spans.mixed.digest;
    lines.push(
      'Spans (mixed load: 2 × 30-span transaction item, 2 × 13-span v2 container, 1 error, per 5 requests):',
    );
    lines.push(
      `  baseline bare node:http: ${fmt(spans.baseline.result.ok / spans.baseline.loadSeconds)} requests/s, ` +
        `${fmt(offered(spans.baseline))} spans/s offered`,
    );
    lines.push(
      `  Faultline: ${fmt(spans.mixed.result.ok / spans.mixed.loadSeconds)} requests/s accepted; digested ` +
        `${fmt(d.spansPerSecond)} spans/s and ${fmt(d.errorsPerSecond)} errors/s (first request → all stored), ` +
        `best 1 s window ${fmt(d.peakSpansPerSecond)} spans/s; lag ${fmt(d.lagMs / 1000, 1)} s, ` +
        `backlog ${fmt(d.backlogAtEnd)} requests at the last 200${d.timedOut ? ', TIMED OUT' : ''}`,
    );
    lines.push(
      `  stored per kind: ${spans.perKind.map((k) => `${k.kind} ${fmt(k.txs)} (${fmt(k.spans)} spans)`).join(', ')}; ` +
        `${fmt(d.readable)} of ${fmt(d.spans)} counted spans read back; ` +
        `server CPU ${fmt(spans.mixed.result.cpu.serverSeconds, 1)} s (${fmt(d.serverMicrosPerSpan, 1)} µs per span, ingest + digest), ` +
        `load generator ${fmt(spans.mixed.result.cpu.generatorSeconds, 1)} s, other processes ${fmt(spans.mixed.result.cpu.otherSeconds, 1)} s; ` +
        `peak RSS ${fmt(spans.peakMB)} MB; warn+ log lines ${spans.problems.length}`,
    );
  }
  if (summary) {
    lines.push(
      `Transaction summary on ${fmt(summary.seed.transactions)} transactions (seeded in ${fmt(summary.seed.seconds, 1)} s, ` +
        `users packed into sets in ${fmt(summary.packSeconds, 1)} s, database ${fmt(summary.databaseMiB)} MiB):`,
    );
    for (const q of summary.results) {
      lines.push(
        `  statsPeriod=${q.period}: ${q.rows} rows, p50 ${fmt(q.p50, 1)} ms, p95 ${fmt(q.p95, 1)} ms, max ${fmt(q.max, 1)} ms ` +
          `${JSON.stringify(q.statuses)}; baseline raw grouped count p50 ${fmt(q.baseline.p50, 1)} ms, p95 ${fmt(q.baseline.p95, 1)} ms`,
      );
    }
  }
  return lines.join('\n');
}
