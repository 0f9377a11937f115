import type { ThresholdMetric } from '../perf/thresholds.js';

/**
 * A transaction threshold someone configured (Sentry's `ProjectTransactionThreshold`): T in ms, the
 * value it applies to, who last changed it and when.
 */
export interface ConfiguredThreshold {
  thresholdMs: number;
  metric: ThresholdMetric;
  /** The user who last changed it; null when not known (set before this was recorded). */
  editedBy: number | null;
  dateAdded: number;
  dateUpdated: number;
}

/** One transaction's own threshold, overriding its project's (`ProjectTransactionThresholdOverride`). */
export interface ThresholdOverrideRecord extends ConfiguredThreshold {
  id: number;
  projectId: number;
  /** The transaction name it applies to, exactly. */
  transaction: string;
}

/** What a write of a threshold gives; the storage keeps the dates. */
export interface ThresholdInput {
  thresholdMs: number;
  metric: ThresholdMetric;
  editedBy: number | null;
}
