import Database from 'better-sqlite3';
import path from 'node:path';
import { closedLoad } from './closed-load.mjs';
import { ingestTarget } from './ingest-request.mjs';
import { LOAD, startCpu } from './phases.mjs';
import { provision } from './provision.mjs';
import {
  memoryMB,
  problemLines,
  removeDataDir,
  startBare,
  startFaultline,
  tempDataDir,
} from './server-process.mjs';
import { unpackSpanChunk } from '../dist/storage/span-chunk.js';
import { spanLoadFactory } from './span-envelopes.mjs';
import { sleep } from './stats.mjs';

/**
 * Reads what the digest stored, through a read-only connection (WAL). Spans are stored in chunks (one
 * row per transaction or segment and delivery, `span_count` spans each), so the span count is a running
 * sum over the chunk rows added since the last poll (a range of rowids, cheap however large the table);
 * transactions and events are counted by `max(id)` (one index probe each; the bench never deletes).
 */
class StoredWatch {
  /** @param {string} dataDir */
  constructor(dataDir) {
    this.db = new Database(path.join(dataDir, 'faultline.sqlite'), { readonly: true, fileMustExist: true });
    const max = (table) => this.db.prepare(`SELECT coalesce(max(id), 0) AS n FROM ${table}`);
    this.q = {
      chunks: this.db.prepare(
        'SELECT coalesce(max(id), 0) AS last, coalesce(sum(span_count), 0) AS n FROM span_chunks WHERE id > ?',
      ),
      transactions: max('transactions'),
      events: max('events'),
    };
    this.lastChunk = 0;
    this.spanSum = 0;
    /** @type {Array<[number, number]>} (time ms, spans stored) */
    this.samples = [];
  }

  /** Spans stored so far (chunk rows read once each). */
  spans() {
    const r = this.q.chunks.get(this.lastChunk);
    if (r.last > this.lastChunk) {
      this.lastChunk = r.last;
      this.spanSum += r.n;
    }
    return this.spanSum;
  }

  /** @returns {{ spans: number, transactions: number, events: number, lastChunk: number }} */
  counts() {
    return {
      spans: this.spans(),
      transactions: this.q.transactions.get().n,
      events: this.q.events.get().n,
      lastChunk: this.lastChunk,
    };
  }

  /**
   * Spans readable in the chunks with ids in (fromId, toId], unpacked with the server's own reader and
   * counted once per (transaction, span id): the stored count, checked against what reads back.
   */
  readableSpans(fromId, toId) {
    const rows = this.db
      .prepare(
        'SELECT project_id, transaction_event_id, body FROM span_chunks WHERE id > ? AND id <= ? ORDER BY id',
      )
      .iterate(fromId, toId);
    const seen = new Set();
    for (const r of rows) {
      const key = { projectId: r.project_id, transactionEventId: r.transaction_event_id };
      for (const s of unpackSpanChunk(key, r.body)) seen.add(`${r.transaction_event_id}:${s.spanId}`);
    }
    return seen.size;
  }

  /** Requests digested: each stores exactly one transaction (or segment) row or one event row. */
  requests() {
    const c = this.counts();
    return c.transactions + c.events;
  }

  sample() {
    this.samples.push([performance.now(), this.spans()]);
  }

  /** Best spans/s over any one-second window of the samples. */
  peakSpansPerSecond() {
    let best = 0;
    let j = 0;
    for (let i = 0; i < this.samples.length; i++) {
      while (this.samples[i][0] - this.samples[j][0] > 1_000) j++;
      const [t1, n1] = this.samples[i];
      const [t0, n0] = this.samples[j === i ? Math.max(0, i - 1) : j];
      if (t1 - t0 >= 500) best = Math.max(best, ((n1 - n0) * 1000) / (t1 - t0));
    }
    return best;
  }

  /**
   * Polls every 20 ms (sampling) until `target` requests are digested or the timeout passes.
   * @returns {Promise<number>} the time it happened, NaN on timeout
   */
  async waitFor(target, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      this.sample();
      if (this.requests() >= target) return performance.now();
      if (performance.now() > deadline) return NaN;
      await sleep(20);
    }
  }

  close() {
    this.db.close();
  }
}

/**
 * One max-throughput phase of the mixed span load (50 connections, each sending its next request when
 * the last one is answered), with a 3 s warm-up before it.
 */
