/**
 * Apdex / user-misery thresholds as Sentry configures them: a threshold T (ms) and the value it applies
 * to (`duration`, or the page's `lcp`), set per project and optionally overridden per transaction.
 * Pure data and lookups, no I/O, shared by the API, storage and the web build.
 */

/** The value a threshold judges: the transaction's duration, or its page's LCP measurement. */
export type ThresholdMetric = 'duration' | 'lcp';

/** The metrics a threshold may name, in Sentry's spelling. */
export const THRESHOLD_METRICS: readonly ThresholdMetric[] = ['duration', 'lcp'];

/** A threshold T and what it applies to. */
export interface Threshold {
  ms: number;
  metric: ThresholdMetric;
}

/** Sentry's default threshold: 300 ms of duration, for projects that configure none. */
export const DEFAULT_THRESHOLD: Readonly<Threshold> = Object.freeze({ ms: 300, metric: 'duration' });

/**
 * Every threshold a query may use, as plain data (what storage turns into SQL): one for everything
 * else, one per listed project, one per listed (project, transaction name).
 */
export interface ThresholdTable {
  fallback: Threshold;
  projects: ReadonlyArray<{ projectId: number; threshold: Threshold }>;
  transactions: ReadonlyArray<{ projectId: number; name: string; threshold: Threshold }>;
}

/**
 * How a query judges transactions: `apdex(500)` judges every one by 500 ms of duration, `apdex()` each
 * by its own configured threshold. `key` tells rules apart where results are computed per rule in
 * advance (distinct miserable users come from one storage query per rule).
 */
export interface ThresholdRule {
  readonly key: string;
  readonly table: ThresholdTable;
  /** The threshold of a transaction: its override, else its project's, else the fallback. */
  of(projectId: number, name: string): Threshold;
}

/** One threshold for every transaction (Discover's `apdex(T)` with T named). */
export function fixedRule(ms: number): ThresholdRule {
  const threshold: Threshold = { ms, metric: 'duration' };
  return {
    key: `fixed:${ms}`,
    table: { fallback: threshold, projects: [], transactions: [] },
    of: () => threshold,
  };
}

const pairKey = (projectId: number, name: string): string => `${projectId}\u0000${name}`;

/** Each transaction's configured threshold: from a table of project thresholds and overrides. */
export function configuredRule(table: ThresholdTable): ThresholdRule {
  const byProject = new Map(table.projects.map((p) => [p.projectId, p.threshold]));
  const byPair = new Map(table.transactions.map((t) => [pairKey(t.projectId, t.name), t.threshold]));
  return {
    key: 'configured',
    table,
    of: (projectId, name) =>
      byPair.get(pairKey(projectId, name)) ?? byProject.get(projectId) ?? table.fallback,
  };
}

/** The table with every limit multiplied by `factor` (4 for user misery's "slower than 4T"). */
export function scaledTable(table: ThresholdTable, factor: number): ThresholdTable {
  const scale = (t: Threshold): Threshold => ({ ms: t.ms * factor, metric: t.metric });
  return {
    fallback: scale(table.fallback),
    projects: table.projects.map((p) => ({ projectId: p.projectId, threshold: scale(p.threshold) })),
    transactions: table.transactions.map((t) => ({
      projectId: t.projectId,
      name: t.name,
      threshold: scale(t.threshold),
    })),
  };
}

/**
 * The value a threshold judges for one transaction, or null when it has none: an LCP threshold on a
 * transaction without an LCP measurement (a backend request, a navigation). Sentry reads the missing
 * measurement as NULL there, so such a transaction is counted in apdex's total but is neither satisfied
 * nor tolerating, and never makes its user miserable.
 */
export function judgedValue(
  metric: ThresholdMetric,
  durationMs: number,
  measurements: Readonly<Record<string, { value: number }>>,
): number | null {
  if (metric === 'duration') return durationMs;
  const lcp = measurements['lcp']?.value;
  return typeof lcp === 'number' && Number.isFinite(lcp) ? lcp : null;
}

/** Whether a string names a threshold metric. */
export function isThresholdMetric(value: unknown): value is ThresholdMetric {
  return value === 'duration' || value === 'lcp';
}
