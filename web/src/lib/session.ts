// Who is signed in, first-start setup, login and logout. The session itself is an HttpOnly cookie the
// server sets; the UI only ever asks `users/me` who that is.

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError } from './api';
import type { User } from './types';

/** Forgets what was cached for nobody, and refetches the user in the server's own shape. */
function signedIn(client: QueryClient, user: User): Promise<void> {
  client.clear();
  client.setQueryData(['me'], user);
  client.setQueryData(['setup'], { needsSetup: false });
  return client.invalidateQueries({ queryKey: ['me'] });
}

/** `null` when nobody is signed in (the API answered 401). */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<User | null> => {
      try {
        return await api.get<User>('/api/0/users/me/');
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** Whether the server has no user yet, so the UI must offer to create the first superuser. */
export function useSetupState() {
  return useQuery({
    queryKey: ['setup'],
    queryFn: () => api.get<{ needsSetup: boolean }>('/api/0/internal/setup/'),
    staleTime: Infinity,
  });
}

/** Signs in with email and password. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api.post<{ user: User }>('/api/0/auth/login/', body),
    onSuccess: ({ user }) => signedIn(client, user),
  });
}

/** Creates the first superuser (the server signs them in). */
export function useSetup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string; name?: string }) =>
      api.post<{ user: User }>('/api/0/internal/setup/', body),
    onSuccess: ({ user }) => signedIn(client, user),
  });
}

/** Signs out and forgets everything cached. */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/api/0/auth/'),
    onSettled: () => {
      client.clear();
      client.setQueryData(['me'], null);
      client.setQueryData(['setup'], { needsSetup: false });
    },
  });
}
