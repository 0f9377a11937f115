/**
 * Hourly performance roll-ups, shared by both adapters: what a batch adds to each
 * (project, name, environment, release, hour, kind, op) row, how that merges with the stored row, and
 * how the rows a query matched collapse into one {@link TransactionRollupRow} per (project, name, hour).
 *
 * A batch is folded in memory first, so each roll-up row is read, merged and written once per batch
 * (an `INSERT … ON CONFLICT DO UPDATE` may not touch one row twice, and one write per row keeps the
 * transaction short). Durations and web vitals are {@link LogHistogram}s: mergeable, so percentiles
 * over any range of hours come from merging, without the raw values.
 */
import type { Measurement } from '../digest/performance/types.js';
import { LogHistogram, type LogHistogramJson } from '../perf/histogram.js';
import { isFailureStatus } from '../perf/math.js';
import type { JsonObject } from '../protocol/json.js';
import { dayOf, hourOf } from './event-body.js';
import type { TransactionRollupRow } from './performance-types.js';
import type { Row } from './rows.js';

/**
 * The dimensions of a roll-up row. Null environment and release are stored as '' (a key column cannot
 * be NULL). `op` is a dimension too, so the `ops` filter means the same on roll-ups as on rows.
 */
export interface RollupDims {
  projectId: number;
  name: string;
  environment: string;
  release: string;
  hour: number;
  kind: string;
  op: string;
}

/** The fields of a transaction that place it in a roll-up row. */
export interface RollupPlace {
  projectId: number;
  name: string;
  environment: string | null;
  release: string | null;
  startTimestamp: number;
  kind: string;
  op: string;
}

/** The fields a roll-up counts. */
export interface RollupSource extends RollupPlace {
  status: string;
  durationMs: number;
  userKey: string | null;
  measurements: Record<string, Measurement>;
}

/** What a batch adds to one roll-up row. */
export interface RollupDelta {
  dims: RollupDims;
  count: number;
  failures: number;
  sumDurationMs: number;
  durations: LogHistogram;
  vitals: Map<string, LogHistogram>;
}

/**
 * The largest duration, and the largest LCP (null when none of their page loads measured one), one
 * user saw in one roll-up row's slice: user misery judges the one its threshold names.
 */
export interface UserMax {
  dims: RollupDims;
  userKey: string;
  maxDurationMs: number;
  maxLcpMs: number | null;
}

/** The roll-up dimensions of a transaction. */
export function rollupDims(t: RollupPlace): RollupDims {
  return {
    projectId: t.projectId,
    name: t.name,
    environment: t.environment ?? '',
    release: t.release ?? '',
    hour: hourOf(t.startTimestamp),
    kind: t.kind,
    op: t.op,
  };
}

/** The key columns of a roll-up row, in primary-key order, for statements. */
export function dimsValues(d: RollupDims): [number, string, string, string, number, string, string] {
  return [d.projectId, d.name, d.environment, d.release, d.hour, d.kind, d.op];
}

const dimsKey = (d: RollupDims): string => JSON.stringify(dimsValues(d));

/**
 * Folds a batch's transactions (and late web vitals) into per-row deltas and per-user maxima. Output is
 * sorted by key, so concurrent writers lock rows in the same order.
 */
export class RollupAccumulator {
  private readonly deltas = new Map<string, RollupDelta>();
  private readonly users = new Map<string, UserMax>();

  /** Whether anything was added. */
  get isEmpty(): boolean {
    return this.deltas.size === 0 && this.users.size === 0;
  }

  /** Counts one newly stored (and named) transaction. */
  addTransaction(t: RollupSource): void {
    const delta = this.delta(rollupDims(t));
    delta.count++;
    if (isFailureStatus(t.status)) delta.failures++;
    delta.sumDurationMs += t.durationMs;
    delta.durations.add(t.durationMs);
    for (const [name, m] of Object.entries(t.measurements)) this.vital(delta, name, m.value);
    this.user(delta.dims, t, t.measurements['lcp']?.value ?? null);
  }

