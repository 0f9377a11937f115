import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState, Loading } from '../components/page-state';
import { PerfFilters } from '../components/perf/perf-filters';
import { SummaryTable } from '../components/perf/summary-table';
import { WebVitalsPanel } from '../components/perf/web-vitals-panel';
import { seg } from '../lib/api';
import { thresholdsById, useSetApdexThreshold } from '../lib/apdex-threshold';
import { rememberOrg } from '../lib/current-org';
import { discoverQuery, readPerfParams, writePerfParams, type PerfParams } from '../lib/perf-params';
import { useDiscover } from '../lib/perf-queries';
import { SUMMARY_FIELDS, serverSort } from '../lib/perf-summary';
import type { DiscoverValue } from '../lib/perf-types';
import { useProjects } from '../lib/queries';
import { useTitle } from '../lib/use-title';
import { useWebVitals } from '../lib/use-web-vitals';
import { isBrowserProject } from '../lib/web-vitals';

type Row = Record<string, DiscoverValue>;

const PAGE_SIZE = 50;

/** `/organizations/:org/performance/`: transactions per project with their numbers, and web vitals. */
export function Performance() {
  const org = useParams().org!;
  useTitle('Performance', org);
  const [search, setSearch] = useSearchParams();
  const params = readPerfParams(search);
  const projects = useProjects(org);
  const setThreshold = useSetApdexThreshold(org);
  useEffect(() => rememberOrg(org), [org]);

  const list = projects.data ?? [];
  const thresholdOf = thresholdsById(list);
  const shown = params.project ? list.filter((p) => p.id === params.project) : list;
  const summary = useDiscover(
    org,
    discoverQuery(params, {}, SUMMARY_FIELDS, { sort: serverSort(params.sort), perPage: PAGE_SIZE }),
    projects.isSuccess,
  );
  const browserIds = shown.filter(isBrowserProject).map((p) => p.id);
  const vitals = useWebVitals(org, params, browserIds);

  if (projects.isPending) return <Loading />;
  if (projects.isError) return <ErrorState error={projects.error} what="organization" />;

  const update = (patch: Partial<PerfParams>) => setSearch(writePerfParams({ ...params, ...patch }));
  const rows = summary.data?.data ?? [];
  const detailQuery = (row: Row) =>
    writePerfParams(
      { ...params, project: String(row['project.id'] ?? ''), sort: '-count()' },
      { transaction: String(row.transaction ?? '') },
    ).toString();
  const chosen = shown.length === 1 && params.project ? shown[0] : undefined;

  return (
    <div className="page page-wide">
      <header className="page-head">
        <h1>Performance</h1>
      </header>
      <PerfFilters
        params={params}
        projects={list}
        onChange={update}
        apdex={
          chosen && {
            value: thresholdOf(chosen.id),
            onChange: (ms) => setThreshold.mutate({ project: chosen.slug, ms: ms > 0 ? ms : null }),
            error: setThreshold.error,
          }
        }
      />
      {vitals.enabled && vitals.pages && (
        <WebVitalsPanel
          org={org}
          pages={vitals.pages}
          loads={vitals.loads}
          interactions={vitals.interactions}
          overall={vitals.overall}
          detailQuery={detailQuery}
        />
      )}
      <section className="perf-summary" aria-busy={summary.isFetching}>
        {summary.isPending ? (
          <Loading what="Loading transactions" />
        ) : summary.isError ? (
          <ErrorState error={summary.error} what="transaction summary" />
        ) : rows.length === 0 ? (
          <div className="empty card">
            {list.length === 0 ? (
              <>
                <strong>No projects yet.</strong>{' '}
                <Link to={`/organizations/${seg(org)}/projects/new/`}>Create a project</Link> to get a DSN.
              </>
            ) : (
              <>
                <strong>No transactions in this period.</strong> Turn on tracing in the SDK (
                <code>tracesSampleRate</code>) and they appear here.
              </>
            )}
          </div>
        ) : (
          <SummaryTable
            org={org}
            rows={rows}
            sort={serverSort(params.sort)}
            onSort={(s) => update({ sort: s })}
            detailQuery={detailQuery}
          />
        )}
      </section>
    </div>
  );
}
