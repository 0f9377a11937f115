import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState, Loading, NotFound } from '../components/page-state';
import { RelativeTime } from '../components/relative-time';
import { ReplayPlayer, type PlayerHandle } from '../components/replay/replay-player';
import { CrumbList, ErrorMarkers } from '../components/replay/replay-timeline';
import { seg } from '../lib/api';
import { useProjects } from '../lib/queries';
import { useRecording, useReplay, useReplayErrors } from '../lib/replay-queries';
import { buildTimeline, formatOffset } from '../lib/replay-timeline';
import { useTitle } from '../lib/use-title';

/**
 * `/organizations/:org/replays/:replayId/`: the player, the breadcrumb timeline and the replay's errors.
 * `?t=<epoch ms>` opens the player at that moment (links from an error use the error's time).
 */
export function ReplayDetail() {
  const { org, replayId } = useParams() as { org: string; replayId: string };
  const [search] = useSearchParams();
  const valid = /^[0-9a-f]{32}$/i.test(replayId);
  useTitle(`Replay ${replayId.slice(0, 8)}`, 'Replays');
  const replay = useReplay(org, replayId.toLowerCase());
  const projects = useProjects(org);
  const r = replay.data?.data;
  const project = projects.data?.find((p) => p.id === r?.project_id)?.slug;
  const recording = useRecording(org, project, replayId.toLowerCase(), r?.count_segments ?? 0);
  const errors = useReplayErrors(org, replayId.toLowerCase());
  const timeline = useMemo(() => buildTimeline(recording.data), [recording.data]);
  const [current, setCurrent] = useState(0);
  const [player, setPlayer] = useState<PlayerHandle | null>(null);
  const requested = Number(search.get('t'));
  const startAt = Number.isFinite(requested) && requested > 0 ? Math.max(0, requested - timeline.start) : 0;

  if (!valid) return <NotFound what="replay" />;
  if (replay.isPending) return <Loading what="Loading replay" />;
  if (replay.isError) return <ErrorState error={replay.error} what="replay" />;
  const rep = replay.data.data;
  const seek = (ms: number) => player?.seek(ms);

  return (
    <div className="page page-wide">
      <header className="perf-header">
        <div className="crumbs">
          <Link to={`/organizations/${seg(org)}/replays/`}>Replays</Link>
          <span aria-hidden="true">/</span>
          <span className="mono">{rep.id.slice(0, 8)}</span>
        </div>
        <h1>{rep.user.display_name ?? 'Anonymous user'}</h1>
        <div className="perf-meta" data-testid="replay-meta">
          <strong>{formatOffset(rep.duration * 1000)}</strong>
          <span>
            <RelativeTime date={rep.started_at} />
          </span>
          <span className={rep.count_errors > 0 ? 'perf-bad' : undefined}>
            {rep.count_errors} error{rep.count_errors === 1 ? '' : 's'}
          </span>
          <span>
            {rep.count_segments} segment{rep.count_segments === 1 ? '' : 's'}
          </span>
          {rep.browser.name && <span>{`${rep.browser.name} ${rep.browser.version ?? ''}`.trim()}</span>}
          {rep.os.name && <span>{rep.os.name}</span>}
          {rep.environment && <span className="muted">{rep.environment}</span>}
          {rep.releases[0] && <span className="muted mono">{rep.releases[0]}</span>}
        </div>
      </header>
      <div className="replay-layout">
        <section className="card replay-stage">
          {recording.isPending ? (
            <Loading what="Loading recording" />
          ) : recording.isError ? (
            <ErrorState error={recording.error} what="recording" />
          ) : timeline.playerEvents.length < 2 ? (
            <div className="empty">This replay has no playable recording yet.</div>
          ) : (
            <>
              <ReplayPlayer
                events={timeline.playerEvents}
                startAtMs={startAt}
                onTime={setCurrent}
                onReady={setPlayer}
              />
              <ErrorMarkers
                errors={errors.data ?? []}
                start={timeline.start}
                end={timeline.end}
                onSeek={seek}
              />
            </>
          )}
          <h2 className="replay-subhead">Pages</h2>
          <ol className="replay-urls" data-testid="replay-urls">
            {rep.urls.map((u, i) => (
              <li key={`${u}-${i}`} className="mono small">
                {u}
              </li>
            ))}
          </ol>
          {rep.trace_ids.length > 0 && (
            <>
              <h2 className="replay-subhead">Traces</h2>
              <ul className="replay-urls">
                {rep.trace_ids.map((t) => (
                  <li key={t}>
                    <Link
                      className="mono small"
                      to={`/organizations/${seg(org)}/performance/trace/${seg(t)}/`}
                    >
                      {t}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <aside className="card replay-side">
          <h2 className="replay-subhead">Timeline</h2>
          <CrumbList
            crumbs={timeline.crumbs}
            start={timeline.start}
            current={current}
            org={org}
            errors={errors.data ?? []}
            onSeek={seek}
          />
        </aside>
      </div>
    </div>
  );
}
