import type { ReplayRecord } from '../../storage/replay-types.js';
import { isoDate } from '../format.js';

/** Sentry's activity score (1–10): errors weigh five times a page visited. */
function activity(r: ReplayRecord): number {
  return Math.max(1, Math.min(10, Math.floor((r.errorIds.length * 25 + r.urls.length * 5) / 10)));
}

/** A replay in the shape of Sentry's replay details (`/organizations/{org}/replays/…`). */
export function presentReplay(r: ReplayRecord): Record<string, unknown> {
  const { info } = r;
  const tags: Record<string, string[]> = {};
  for (const [k, v] of info.tags) (tags[k] ??= []).push(v);
  const user = info.user ?? {};
  return {
    id: r.replayId,
    project_id: String(r.projectId),
    replay_type: info.replayType,
    platform: info.platform,
    environment: info.environment,
    releases: info.release ? [info.release] : [],
    dist: info.dist,
    started_at: isoDate(r.startedAt),
    finished_at: isoDate(r.finishedAt),
    duration: Math.round((r.finishedAt - r.startedAt) / 1000),
    count_segments: r.countSegments,
    count_errors: r.errorIds.length,
    count_urls: r.urls.length,
    count_dead_clicks: 0,
    count_rage_clicks: 0,
    count_warnings: 0,
    count_infos: 0,
    urls: r.urls,
    error_ids: r.errorIds,
    trace_ids: r.traceIds,
    warning_ids: [],
    info_ids: [],
    activity: activity(r),
    is_archived: false,
    has_viewed: false,
    user: {
      id: user.id ?? null,
      email: user.email ?? null,
      username: user.username ?? null,
      ip: user.ip ?? null,
      display_name: user.name ?? user.email ?? user.username ?? user.id ?? user.ip ?? null,
    },
    sdk: { name: info.sdk.name ?? null, version: info.sdk.version ?? null },
    browser: { name: info.browser.name ?? null, version: info.browser.version ?? null },
    os: { name: info.os.name ?? null, version: info.os.version ?? null },
    device: {
      name: info.device.name ?? null,
      brand: info.device.brand ?? null,
      model: info.device.model ?? null,
      family: info.device.family ?? null,
    },
    tags,
    storage_bytes: r.size,
  };
}
