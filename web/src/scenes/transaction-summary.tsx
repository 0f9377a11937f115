import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { BarChart } from '../components/bar-chart';
import { ErrorState, Loading } from '../components/page-state';
import { DurationChart } from '../components/perf/duration-chart';
import { HistogramChart } from '../components/perf/histogram-chart';
import { OpBreakdownBar } from '../components/perf/op-breakdown-bar';
import { PerfFilters } from '../components/perf/perf-filters';
import { PerfNumbers } from '../components/perf/perf-numbers';
import { RelatedIssues } from '../components/perf/related-issues';
import { SampleCard } from '../components/perf/sample-card';
import { TransactionList } from '../components/perf/transaction-list';
import { TransactionThreshold } from '../components/perf/transaction-threshold';
import { seg } from '../lib/api';
import { rememberOrg } from '../lib/current-org';
import { histogram, nearest } from '../lib/histogram';
import { spanOpBreakdown } from '../lib/op-breakdown';
import { cellNumber } from '../lib/perf-format';
import { readPerfParams, writePerfParams, type PerfParams } from '../lib/perf-params';
import { useTransactionEvent } from '../lib/perf-queries';
import { useIssues, useProjects } from '../lib/queries';
import { quoteValue } from '../lib/search-query';
import {
  RECENT_LIMIT,
  durationLines,
  headlineNumbers,
  useTransactionDetail,
} from '../lib/transaction-detail';
import { useTitle } from '../lib/use-title';

/**
 * `/organizations/:org/performance/summary/?transaction=…&project=…`: one transaction's numbers, duration
 * over time and histogram, its slowest and a typical sample, where a typical one spends its time, and the
 * errors that happened in it.
 */
export function TransactionSummary() {
  const org = useParams().org!;
  const [search, setSearch] = useSearchParams();
  const transaction = search.get('transaction') ?? '';
  const params = readPerfParams(search);
  useTitle(transaction, 'Performance');
  useEffect(() => rememberOrg(org), [org]);
  const projects = useProjects(org);
  const { numbers, series, recent, slowest } = useTransactionDetail(org, params, transaction);
  const rows = recent.data?.data ?? [];
  const p50 = cellNumber(numbers.data?.data[0]?.['p50()']);
  const typical = p50 === null ? null : nearest(rows, (r) => cellNumber(r['transaction.duration']) ?? 0, p50);
  const typicalEvent = useTransactionEvent(
    org,
    String(typical?.project ?? ''),
    String(typical?.id ?? ''),
    typical !== null,
  );
  const issueQuery = new URLSearchParams({ query: `transaction:${quoteValue(transaction)}`, limit: '5' });
  if (params.project) issueQuery.set('project', params.project);
  if (params.environment) issueQuery.set('environment', params.environment);
  issueQuery.set('statsPeriod', params.statsPeriod);
  issueQuery.set('sort', 'freq');
  const issues = useIssues(org, issueQuery.toString(), false);

  if (!transaction) return <ErrorState error={new Error('No transaction named.')} what="transaction" />;
  const update = (patch: Partial<PerfParams>) =>
    setSearch(writePerfParams({ ...params, ...patch }, { transaction }));
  const lines = durationLines(series.data);
  const durations = rows.flatMap((r) => {
    const d = cellNumber(r['transaction.duration']);
    return d === null ? [] : [d];
  });
  const count = cellNumber(numbers.data?.data[0]?.['count()']) ?? 0;
  const project = params.project ? projects.data?.find((p) => p.id === params.project) : undefined;
  const slug = project?.slug;
  const back = `/organizations/${seg(org)}/performance/?${writePerfParams(params).toString()}`;

  return (
    <div className="page page-wide transaction-summary">
      <header className="perf-header">
        <div className="crumbs">
          <Link to={back}>Performance</Link>
          <span aria-hidden="true">/</span>
          <span>{slug ?? 'all projects'}</span>
        </div>
        <h1 data-testid="transaction-name">{transaction}</h1>
        {numbers.isError ? (
          <ErrorState error={numbers.error} what="transaction" />
        ) : (
          <PerfNumbers items={headlineNumbers(numbers.data?.data[0])} />
        )}
        <TransactionThreshold
          key={`${project?.id ?? ''}:${transaction}`}
          org={org}
          project={project}
          transaction={transaction}
        />
      </header>
      <PerfFilters params={params} projects={projects.data ?? []} onChange={update} />
      <div className="perf-grid">
        <section className="card">
          <h2>Duration over time</h2>
          <DurationChart
            times={lines.times}
            lines={[
              { label: 'p50', className: 'series-p50', values: lines.p50 },
              { label: 'p95', className: 'series-p95', values: lines.p95 },
            ]}
          />
          <h3 className="chart-sub">Throughput</h3>
          <BarChart
            series={lines.counts}
            hourly={params.statsPeriod === '1h' || params.statsPeriod === '24h'}
          />
        </section>
        <section className="card">
          <h2>Duration histogram</h2>
          <HistogramChart buckets={histogram(durations)} marker={p50} />
          {count > RECENT_LIMIT && <p className="muted small">Of the latest {RECENT_LIMIT} transactions.</p>}
          <h3 className="chart-sub">Span operations in the typical sample</h3>
          {typicalEvent.data ? (
            <OpBreakdownBar parts={spanOpBreakdown(typicalEvent.data)} />
          ) : typicalEvent.isError ? (
            <ErrorState error={typicalEvent.error} what="sample" />
          ) : (
            <p className="muted">{typical ? 'Loading…' : 'No sample.'}</p>
          )}
        </section>
      </div>
      <div className="perf-grid">
        <section className="card">
          <h2>Samples</h2>
          <div className="samples">
            <SampleCard
              org={org}
              title="Slowest"
              row={slowest.data?.data[0] ?? null}
              testId="slowest-sample"
            />
            <SampleCard org={org} title="Typical (nearest p50)" row={typical} testId="typical-sample" />
          </div>
        </section>
        <section className="card">
          <h2>Related errors</h2>
          {issues.data ? (
            <RelatedIssues org={org} issues={issues.data.items} />
          ) : issues.isError ? (
            <ErrorState error={issues.error} what="errors" />
          ) : (
            <Loading />
          )}
        </section>
      </div>
      <section className="card">
        <h2>Latest transactions</h2>
        {recent.isError ? (
          <ErrorState error={recent.error} what="transactions" />
        ) : (
          <TransactionList org={org} rows={rows.slice(0, 10)} testId="latest-transactions" />
        )}
      </section>
    </div>
  );
}
