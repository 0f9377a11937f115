import { closedLoad } from './closed-load.mjs';
import { pacedLoad } from './paced-load.mjs';
import { cpuSeconds, machineBusySeconds, memoryMB } from './server-process.mjs';

/** Load shape of every run; both targets get exactly the same. */
export const LOAD = {
  rate: 3_000,
  pacedSeconds: 20,
  maxSeconds: 10,
  connections: 50,
  warmupSeconds: 3,
  /** Longest the bench waits for the digest to catch up after a phase. */
  digestTimeoutMs: 180_000,
};

/**
 * After a phase: how long the digest took to hold every accepted event, and its throughput over the
 * whole phase (first request → last event stored), which is the rate it sustained, not a burst.
 * @param {import('./digest-watch.mjs').DigestWatch} watch
 * @param {number} before events stored before the phase
 * @param {{ ok: number, times: { startedAt: number, lastOkAt: number } }} result
 */
async function digestAfter(watch, before, result) {
  const target = before + result.ok;
  const backlogAtEnd = target - watch.stored();
  const { doneAt, stored } = await watch.waitFor(target, LOAD.digestTimeoutMs);
  return {
    lagMs: Math.max(0, doneAt - result.times.lastOkAt),
    backlogAtEnd,
    stored: stored - before,
    eventsPerSecond: ((stored - before) * 1000) / (doneAt - result.times.startedAt),
    peakEventsPerSecond: watch.peakRate(),
    timedOut: Number.isNaN(doneAt),
  };
}

/**
 * CPU accounting of a phase: the server's (ingest and, once drained, digest) and the load generator's
 * own, in microseconds per request, so a reader can see how much of the 2 cores each side took.
 * @param {number | number[]} pid the server process, or every process of a multi-process setup
 * @param {() => number} [databaseCpu] CPU seconds of the database server so far (PostgreSQL runs)
 */
export function startCpu(pid, databaseCpu) {
  const pids = [pid].flat();
  const serverCpu = () => pids.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const server0 = serverCpu();
  const database0 = databaseCpu?.() ?? 0;
  const machine0 = machineBusySeconds();
  const bench0 = process.cpuUsage();
  return {
    generator() {
      const used = process.cpuUsage(bench0);
      return { generatorSeconds: (used.user + used.system) / 1e6 };
    },
    /** @param {number} events */
    server(events) {
      const serverSeconds = serverCpu() - server0;
      const databaseSeconds = databaseCpu ? databaseCpu() - database0 : 0;
      const used = process.cpuUsage(bench0);
      const bench = (used.user + used.system) / 1e6;
      const otherSeconds = machineBusySeconds() - machine0 - serverSeconds - bench - databaseSeconds;
      return {
        serverSeconds,
        serverMicrosPerEvent: (serverSeconds * 1e6) / events,
        ...(databaseCpu ? { databaseSeconds, databaseMicrosPerEvent: (databaseSeconds * 1e6) / events } : {}),
        otherSeconds,
      };
    },
  };
}

/**
 * Runs warm-up, the fixed-rate phase and the max-throughput phase against one server, sampling its
 * memory (and the digest, when watched) about four times a second.
 * @param {object} o
 * @param {string} o.origin
 * @param {string} o.path
 * @param {Record<string, string>} o.headers
 * @param {() => { body: Buffer }} o.makeBody
 * @param {number | number[]} o.pid server process (or processes), for /proc memory and CPU readings
 * @param {{ stored(): number, sample(): void, samples: Array<[number, number]>, peakRate(): number,
 *   waitFor(target: number, timeoutMs: number): Promise<{ doneAt: number, stored: number }> }} [o.watch]
 *   the digest watch (SQLite's DigestWatch, or PgWatch); absent for the bare baseline
 * @param {() => number} [o.databaseCpu] CPU seconds of the database server so far (PostgreSQL runs)
 * @param {(line: string) => void} o.log
 * @param {number} o.pacedSeconds
 * @param {number} o.maxSeconds 0 skips the max-throughput phase
 */
export async function runPhases({
  origin,
  path,
  headers,
  makeBody,
  pid,
  watch,
  log,
  pacedSeconds,
  maxSeconds,
  databaseCpu,
}) {
  let peakSampledMB = 0;
  const pids = [pid].flat();
  const onTick = () => {
    const rss = pids.reduce((sum, p) => sum + memoryMB(p, 'VmRSS'), 0);
    peakSampledMB = Math.max(peakSampledMB, rss);
    watch?.sample();
  };
  const common = { origin, path, headers, makeBody, connections: LOAD.connections, onTick };
  const out = { paced: null, closed: null, pacedDigest: null, closedDigest: null, peakSampledMB: 0 };

  // Warm-up (JIT, connections, SQLite caches): not reported, and drained before the measured phases.
  const before = watch?.stored() ?? 0;
  const warm = await pacedLoad({ ...common, rate: LOAD.rate, seconds: LOAD.warmupSeconds });
  if (watch) await watch.waitFor(before + warm.ok, LOAD.digestTimeoutMs);
  log(`  warm-up ${LOAD.warmupSeconds} s: ${warm.ok}/${warm.sent} answered 200 (not reported)`);

  /**
   * One measured phase: load, then (when watched) the wait for the digest, with CPU accounted.
   * @param {() => Promise<any>} load
   */
  const measured = async (load) => {
    const stored = watch?.stored() ?? 0;
    if (watch) watch.samples = [];
    const cpu = startCpu(pid, databaseCpu);
    const result = await load();
    const generator = cpu.generator();
    const digest = watch ? await digestAfter(watch, stored, result) : null;
    result.cpu = { ...cpu.server(result.ok), ...generator };
    return { result, digest };
  };

  const paced = await measured(() => pacedLoad({ ...common, rate: LOAD.rate, seconds: pacedSeconds }));
  out.paced = paced.result;
  out.pacedDigest = paced.digest;
  log(`  fixed ${LOAD.rate}/s for ${pacedSeconds} s: ${out.paced.ok}/${out.paced.sent} answered 200`);
  if (maxSeconds > 0) {
    const closed = await measured(() => closedLoad({ ...common, seconds: maxSeconds }));
    out.closed = closed.result;
    out.closedDigest = closed.digest;
    log(
      `  max, ${LOAD.connections} connections, ${maxSeconds} s: ${out.closed.ok}/${out.closed.sent} answered 200`,
    );
  }
  out.peakSampledMB = peakSampledMB;
  return out;
}
