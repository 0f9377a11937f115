// Read hooks, one per API resource the UI shows. Query keys start with the resource name so a write
// can invalidate exactly what it changed.

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, seg } from './api';
import type {
  AdminUser,
  ApiToken,
  EventDetail,
  Issue,
  Member,
  Organization,
  OutcomeStats,
  Project,
  ProjectKey,
  TagSummary,
  Team,
} from './types';

/** How often lists that change under the reader poll (new issues, the first event). */
export const LIVE_INTERVAL_MS = 5_000;

export function useOrganizations() {
  return useQuery({
    queryKey: ['orgs'],
    queryFn: () => api.get<Organization[]>('/api/0/organizations/'),
  });
}

export function useOrganization(org: string) {
  return useQuery({
    queryKey: ['org', org],
    queryFn: () => api.get<Organization>(`/api/0/organizations/${seg(org)}/`),
  });
}

export function useProjects(org: string) {
  return useQuery({
    queryKey: ['projects', org],
    queryFn: () => api.get<Project[]>(`/api/0/organizations/${seg(org)}/projects/`),
  });
}

/** A project, polled while it waits for its first event (onboarding). */
export function useProject(org: string, project: string, options: { untilFirstEvent?: boolean } = {}) {
  return useQuery({
    queryKey: ['project', org, project],
    queryFn: () => api.get<Project>(`/api/0/projects/${seg(org)}/${seg(project)}/`),
    refetchInterval: (q) => (options.untilFirstEvent && !q.state.data?.firstEvent ? 2_000 : false),
  });
}

/** One page of the stream, polled so new issues appear without a reload. */
export function useIssues(org: string, apiQuery: string, live: boolean) {
  return useQuery({
    queryKey: ['issues', org, apiQuery],
    queryFn: () => api.getPage<Issue>(`/api/0/organizations/${seg(org)}/issues/?${apiQuery}`),
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
}

/** An issue, fetched through its organization's route so another organization's issue is a 404. */
export function useIssue(org: string, issueId: string) {
  return useQuery({
    queryKey: ['issue', org, issueId],
    queryFn: () => api.get<Issue>(`/api/0/organizations/${seg(org)}/issues/${seg(issueId)}/`),
    refetchInterval: LIVE_INTERVAL_MS * 2,
  });
}

/** An event of an issue: `latest`, `oldest` or an event id. */
export function useIssueEvent(issueId: string, eventId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['event', issueId, eventId],
    queryFn: () => api.get<EventDetail>(`/api/0/issues/${seg(issueId)}/events/${seg(eventId)}/`),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useIssueTags(issueId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['tags', issueId],
    queryFn: () => api.get<TagSummary[]>(`/api/0/issues/${seg(issueId)}/tags/`),
    enabled,
  });
}

export function useProjectKeys(org: string, project: string) {
  return useQuery({
    queryKey: ['keys', org, project],
    queryFn: () => api.get<ProjectKey[]>(`/api/0/projects/${seg(org)}/${seg(project)}/keys/`),
  });
}

export function useTeams(org: string) {
  return useQuery({
    queryKey: ['teams', org],
    queryFn: () => api.get<Team[]>(`/api/0/organizations/${seg(org)}/teams/`),
  });
}

export function useMembers(org: string) {
  return useQuery({
    queryKey: ['members', org],
    queryFn: () => api.get<Member[]>(`/api/0/organizations/${seg(org)}/members/`),
  });
}

export function useApiTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => api.get<ApiToken[]>('/api/0/api-tokens/') });
}

export function useAdminUsers() {
  return useQuery({ queryKey: ['users'], queryFn: () => api.get<AdminUser[]>('/api/0/internal/users/') });
}

/** Where the organization's events went in the last 24 hours (accepted, filtered, invalid, …). */
export function useOutcomes(org: string) {
  return useQuery({
    queryKey: ['outcomes', org],
    queryFn: () =>
      api.get<OutcomeStats>(
        `/api/0/organizations/${seg(org)}/stats_v2/?statsPeriod=24h&groupBy=outcome&groupBy=category&groupBy=reason`,
      ),
    refetchInterval: LIVE_INTERVAL_MS * 6,
  });
}
