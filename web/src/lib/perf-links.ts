// The URLs of the performance pages. Shapes follow Sentry's, so its permalinks open here: a transaction's
// waterfall is `/performance/<project slug>:<event id>/`, a trace `/performance/trace/<trace id>/`.

import { seg } from './api';

/** A transaction's waterfall page. */
export function eventPath(org: string, project: string, eventId: string): string {
  return `/organizations/${seg(org)}/performance/${seg(`${project}:${eventId}`)}/`;
}

/** Splits the `<project>:<event id>` part of {@link eventPath}; null when it is not one. */
export function parseEventSlug(slug: string): { project: string; eventId: string } | null {
  const at = slug.lastIndexOf(':');
  if (at <= 0) return null;
  const eventId = slug.slice(at + 1);
  return /^[0-9a-fA-F-]{32,36}$/.test(eventId) ? { project: slug.slice(0, at), eventId } : null;
}

/** A trace's page, or null for a value that is not a trace id (event data is not trusted). */
export function tracePath(org: string, traceId: string | null | undefined): string | null {
  return traceId && /^[0-9a-f]{32}$/i.test(traceId)
    ? `/organizations/${seg(org)}/performance/trace/${traceId.toLowerCase()}/`
    : null;
}

/** A transaction's summary page, with the page filters given as search params. */
export function summaryPath(org: string, search: URLSearchParams): string {
  return `/organizations/${seg(org)}/performance/summary/?${search.toString()}`;
}

/** A replay, opened at a moment (epoch ms), e.g. an error's. */
export function replayPath(org: string, replayId: string | null, atMs?: number): string | null {
  if (!replayId) return null;
  const t = atMs !== undefined && Number.isFinite(atMs) ? `?t=${Math.round(atMs)}` : '';
  return `/organizations/${seg(org)}/replays/${replayId}/${t}`;
}
