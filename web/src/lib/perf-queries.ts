// Read hooks for the performance pages, one per route they use. Keys start with `perf` so nothing else
// invalidates them; Discover answers are over a moving window, so they refresh every minute.

import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api, seg } from './api';
import type { DiscoverResult, MultiStatsResult, TraceResult, TransactionEvent } from './perf-types';

const REFRESH_MS = 60_000;

/** `GET /organizations/{org}/events/?…` (aggregate or raw rows, by the fields in `query`). */
export function useDiscover(org: string, query: string, enabled = true) {
  return useQuery({
    queryKey: ['perf', 'events', org, query],
    queryFn: () => api.get<DiscoverResult>(`/api/0/organizations/${seg(org)}/events/?${query}`),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

/** `GET /organizations/{org}/events-stats/?…` with several `yAxis`, one series per field. */
export function useEventsStats(org: string, query: string) {
  return useQuery({
    queryKey: ['perf', 'stats', org, query],
    queryFn: () => api.get<MultiStatsResult>(`/api/0/organizations/${seg(org)}/events-stats/?${query}`),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

/** A transaction with its spans, through the event route. */
export function useTransactionEvent(org: string, project: string, eventId: string, enabled = true) {
  return useQuery({
    queryKey: ['perf', 'event', org, project, eventId],
    queryFn: () =>
      api.get<TransactionEvent>(`/api/0/projects/${seg(org)}/${seg(project)}/events/${seg(eventId)}/`),
    enabled,
    // A stored transaction does not change.
    staleTime: Infinity,
  });
}

/** Every transaction and error of a trace, across the organization's projects. */
export function useTrace(org: string, traceId: string, enabled = true) {
  return useQuery({
    queryKey: ['perf', 'trace', org, traceId],
    queryFn: () => api.get<TraceResult>(`/api/0/organizations/${seg(org)}/events-trace/${seg(traceId)}/`),
    enabled,
    // Spans of a trace may still be arriving (a page's web vitals come after it): look again now and then.
    refetchInterval: REFRESH_MS / 2,
  });
}

/** The events of several transactions (the trace view's spans), each cached like a single one. */
export function useTransactionEvents(org: string, refs: ReadonlyArray<{ project: string; eventId: string }>) {
  return useQueries({
    queries: refs.map((r) => ({
      queryKey: ['perf', 'event', org, r.project, r.eventId],
      queryFn: () =>
        api.get<TransactionEvent>(`/api/0/projects/${seg(org)}/${seg(r.project)}/events/${seg(r.eventId)}/`),
      staleTime: Infinity,
    })),
  });
}
