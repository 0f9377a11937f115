import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { PeriodSelect, ProjectSelect } from '../components/filter-selects';
import { ErrorState, Loading } from '../components/page-state';
import { RelativeTime } from '../components/relative-time';
import { Pagination } from '../components/stream/pagination';
import { TextFilter } from '../components/stream/text-filter';
import { seg } from '../lib/api';
import { rememberOrg } from '../lib/current-org';
import { formatDuration } from '../lib/perf-format';
import { readReplayParams, replayApiQuery, writeReplayParams, type ReplayParams } from '../lib/replay-params';
import { useReplays } from '../lib/replay-queries';
import type { Replay } from '../lib/replay-types';
import { formatOffset } from '../lib/replay-timeline';
import { useProjects } from '../lib/queries';
import { useTitle } from '../lib/use-title';

const PAGE_SIZE = 25;

const SORTABLE: Array<[string, string]> = [
  ['started_at', 'Started'],
  ['duration', 'Duration'],
  ['count_errors', 'Errors'],
];

function who(r: Replay): string {
  return r.user.display_name ?? 'Anonymous user';
}

function platformLine(r: Replay): string {
  return [r.browser.name && `${r.browser.name} ${r.browser.version ?? ''}`.trim(), r.os.name]
    .filter(Boolean)
    .join(' · ');
}

/** `/organizations/:org/replays/`: recorded sessions, filtered and sorted like Sentry's replay list. */
export function ReplayList() {
  const org = useParams().org!;
  useTitle('Replays', org);
  const [search, setSearch] = useSearchParams();
  const params = readReplayParams(search);
  const projects = useProjects(org);
  const replays = useReplays(org, replayApiQuery(params, PAGE_SIZE));
  useEffect(() => rememberOrg(org), [org]);

  const update = (patch: Partial<ReplayParams>) =>
    setSearch(writeReplayParams({ ...params, cursor: '', ...patch }));
  const slugOf = (id: string) => projects.data?.find((p) => p.id === id)?.slug ?? id;
  const sortBy = (column: string) => update({ sort: params.sort === `-${column}` ? column : `-${column}` });

  return (
    <div className="page page-wide">
      <header className="page-head">
        <h1>Replays</h1>
      </header>
      <div className="filters">
        <ProjectSelect
          value={params.project}
          projects={projects.data ?? []}
          onChange={(project) => update({ project })}
        />
        <TextFilter
          key={`user:${params.user}`}
          label="User"
          value={params.user}
          placeholder="email, id, name"
          onApply={(user) => update({ user })}
        />
        <TextFilter
          key={`url:${params.url}`}
          label="URL visited"
          value={params.url}
          placeholder="/checkout"
          onApply={(url) => update({ url })}
        />
        <TextFilter
          key={`release:${params.release}`}
          label="Release"
          value={params.release}
          placeholder="any"
          onApply={(release) => update({ release })}
        />
        <TextFilter
          key={`env:${params.environment}`}
          label="Environment"
          value={params.environment}
          placeholder="any"
          onApply={(environment) => update({ environment })}
        />
        <PeriodSelect value={params.statsPeriod} onChange={(statsPeriod) => update({ statsPeriod })} />
        <label className="filter filter-check">
          <input
            type="checkbox"
            checked={params.errorsOnly}
            onChange={(e) => update({ errorsOnly: e.target.checked })}
          />
          <span>With errors</span>
        </label>
      </div>
      {replays.isPending ? (
        <Loading what="Loading replays" />
      ) : replays.isError ? (
        <ErrorState error={replays.error} what="replays" />
      ) : replays.data.items.length === 0 ? (
        <div className="empty card">
          <strong>No replays match.</strong> Add <code>Sentry.replayIntegration()</code> to the browser SDK
          with <code>replaysSessionSampleRate</code> or <code>replaysOnErrorSampleRate</code>, and sessions
          appear here.
        </div>
      ) : (
        <div className="card card-flush">
          <table className="table replay-table" data-testid="replay-list">
            <thead>
              <tr>
                <th>Replay</th>
                <th>Project</th>
                {SORTABLE.map(([column, label]) => (
                  <th
                    key={column}
                    aria-sort={
                      params.sort.replace(/^-/, '') === column
                        ? params.sort.startsWith('-')
                          ? 'descending'
                          : 'ascending'
                        : undefined
                    }
                  >
                    <button type="button" className="btn-link" onClick={() => sortBy(column)}>
                      {label}
                      {params.sort === `-${column}` ? ' ↓' : params.sort === column ? ' ↑' : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {replays.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/organizations/${seg(org)}/replays/${seg(r.id)}/`} className="replay-who">
                      {who(r)}
                    </Link>
                    <div className="muted small replay-url" title={r.urls[0] ?? ''}>
                      {r.urls[0] ?? '—'}
                      {r.count_urls > 1 && ` +${r.count_urls - 1} more`}
                    </div>
                    <div className="muted small">{platformLine(r)}</div>
                  </td>
                  <td>{slugOf(r.project_id)}</td>
                  <td>
                    <RelativeTime date={r.started_at} format="ago" />
                  </td>
                  <td title={formatDuration(r.duration * 1000)}>{formatOffset(r.duration * 1000)}</td>
                  <td className={r.count_errors > 0 ? 'perf-bad' : 'muted'}>{r.count_errors}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {replays.data && (
        <Pagination
          previous={replays.data.previousCursor}
          next={replays.data.nextCursor}
          onCursor={(cursor) => update({ cursor })}
        />
      )}
    </div>
  );
}
