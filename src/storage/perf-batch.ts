/**
 * How both adapters store a {@link TransactionBatch}, as pure steps around their SQL.
 *
 * 1. Insert: transactions (idempotent), span chunks (each span once), and every late web vital into
 *    `pending_measurements` (first value per segment and name wins). Roll-ups count each newly stored
 *    transaction, except an interaction still waiting for its page load's name.
 * 2. Reconcile, for the keys this batch touched: interactions waiting for a segment that is now stored
 *    take its name (and are counted in the roll-ups under it, only now); pending vitals whose segment is
 *    now stored are merged into it (a name it already has keeps its value) and into its roll-up's
 *    vitals histogram, and leave the pending table.
 *
 * Reconciling after inserting makes the order of arrival irrelevant, within a batch or across batches:
 * whichever of a segment and its late vital (or its interaction) is stored second finds the other. The
 * reconcile step only moves state forward (pointers cleared, pending rows deleted), so running it again,
 * after a replayed batch or by two processes at once, changes nothing.
 */
import type { Measurement, TransactionForStorage } from '../digest/performance/types.js';
import type { RollupSource } from './perf-rollups.js';
import { parseMeasurements } from './perf-rows.js';
import type { SaveTransactionsResult, TransactionBatch } from './performance-types.js';
import type { Row } from './rows.js';

/** A late web vital as the `pending_measurements` table holds it. */
export interface PendingMeasurement {
  projectId: number;
  traceId: string;
  segmentSpanId: string;
  name: string;
  value: number;
  unit: string;
  /** When the span carrying it arrived (retention removes pending rows nobody claimed). */
  receivedAt: number;
}

/** An empty result. */
export function emptySaveResult(): SaveTransactionsResult {
  return {
    saved: 0,
    duplicates: 0,
    savedPerProject: new Map(),
    spansSaved: 0,
    spansSavedPerProject: new Map(),
  };
}

/** Adds `n` (one by default) to a per-project counter. */
export function countFor(map: Map<number, number>, projectId: number, n = 1): void {
  map.set(projectId, (map.get(projectId) ?? 0) + n);
}

/** The batch's late vitals as pending rows, one per (segment, name) (the first in the batch wins). */
export function pendingOf(batch: TransactionBatch): PendingMeasurement[] {
  if (batch.measurements.length === 0) return [];
  const out = new Map<string, PendingMeasurement>();
  for (const m of batch.measurements) {
    const key = JSON.stringify([m.projectId, m.traceId, m.segmentSpanId, m.name]);
    if (out.has(key) || !Number.isFinite(m.measurement.value)) continue;
    out.set(key, {
      projectId: m.projectId,
      traceId: m.traceId,
      segmentSpanId: m.segmentSpanId,
      name: m.name,
      value: m.measurement.value,
      unit: m.measurement.unit,
      receivedAt: m.receivedAt,
    });
  }
  return [...out.values()];
}

/** The keys the reconcile step looks at, deduplicated and sorted. */
export interface ReconcileKeys {
  /** (project, segment event id): segments stored, or named by a waiting interaction. */
  segments: Array<[number, string]>;
  /** (project, trace id, span id): segments stored, or targeted by a late vital. */
  targets: Array<[number, string, string]>;
}

/** The reconcile keys of a batch. Duplicates count too: a replayed batch must finish what a crash cut short. */
export function reconcileKeys(batch: TransactionBatch, alive: (projectId: number) => boolean): ReconcileKeys {
  const segments = new Map<string, [number, string]>();
  const targets = new Map<string, [number, string, string]>();
  const addTarget = (p: number, t: string, s: string) => targets.set(JSON.stringify([p, t, s]), [p, t, s]);
  for (const tx of batch.transactions) {
    if (!alive(tx.projectId)) continue;
    if (tx.kind !== 'interaction') {
      segments.set(JSON.stringify([tx.projectId, tx.eventId]), [tx.projectId, tx.eventId]);
      addTarget(tx.projectId, tx.traceId, tx.spanId);
    } else if (tx.nameFromEventId !== null) {
      segments.set(JSON.stringify([tx.projectId, tx.nameFromEventId]), [tx.projectId, tx.nameFromEventId]);
    }
  }
  for (const m of batch.measurements)
    if (alive(m.projectId)) addTarget(m.projectId, m.traceId, m.segmentSpanId);
  const sorted = <T>(map: Map<string, T>): T[] =>
    [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
  return { segments: sorted(segments), targets: sorted(targets) };
}

/** Whether a newly stored transaction is counted in the roll-ups now (not an interaction waiting for a name). */
export function countsNow(tx: TransactionForStorage): boolean {
  return tx.nameFromEventId === null;
}

/**
 * Merges pending vitals into a segment's measurements in place; a name it already has keeps its value
 * (the same vital arriving twice is harmless). Returns the ones added.
 */
export function mergeLate(
  current: Record<string, Measurement>,
  pending: Array<{ name: string; value: number; unit: string }>,
): Array<[string, Measurement]> {
  const added: Array<[string, Measurement]> = [];
  for (const p of pending) {
    if (Object.hasOwn(current, p.name)) continue;
    const m = { value: p.value, unit: p.unit };
    current[p.name] = m;
    added.push([p.name, m]);
  }
  return added;
}

/** The columns {@link toRollupSource} reads. */
export const ROLLUP_COLUMNS =
  'project_id, name, environment, release, start_ts, kind, op, status, duration_ms, user_key, measurements';

const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A stored transaction row as a roll-up source. */
export function toRollupSource(r: Row): RollupSource {
  return {
    projectId: Number(r.project_id),
    name: String(r.name),
    environment: optStr(r.environment),
    release: optStr(r.release),
    startTimestamp: Number(r.start_ts),
    kind: String(r.kind),
    op: String(r.op),
    status: String(r.status),
    durationMs: Number(r.duration_ms),
    userKey: optStr(r.user_key),
    measurements: parseMeasurements(r.measurements),
  };
}
