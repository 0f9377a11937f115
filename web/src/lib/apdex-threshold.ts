// The apdex threshold T per project (default 300 ms, Sentry's) as the project option
// `sentry:apdex_threshold` (PUT `/api/0/projects/{org}/{project}/` with `{options: {…}}`): the quick
// edit of the performance page's filter row. It is the same T that `transaction-threshold/configure/`
// sets with its metric (see transaction-threshold.ts); the server judges `apdex()` / `user_misery()` by
// it, or by a transaction's own override.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from './api';
import type { Project } from './types';

/** Sentry's default threshold. */
export const DEFAULT_APDEX_MS = 300;

/** The project option holding the threshold. */
export const APDEX_OPTION = 'sentry:apdex_threshold';

/** A project's threshold as the server reports it, or the default. */
export function apdexThresholdOf(project: Pick<Project, 'options'> | undefined): number {
  const value = project?.options?.[APDEX_OPTION];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_APDEX_MS;
}

/** Thresholds by project id, from a list of projects (the default for a project not in it). */
export function thresholdsById(projects: readonly Project[]): (projectId: string) => number {
  const byId = new Map(projects.map((p) => [p.id, apdexThresholdOf(p)]));
  return (projectId) => byId.get(projectId) ?? DEFAULT_APDEX_MS;
}

/** Saves a project's threshold on the server (owners and managers may); the default clears it. */
export function useSetApdexThreshold(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ project, ms }: { project: string; ms: number | null }) =>
      api.put<Project>(`/api/0/projects/${seg(org)}/${seg(project)}/`, { options: { [APDEX_OPTION]: ms } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['projects', org] });
      void client.invalidateQueries({ queryKey: ['project', org] });
      // The Discover fields do not name T, so the answers judged by it are asked again.
      void client.invalidateQueries({ queryKey: ['threshold', org] });
      void client.invalidateQueries({ queryKey: ['perf'] });
    },
  });
}