async function spanPhase({ server, project, seconds, log, watch, errors }) {
  const factory = spanLoadFactory(project.publicKey, { errors });
  const common = { ...ingestTarget(server, project), makeBody: factory.next };
  const digested0 = watch?.requests() ?? 0;
  const warm = await closedLoad({ ...common, seconds: LOAD.warmupSeconds });
  // The warm-up (JIT, connections, SQLite caches) is drained before the measured phase, not reported.
  if (watch) await watch.waitFor(digested0 + warm.ok, LOAD.digestTimeoutMs);
  const sentBefore = { ...factory.sent };
  const before = watch?.counts() ?? null;
  if (watch) watch.samples = [];
  const cpu = startCpu(server.pid);
  const result = await closedLoad({ ...common, seconds, onTick: () => watch?.sample() });
  const generator = cpu.generator();
  const sent = Object.fromEntries(Object.entries(factory.sent).map(([k, v]) => [k, v - sentBefore[k]]));
  let digest = null;
  if (watch && before) {
    const target = before.transactions + before.events + result.ok;
    const backlogAtEnd = target - watch.requests();
    const doneAt = await watch.waitFor(target, LOAD.digestTimeoutMs);
    const after = watch.counts();
    const spans = after.spans - before.spans;
    const errorsStored = after.events - before.events;
    const wall = (doneAt - result.times.startedAt) / 1000;
    digest = {
      spans,
      chunks: [before.lastChunk, after.lastChunk],
      transactions: after.transactions - before.transactions,
      errors: errorsStored,
      spansPerSecond: spans / wall,
      errorsPerSecond: errorsStored / wall,
      peakSpansPerSecond: watch.peakSpansPerSecond(),
      lagMs: Math.max(0, doneAt - result.times.lastOkAt),
      backlogAtEnd,
      timedOut: Number.isNaN(doneAt),
    };
  }
  result.cpu = { ...cpu.server(result.ok), ...generator };
  if (digest) {
    // Honest count, once the CPU is read: every span counted must read back through the server's own
    // unpacking, once per transaction and span id.
    digest.readable = watch.readableSpans(...digest.chunks);
    digest.serverMicrosPerSpan = (result.cpu.serverSeconds * 1e6) / digest.spans;
  }
  const loadSeconds = (result.times.lastOkAt - result.times.startedAt) / 1000;
  log(
    `  ${seconds} s, ${LOAD.connections} connections: ${result.ok}/${result.sent} answered 200 ` +
      `(${JSON.stringify(sent)} sent)` +
      (digest ? `, ${digest.spans} spans digested (${digest.readable} read back)` : ''),
  );
  return { result, sent, sizes: factory.sizes, loadSeconds, digest };
}

/**
 * Spans digested per second while errors keep flowing: the mixed span-heavy load (30-span transaction
 * items, 13-span v2 containers, error envelopes) against a new Faultline folder, and as the baseline
 * the same load against the bare `node:http` server (what the generator and the kernel can offer on
 * this machine: spans sent per second when nothing is stored).
 * @param {{ log: (line: string) => void, seconds: number }} o
 */
export async function runSpans({ log, seconds }) {
  log('  baseline: bare node:http, same span-heavy load');
  const bare = await startBare();
  let baseline;
  try {
    baseline = await spanPhase({
      server: bare,
      project: { projectId: 1, publicKey: '00000000000000000000000000000000' },
      seconds,
      log,
      watch: null,
      errors: true,
    });
  } finally {
    await bare.stop();
  }

  const dataDir = tempDataDir('faultline-bench-spans-');
  try {
    const project = provision(dataDir, 'http://127.0.0.1');
    const server = await startFaultline(dataDir);
    const watch = new StoredWatch(dataDir);
    try {
      log(
        `  Faultline, new folder; bodies ${JSON.stringify(spanLoadFactory(project.publicKey).sizes)} bytes`,
      );
      const mixed = await spanPhase({ server, project, seconds, log, watch, errors: true });
      const peakMB = memoryMB(server.pid, 'VmHWM');
      const perKind = watch.db
        .prepare(
          `SELECT t.kind AS kind, count(*) AS txs, coalesce(sum(c.n), 0) AS spans
           FROM transactions t LEFT JOIN (
             SELECT project_id, transaction_event_id, sum(span_count) AS n FROM span_chunks GROUP BY 1, 2
           ) c ON c.project_id = t.project_id AND c.transaction_event_id = t.event_id
           GROUP BY t.kind`,
        )
        .all();
      return { baseline, mixed, peakMB, perKind, problems: problemLines(server.logLines) };
    } finally {
      watch.close();
      await server.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
}
