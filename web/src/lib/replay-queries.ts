// Read hooks for the replay pages. A recording never changes once its segments are in, but a replay
// that is still being recorded gains segments, so the detail refreshes now and then.

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, seg } from './api';
import type { Replay, ReplayError } from './replay-types';

/** One page of the replay list (`{data: [...]}` with the cursors of its `Link` header). */
export function useReplays(org: string, query: string) {
  return useQuery({
    queryKey: ['replays', org, query],
    queryFn: async () => {
      const page = await api.getPage<unknown>(`/api/0/organizations/${seg(org)}/replays/?${query}`);
      const body = page.items as unknown as { data?: Replay[] };
      return { ...page, items: Array.isArray(body.data) ? body.data : [] };
    },
    placeholderData: keepPreviousData,
  });
}

export function useReplay(org: string, replayId: string) {
  return useQuery({
    queryKey: ['replay', org, replayId],
    queryFn: () => api.get<{ data: Replay }>(`/api/0/organizations/${seg(org)}/replays/${seg(replayId)}/`),
    refetchInterval: 30_000,
  });
}

export function useReplayErrors(org: string, replayId: string) {
  return useQuery({
    queryKey: ['replay', org, replayId, 'errors'],
    queryFn: () =>
      api.get<ReplayError[]>(`/api/0/organizations/${seg(org)}/replays/${seg(replayId)}/errors/`),
  });
}

/** Every segment of the recording, decompressed, in segment order. */
export function useRecording(org: string, project: string | undefined, replayId: string, segments: number) {
  return useQuery({
    queryKey: ['replay', org, replayId, 'recording', segments],
    queryFn: () =>
      api.get<unknown[]>(
        `/api/0/projects/${seg(org)}/${seg(project ?? '')}/replays/${seg(replayId)}/recording-segments/?download`,
      ),
    enabled: project !== undefined,
    staleTime: Infinity,
  });
}
