import { DEFAULT_THRESHOLD } from '../../perf/thresholds.js';
import type { ConfiguredThreshold, ThresholdOverrideRecord } from '../../storage/threshold-types.js';
import type { ProjectRecord } from '../../storage/types.js';
import { isoDate } from '../format.js';

// Sentry serialises ids and the threshold itself as strings in these two shapes; clients written
// against it read them so.

function common(t: ConfiguredThreshold, projectId: number): Record<string, unknown> {
  return {
    threshold: String(t.thresholdMs),
    metric: t.metric,
    projectId: String(projectId),
    editedBy: t.editedBy === null ? null : String(t.editedBy),
    dateAdded: isoDate(t.dateAdded),
    dateUpdated: isoDate(t.dateUpdated),
  };
}

/**
 * A project's threshold in the shape of Sentry's `ProjectTransactionThresholdSerializer`. A project
 * has at most one, so its id is the project's. With none configured, Sentry's answer: the default,
 * with an empty id and no editor or dates.
 */
export function presentProjectThreshold(project: ProjectRecord): Record<string, unknown> {
  const t = project.threshold;
  if (!t) {
    return {
      id: '',
      projectId: String(project.id),
      threshold: String(DEFAULT_THRESHOLD.ms),
      metric: DEFAULT_THRESHOLD.metric,
    };
  }
  return { id: String(project.id), ...common(t, project.id) };
}

/** A transaction's override in the shape of Sentry's `ProjectTransactionThresholdOverrideSerializer`. */
export function presentOverride(o: ThresholdOverrideRecord): Record<string, unknown> {
  return { id: String(o.id), transaction: o.transaction, ...common(o, o.projectId) };
}