  /**
   * Adds a web vital that arrived after its transaction was counted; a late LCP also raises its user's
   * largest LCP (the transaction's own duration is already in that user's maximum, so repeating it
   * changes nothing).
   */
  addVital(t: RollupSource, name: string, value: number): void {
    const delta = this.delta(rollupDims(t));
    this.vital(delta, name, value);
    if (name === 'lcp') this.user(delta.dims, t, value);
  }

  /** Adds a stored roll-up row as it stands: how the day rows of existing data are backfilled. */
  addStored(r: Row): void {
    const delta = this.delta({
      projectId: Number(r.project_id),
      name: String(r.name),
      environment: String(r.environment),
      release: String(r.release),
      hour: Number(r.hour),
      kind: String(r.kind),
      op: String(r.op),
    });
    delta.count += Number(r.count);
    delta.failures += Number(r.failures);
    delta.sumDurationMs += Number(r.sum_duration_ms);
    delta.durations.merge(histogramFrom(r.durations));
    for (const [name, h] of vitalsFrom(r.vitals)) {
      const into = delta.vitals.get(name);
      if (into) into.merge(h);
      else delta.vitals.set(name, h);
    }
  }

  /** The deltas, sorted by key. */
  rollups(): RollupDelta[] {
    return [...this.deltas.entries()].sort(byKey).map(([, d]) => d);
  }

  /** The per-user maxima, sorted by key. */
  userMaxima(): UserMax[] {
    return [...this.users.entries()].sort(byKey).map(([, u]) => u);
  }

  /**
   * The same batch folded into day slices (`hour` then holds the day's start): what the day roll-ups
   * add, so a long window reads one row per day where it would read 24. Folded from the hourly deltas
   * rather than counted again, so both grains hold the same counts, buckets and maxima.
   */
  byDay(): RollupAccumulator {
    const days = new RollupAccumulator();
    for (const d of this.deltas.values()) {
      const into = days.delta({ ...d.dims, hour: dayOf(d.dims.hour) });
      into.count += d.count;
      into.failures += d.failures;
      into.sumDurationMs += d.sumDurationMs;
      into.durations.merge(d.durations);
      for (const [name, h] of d.vitals) {
        const v = into.vitals.get(name);
        if (v) v.merge(h);
        else into.vitals.set(name, copyOf(h));
      }
    }
    for (const u of this.users.values()) {
      const dims = { ...u.dims, hour: dayOf(u.dims.hour) };
      days.raise(dims, u.userKey, u.maxDurationMs, u.maxLcpMs);
    }
    return days;
  }

  private delta(dims: RollupDims): RollupDelta {
    const key = dimsKey(dims);
    let delta = this.deltas.get(key);
    if (!delta) {
      delta = {
        dims,
        count: 0,
        failures: 0,
        sumDurationMs: 0,
        durations: new LogHistogram(),
        vitals: new Map(),
      };
      this.deltas.set(key, delta);
    }
    return delta;
  }

  private user(dims: RollupDims, t: RollupSource, lcp: number | null): void {
    if (t.userKey === null) return;
    const lcpMs = lcp !== null && Number.isFinite(lcp) ? lcp : null;
    this.raise(dims, t.userKey, t.durationMs, lcpMs);
  }

  private raise(dims: RollupDims, userKey: string, durationMs: number, lcpMs: number | null): void {
    const key = `${dimsKey(dims)}\u0000${userKey}`;
    const known = this.users.get(key);
    if (!known) {
      this.users.set(key, { dims, userKey, maxDurationMs: durationMs, maxLcpMs: lcpMs });
      return;
    }
    known.maxDurationMs = Math.max(known.maxDurationMs, durationMs);
    if (lcpMs !== null) known.maxLcpMs = known.maxLcpMs === null ? lcpMs : Math.max(known.maxLcpMs, lcpMs);
  }

  private vital(delta: RollupDelta, name: string, value: number): void {
    if (!Number.isFinite(value)) return;
    let h = delta.vitals.get(name);
    if (!h) delta.vitals.set(name, (h = new LogHistogram()));
    h.add(value);
  }
}

