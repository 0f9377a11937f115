import { useEffect, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState, FormError, Loading } from '../components/page-state';
import { BulkBar } from '../components/stream/bulk-bar';
import { IngestHealth } from '../components/stream/ingest-health';
import { IssueRow } from '../components/stream/issue-row';
import { Pagination } from '../components/stream/pagination';
import { SearchBar } from '../components/stream/search-bar';
import { StreamFilters } from '../components/stream/stream-filters';
import { seg } from '../lib/api';
import { rememberOrg } from '../lib/current-org';
import { useBulkStatus } from '../lib/mutations';
import { useIssues, useProjects } from '../lib/queries';
import {
  groupStatsPeriod,
  issuesApiQuery,
  readStreamParams,
  writeStreamParams,
  type StreamParams,
} from '../lib/stream-params';
import type { IssueStatus } from '../lib/types';
import { useFreshIds } from '../lib/use-fresh-ids';
import { useSelection } from '../lib/use-selection';
import { useTitle } from '../lib/use-title';

const PAGE_SIZE = 25;

/** `/organizations/:org/issues/`: the stream, its state in the URL, refreshed while it is open. */
export function IssueStream() {
  const org = useParams().org!;
  useTitle('Issues', org);
  const [search, setSearch] = useSearchParams();
  const params = readStreamParams(search);
  const apiQuery = issuesApiQuery(params, PAGE_SIZE);
  const projects = useProjects(org);
  const issues = useIssues(org, apiQuery, true);
  const bulk = useBulkStatus(org);
  const { selected, toggle, replace: setSelected } = useSelection(apiQuery);
  const items = useMemo(() => issues.data?.items ?? [], [issues.data]);
  // Only real answers count: no answer yet, or the previous page's rows as a placeholder, are not news.
  const fresh = useFreshIds(
    issues.data && !issues.isPlaceholderData ? items.map((i) => i.id) : undefined,
    apiQuery,
  );

  useEffect(() => rememberOrg(org), [org]);

  const update = (patch: Partial<StreamParams>) => {
    // Any change but paging starts again from the first page.
    const next = { ...params, cursor: '', ...patch };
    setSearch(writeStreamParams(next));
  };
  const setStatus = (status: IssueStatus) =>
    bulk.mutate({ ids: [...selected], status }, { onSuccess: () => setSelected([]) });

  if (projects.isError) return <ErrorState error={projects.error} what="organization" />;
  const period = groupStatsPeriod(params.statsPeriod);
  const noProjects = projects.data && projects.data.length === 0;

  return (
    <div className="page page-wide">
      <header className="page-head">
        <h1>Issues</h1>
        <IngestHealth org={org} />
      </header>
      <SearchBar key={params.query} query={params.query} onSearch={(query) => update({ query })} />
      <StreamFilters params={params} projects={projects.data ?? []} onChange={update} />
      <FormError error={bulk.error} />
      <section className="stream" aria-busy={issues.isFetching}>
        <BulkBar
          total={items.length}
          selected={selected.size}
          busy={bulk.isPending}
          onSelectAll={(all) => setSelected(all ? items.map((i) => i.id) : [])}
          onStatus={setStatus}
          period={period === '24h' ? '24 hours' : '14 days'}
          sort={params.sort}
          onSort={(sort) => update({ sort })}
        />
        {issues.isPending ? (
          <Loading what="Loading issues" />
        ) : issues.isError ? (
          <ErrorState error={issues.error} what="issue list" />
        ) : items.length === 0 ? (
          <div className="empty">
            {noProjects ? (
              <>
                <strong>No projects yet.</strong>{' '}
                <Link to={`/organizations/${seg(org)}/projects/new/`}>Create a project</Link> to get a DSN.
              </>
            ) : (
              <>
                <strong>No issues match.</strong> New errors appear here by themselves; this page checks every
                few seconds.
              </>
            )}
          </div>
        ) : (
          <ul className="issue-list" data-testid="issue-list">
            {items.map((issue) => (
              <IssueRow
                key={issue.id}
                issue={issue}
                org={org}
                period={period}
                selected={selected.has(issue.id)}
                fresh={fresh.has(issue.id)}
                onToggle={toggle}
              />
            ))}
          </ul>
        )}
      </section>
      <Pagination
        previous={issues.data?.previousCursor ?? null}
        next={issues.data?.nextCursor ?? null}
        onCursor={(cursor) => {
          setSearch(writeStreamParams({ ...params, cursor }));
          window.scrollTo({ top: 0 });
        }}
      />
    </div>
  );
}
