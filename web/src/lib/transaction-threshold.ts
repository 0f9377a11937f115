// Transaction thresholds through Sentry's routes: the project's
// (`/projects/{org}/{project}/transaction-threshold/configure/`) and one transaction's override
// (`/organizations/{org}/project-transaction-threshold-override/`). The server judges `apdex()` and
// `user_misery()` by them and reports the one a Discover row used as `project_threshold_config`.

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { DEFAULT_THRESHOLD, type Threshold, type ThresholdMetric } from '../../../src/perf/thresholds';
import { api, isNotFound, seg } from './api';

/** A configured threshold as the routes answer it (Sentry serialises the numbers as strings). */
export interface ThresholdConfig {
  /** '' when the project follows the default. */
  id: string;
  projectId: string;
  threshold: string;
  metric: ThresholdMetric;
  editedBy?: string | null;
  dateAdded?: string;
  dateUpdated?: string;
}

/** One transaction's own threshold. */
export interface ThresholdOverride extends ThresholdConfig {
  transaction: string;
}

/** How the metrics read in the UI. */
export const METRIC_LABELS: Record<ThresholdMetric, string> = {
  duration: 'Transaction duration',
  lcp: 'Largest contentful paint (LCP)',
};

/** The threshold of a config answer. */
export function thresholdOf(config: Pick<ThresholdConfig, 'threshold' | 'metric'>): Threshold {
  const ms = Number(config.threshold);
  return {
    ms: Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_THRESHOLD.ms,
    metric: config.metric === 'lcp' ? 'lcp' : 'duration',
  };
}

/** A Discover `project_threshold_config` cell (`["lcp", 2500]`), or null for anything else. */
export function thresholdFromCell(value: unknown): Threshold | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [metric, ms] = value as [unknown, unknown];
  if ((metric !== 'duration' && metric !== 'lcp') || typeof ms !== 'number') return null;
  return { ms, metric };
}

/** `T = 300 ms`, or `T = 2500 ms (LCP)` for an LCP threshold: the title of apdex and misery cells. */
export function thresholdTitle(t: Threshold | null): string | undefined {
  if (!t) return undefined;
  return `T = ${t.ms} ms${t.metric === 'lcp' ? ' (LCP)' : ''}`;
}

/** `300 ms of transaction duration` / `2500 ms of LCP`: a threshold in a sentence. */
export function thresholdPhrase(t: Threshold): string {
  return `${t.ms} ms of ${t.metric === 'lcp' ? 'LCP' : 'transaction duration'}`;
}

const configurePath = (org: string, project: string) =>
  `/api/0/projects/${seg(org)}/${seg(project)}/transaction-threshold/configure/`;
const overridePath = (org: string, query: URLSearchParams) =>
  `/api/0/organizations/${seg(org)}/project-transaction-threshold-override/?${query.toString()}`;

/** After a threshold changes: the threshold reads, the project's option, and every apdex shown. */
function invalidate(client: QueryClient, org: string): void {
  void client.invalidateQueries({ queryKey: ['threshold', org] });
  void client.invalidateQueries({ queryKey: ['projects', org] });
  void client.invalidateQueries({ queryKey: ['project', org] });
  void client.invalidateQueries({ queryKey: ['perf'] });
}

/** A project's threshold (the default, with an empty id, when none is configured). */
export function useProjectThreshold(org: string, project: string, enabled = true) {
  return useQuery({
    queryKey: ['threshold', org, 'project', project],
    queryFn: () => api.get<ThresholdConfig>(configurePath(org, project)),
    enabled: enabled && project !== '',
  });
}

/** Sets a project's threshold and metric. */
export function useSetProjectThreshold(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ project, threshold }: { project: string; threshold: Threshold }) =>
      api.post<ThresholdConfig>(configurePath(org, project), {
        threshold: threshold.ms,
        metric: threshold.metric,
      }),
    onSuccess: () => invalidate(client, org),
  });
}

/** Returns a project to the default threshold. */
export function useResetProjectThreshold(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (project: string) => api.delete(configurePath(org, project)),
    onSuccess: () => invalidate(client, org),
  });
}

/** One transaction's override; null when it has none (the route answers 404). */
export function useThresholdOverride(org: string, projectId: string, transaction: string) {
  return useQuery({
    queryKey: ['threshold', org, 'override', projectId, transaction],
    queryFn: async () => {
      try {
        return await api.get<ThresholdOverride>(
          overridePath(org, new URLSearchParams({ project: projectId, transaction })),
        );
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    enabled: projectId !== '' && transaction !== '',
  });
}

/** Sets one transaction's own threshold. */
export function useSetThresholdOverride(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { projectId: string; transaction: string; threshold: Threshold }) =>
      api.post<ThresholdOverride>(overridePath(org, new URLSearchParams({ project: v.projectId })), {
        transaction: v.transaction,
        project: v.projectId,
        threshold: v.threshold.ms,
        metric: v.threshold.metric,
      }),
    onSuccess: () => invalidate(client, org),
  });
}

/** Removes one transaction's own threshold: it follows its project's again. */
export function useDeleteThresholdOverride(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { projectId: string; transaction: string }) =>
      api.delete(
        overridePath(org, new URLSearchParams({ project: v.projectId, transaction: v.transaction })),
      ),
    onSuccess: () => invalidate(client, org),
  });
}