function copyOf(h: LogHistogram): LogHistogram {
  const copy = new LogHistogram(h.relativeAccuracy);
  copy.merge(h);
  return copy;
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** A histogram from its stored JSON (text or parsed); empty for anything unreadable. */
export function histogramFrom(value: unknown): LogHistogram {
  const json = typeof value === 'string' ? safeParse(value) : value;
  if (typeof json === 'object' && json !== null && typeof (json as LogHistogramJson).a === 'number') {
    try {
      return LogHistogram.fromJSON(json as LogHistogramJson);
    } catch {
      return new LogHistogram();
    }
  }
  return new LogHistogram();
}

/** `{name: histogram}` from stored vitals JSON. */
function vitalsFrom(value: unknown): Map<string, LogHistogram> {
  const json = typeof value === 'string' ? safeParse(value) : value;
  const out = new Map<string, LogHistogram>();
  if (typeof json !== 'object' || json === null) return out;
  for (const [name, h] of Object.entries(json)) out.set(name, histogramFrom(h));
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function vitalsJson(vitals: Map<string, LogHistogram>): Record<string, LogHistogramJson> {
  const out: Record<string, LogHistogramJson> = {};
  for (const name of [...vitals.keys()].sort()) out[name] = vitals.get(name)!.toJSON();
  return out;
}

/** The values a roll-up row is written with. */
export interface MergedRollup {
  count: number;
  failures: number;
  sumDurationMs: number;
  /** JSON text of the durations histogram. */
  durations: string;
  /** JSON text of `{name: histogram}`. */
  vitals: string;
}

/** Merges a delta into the stored row (absent, or a placeholder with count 0). */
export function mergeRollup(stored: Row | undefined, delta: RollupDelta): MergedRollup {
  const durations = stored ? histogramFrom(stored.durations) : new LogHistogram();
  durations.merge(delta.durations);
  const vitals = stored ? vitalsFrom(stored.vitals) : new Map<string, LogHistogram>();
  for (const [name, h] of delta.vitals) {
    const into = vitals.get(name);
    if (into) into.merge(h);
    else vitals.set(name, h);
  }
  return {
    count: Number(stored?.count ?? 0) + delta.count,
    failures: Number(stored?.failures ?? 0) + delta.failures,
    sumDurationMs: Number(stored?.sum_duration_ms ?? 0) + delta.sumDurationMs,
    durations: JSON.stringify(durations.toJSON()),
    vitals: JSON.stringify(vitalsJson(vitals)),
  };
}

/**
 * Collapses stored roll-up rows (already filtered) into one per (project, name, hour): the
 * environment, release, kind and op dimensions are summed away. Sorted by project, name, hour. With
 * `windowStart`, the hours are summed away too: one row per (project, name), its `hour` that start.
 */
export function collapseRollups(rows: Row[], windowStart?: number): TransactionRollupRow[] {
  const groups = new Map<
    string,
    { row: Omit<TransactionRollupRow, 'durations' | 'vitals'>; d: LogHistogram; v: Map<string, LogHistogram> }
  >();
  for (const r of rows) {
    const projectId = Number(r.project_id);
    const name = String(r.name);
    const hour = windowStart ?? Number(r.hour);
    const key = JSON.stringify([projectId, name, hour]);
    let g = groups.get(key);
    if (!g) {
      g = {
        row: { projectId, name, hour, count: 0, failures: 0, sumDurationMs: 0 },
        d: new LogHistogram(),
        v: new Map(),
      };
      groups.set(key, g);
    }
    g.row.count += Number(r.count);
    g.row.failures += Number(r.failures);
    g.row.sumDurationMs += Number(r.sum_duration_ms);
    g.d.merge(histogramFrom(r.durations));
    for (const [name, h] of vitalsFrom(r.vitals)) {
      const into = g.v.get(name);
      if (into) into.merge(h);
      else g.v.set(name, h);
    }
  }
  return [...groups.values()]
    .map((g) => ({
      ...g.row,
      durations: g.d.toJSON() as unknown as JsonObject,
      vitals: vitalsJson(g.v) as unknown as Record<string, JsonObject>,
    }))
    .sort(
      (a, b) => a.projectId - b.projectId || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.hour - b.hour),
    );
}
