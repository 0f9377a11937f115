import {
  configuredRule,
  DEFAULT_THRESHOLD,
  type Threshold,
  type ThresholdRule,
} from '../../perf/thresholds.js';
import type { TransactionFilter } from '../../storage/performance-types.js';
import type { Storage } from '../../storage/storage.js';
import type { ProjectRecord } from '../../storage/types.js';

/** A project's threshold: the one configured, else Sentry's default (300 ms of duration). */
export function projectThreshold(project: Pick<ProjectRecord, 'threshold'>): Threshold {
  const t = project.threshold;
  return t ? { ms: t.thresholdMs, metric: t.metric } : { ...DEFAULT_THRESHOLD };
}

/**
 * Each transaction's configured threshold within a query: the projects' own, and the overrides of the
 * filter's projects (only of the names it keeps, when it names some). With `withOverrides` false the
 * overrides are not read, for queries whose fields never use them.
 */
export async function loadConfiguredRule(
  storage: Storage,
  projects: ProjectRecord[],
  filter: Pick<TransactionFilter, 'projectIds' | 'names'>,
  withOverrides = true,
): Promise<ThresholdRule> {
  const wanted = new Set(filter.projectIds);
  const overrides = withOverrides
    ? await storage.listThresholdOverrides(filter.projectIds, filter.names)
    : [];
  return configuredRule({
    fallback: { ...DEFAULT_THRESHOLD },
    projects: projects
      .filter((p) => wanted.has(p.id))
      .map((p) => ({ projectId: p.id, threshold: projectThreshold(p) })),
    transactions: overrides.map((o) => ({
      projectId: o.projectId,
      name: o.transaction,
      threshold: { ms: o.thresholdMs, metric: o.metric },
    })),
  });
}
