import { Link } from 'react-router';
import { seg } from '../../lib/api';
import { formatDuration } from '../../lib/perf-format';
import type { ReplayError } from '../../lib/replay-types';
import { formatOffset, type Crumb } from '../../lib/replay-timeline';

const KIND_LABELS: Record<Crumb['kind'], string> = {
  click: 'Click',
  input: 'Input',
  navigation: 'Navigation',
  console: 'Console',
  network: 'Network',
  error: 'Error',
  other: 'Event',
};

/** The error markers over the length of the replay: one button per error, at its moment. */
export function ErrorMarkers({
  errors,
  start,
  end,
  onSeek,
}: {
  errors: ReplayError[];
  start: number;
  end: number;
  onSeek: (offsetMs: number) => void;
}) {
  const span = Math.max(1, end - start);
  return (
    <div className="replay-markers" data-testid="replay-error-markers" aria-label="Errors on the timeline">
      {errors.map((e) => {
        const at = e.timestamp ? Date.parse(e.timestamp) - start : 0;
        const left = Math.min(100, Math.max(0, (at / span) * 100));
        return (
          <button
            key={e.id}
            type="button"
            className="replay-marker"
            style={{ left: `${left}%` }}
            title={`${e.title ?? 'Error'} at ${formatOffset(at)}`}
            onClick={() => onSeek(at)}
          >
            <span className="sr-only">{e.title ?? 'Error'}</span>
          </button>
        );
      })}
    </div>
  );
}

/** Breadcrumbs of the recording, each jumping the player to its moment; the current one is marked. */
export function CrumbList({
  crumbs,
  start,
  current,
  org,
  errors,
  onSeek,
}: {
  crumbs: Crumb[];
  start: number;
  current: number;
  org: string;
  errors: ReplayError[];
  onSeek: (offsetMs: number) => void;
}) {
  const errorCrumbs: Array<Crumb & { error?: ReplayError }> = errors.map((e) => ({
    kind: 'error',
    time: e.timestamp ? Date.parse(e.timestamp) : start,
    label: 'Error',
    detail: e.title ?? e.id,
    error: e,
  }));
  const all: Array<Crumb & { error?: ReplayError }> = [...crumbs, ...errorCrumbs].sort(
    (a, b) => a.time - b.time,
  );
  return (
    <ol className="replay-crumbs" data-testid="replay-crumbs">
      {all.map((c, i) => {
        const offset = c.time - start;
        const past = offset <= current;
        return (
          <li
            key={`${c.kind}-${c.time}-${i}`}
            className={`rcrumb rcrumb-${c.kind}${past ? ' rcrumb-past' : ''}`}
          >
            <button type="button" className="rcrumb-seek" onClick={() => onSeek(offset)} data-kind={c.kind}>
              <span className="rcrumb-time mono">{formatOffset(offset)}</span>
              <span className="rcrumb-kind">{c.kind === 'console' ? c.label : KIND_LABELS[c.kind]}</span>
              <span className="rcrumb-detail">
                {c.method && <span className="mono">{c.method} </span>}
                {c.detail}
                {c.status !== undefined && (
                  <span className={c.status >= 400 ? ' perf-bad' : ' muted'}> {c.status}</span>
                )}
                {c.durationMs !== undefined && <span className="muted"> {formatDuration(c.durationMs)}</span>}
              </span>
            </button>
            {c.error && (
              <Link
                className="rcrumb-open"
                to={`/organizations/${seg(org)}/issues/${seg(c.error.issueId)}/events/${seg(c.error.id)}/`}
              >
                Open issue{c.error.shortId ? ` ${c.error.shortId}` : ''}
              </Link>
            )}
          </li>
        );
      })}
    </ol>
  );
}
