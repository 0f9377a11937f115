// Turns a replay's recording (segments of rrweb events) into what the replay page shows: the events the
// player needs, in time order, and a timeline of breadcrumbs built from Sentry's custom events, which the
// player itself ignores. Everything here is attacker-controlled text and is only ever rendered as text.

import type { RecordedEvent } from './replay-types';

export type CrumbKind = 'click' | 'input' | 'navigation' | 'console' | 'network' | 'error' | 'other';

export interface Crumb {
  kind: CrumbKind;
  /** Epoch milliseconds. */
  time: number;
  label: string;
  detail: string;
  level?: string;
  method?: string;
  status?: number;
  durationMs?: number;
}

export interface Timeline {
  /** Events for rrweb, custom (type 5) ones left out, sorted by time. */
  playerEvents: RecordedEvent[];
  start: number;
  end: number;
  crumbs: Crumb[];
}

const CUSTOM = 5;
const TEXT_MAX = 300;

/** Sentry's custom events mix seconds (breadcrumbs, spans) and milliseconds (rrweb): read both as ms. */
export function toMs(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value < 1e11 ? value * 1000 : value;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.slice(0, TEXT_MAX) : '');
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function breadcrumb(payload: Record<string, unknown>, at: number): Crumb | null {
  const category = text(payload.category);
  const time = toMs(payload.timestamp) ?? at;
  const message = text(payload.message);
  const data = obj(payload.data);
  if (category === 'ui.click') return { kind: 'click', time, label: 'Click', detail: message };
  if (category === 'ui.input') return { kind: 'input', time, label: 'Input', detail: message };
  if (category === 'navigation') {
    return { kind: 'navigation', time, label: 'Navigation', detail: text(data.to) || message };
  }
  if (category === 'console') {
    const level = text(payload.level) || 'log';
    return { kind: 'console', time, label: `Console ${level}`, detail: message, level };
  }
  // Bookkeeping categories (replay.mutations, ui.focus, …) are noise on a timeline.
  return null;
}

const NETWORK_OPS = new Set(['resource.fetch', 'resource.xhr']);

function networkCrumb(payload: Record<string, unknown>): Crumb | null {
  const op = text(payload.op);
  const start = toMs(payload.startTimestamp);
  if (start === null) return null;
  if (op.startsWith('navigation.')) {
    return { kind: 'navigation', time: start, label: 'Page load', detail: text(payload.description) };
  }
  if (!NETWORK_OPS.has(op)) return null;
  const data = obj(payload.data);
  const end = toMs(payload.endTimestamp);
  const status = typeof data.statusCode === 'number' ? data.statusCode : undefined;
  return {
    kind: 'network',
    time: start,
    label: op === 'resource.xhr' ? 'XHR' : 'Fetch',
    detail: text(payload.description),
    method: text(data.method) || 'GET',
    ...(status !== undefined ? { status } : {}),
    ...(end !== null ? { durationMs: Math.max(0, end - start) } : {}),
  };
}

/** Builds the timeline from the segments of `recording-segments/?download`, in segment order. */
export function buildTimeline(segments: unknown): Timeline {
  const playerEvents: RecordedEvent[] = [];
  const crumbs: Crumb[] = [];
  for (const segment of Array.isArray(segments) ? segments : []) {
    for (const raw of Array.isArray(segment) ? segment : []) {
      const e = obj(raw);
      const type = e.type;
      const at = toMs(e.timestamp);
      if (typeof type !== 'number' || at === null) continue;
      if (type !== CUSTOM) {
        playerEvents.push({ ...(e as unknown as RecordedEvent), timestamp: at });
        continue;
      }
      const data = obj(e.data);
      const payload = obj(data.payload);
      const crumb =
        data.tag === 'breadcrumb'
          ? breadcrumb(payload, at)
          : data.tag === 'performanceSpan'
            ? networkCrumb(payload)
            : null;
      if (crumb) crumbs.push(crumb);
    }
  }
  playerEvents.sort((a, b) => a.timestamp - b.timestamp);
  crumbs.sort((a, b) => a.time - b.time);
  const start = playerEvents[0]?.timestamp ?? crumbs[0]?.time ?? 0;
  const end = Math.max(playerEvents.at(-1)?.timestamp ?? start, crumbs.at(-1)?.time ?? start);
  return { playerEvents, start, end, crumbs };
}

/** A time as an offset from the start, `m:ss`. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
