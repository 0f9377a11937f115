// Write hooks. Each one invalidates the queries whose answers it changed, and nothing else.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from './api';
import type {
  AdminUser,
  ApiToken,
  Issue,
  IssueStatus,
  KeyRateLimit,
  Organization,
  Project,
  ProjectKey,
  Role,
  Team,
} from './types';

/** Sets the status of one issue. */
export function useIssueStatus(org: string, issueId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (status: IssueStatus) =>
      api.put<Issue>(`/api/0/organizations/${seg(org)}/issues/${seg(issueId)}/`, { status }),
    onSuccess: (issue) => {
      client.setQueryData(['issue', org, issueId], (old: Issue | undefined) =>
        old ? { ...old, status: issue.status, substatus: issue.substatus } : issue,
      );
      void client.invalidateQueries({ queryKey: ['issues', org] });
    },
  });
}

/** Sets the status of many issues at once (`PUT …/issues/?id=1&id=2`). */
export function useBulkStatus(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, status }: { ids: string[]; status: IssueStatus }) => {
      const q = new URLSearchParams(ids.map((id) => ['id', id]));
      return api.put(`/api/0/organizations/${seg(org)}/issues/?${q.toString()}`, { status });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['issues', org] }),
  });
}

export function useDeleteIssue(org: string, issueId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/api/0/organizations/${seg(org)}/issues/${seg(issueId)}/`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['issues', org] }),
  });
}

export function useCreateOrganization() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; slug?: string }) =>
      api.post<Organization>('/api/0/organizations/', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['orgs'] }),
  });
}

export function useCreateProject(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ team, ...body }: { team: string; name: string; slug?: string; platform: string }) =>
      api.post<Project>(`/api/0/teams/${seg(org)}/${seg(team)}/projects/`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects', org] }),
  });
}

export function useUpdateProject(org: string, project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; slug?: string; platform?: string }) =>
      api.put<Project>(`/api/0/projects/${seg(org)}/${seg(project)}/`, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['projects', org] });
      void client.invalidateQueries({ queryKey: ['project', org] });
    },
  });
}

/** Creates, renames, enables/disables, rate-limits or deletes a project's client keys. */
export function useKeyMutations(org: string, project: string) {
  const client = useQueryClient();
  const base = `/api/0/projects/${seg(org)}/${seg(project)}/keys/`;
  const onSuccess = () => client.invalidateQueries({ queryKey: ['keys', org, project] });
  return {
    create: useMutation({ mutationFn: (name: string) => api.post<ProjectKey>(base, { name }), onSuccess }),
    update: useMutation({
      mutationFn: ({
        id,
        ...body
      }: {
        id: string;
        name?: string;
        isActive?: boolean;
        rateLimit?: KeyRateLimit | null;
      }) => api.put<ProjectKey>(`${base}${seg(id)}/`, body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.delete(`${base}${seg(id)}/`), onSuccess }),
  };
}

export function useCreateTeam(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; slug?: string }) =>
      api.post<Team>(`/api/0/organizations/${seg(org)}/teams/`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['teams', org] }),
  });
}

/** Adds members, changes their role and removes them. */
export function useMemberMutations(org: string) {
  const client = useQueryClient();
  const base = `/api/0/organizations/${seg(org)}/members/`;
  const onSuccess = () => client.invalidateQueries({ queryKey: ['members', org] });
  return {
    add: useMutation({
      mutationFn: (body: { email: string; role: Role; password?: string }) => api.post(base, body),
      onSuccess,
    }),
    setRole: useMutation({
      mutationFn: ({ id, role }: { id: string; role: Role }) => api.put(`${base}${seg(id)}/`, { role }),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.delete(`${base}${seg(id)}/`), onSuccess }),
  };
}

export function useTokenMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: ['tokens'] });
  return {
    create: useMutation({
      mutationFn: (name: string) => api.post<ApiToken>('/api/0/api-tokens/', { name }),
      onSuccess,
    }),
    revoke: useMutation({
      mutationFn: (id: string) => api.delete(`/api/0/api-tokens/${seg(id)}/`),
      onSuccess,
    }),
  };
}

/** Superuser administration of user accounts. */
export function useUserMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: ['users'] });
  return {
    create: useMutation({
      mutationFn: (body: { email: string; password: string; isSuperuser: boolean }) =>
        api.post<AdminUser>('/api/0/internal/users/', body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: { id: string; isSuperuser?: boolean; isActive?: boolean }) =>
        api.put<AdminUser>(`/api/0/internal/users/${seg(id)}/`, body),
      onSuccess,
    }),
  };
}

export function useDeleteProject(org: string, project: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/api/0/projects/${seg(org)}/${seg(project)}/`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects', org] }),
  });
}
