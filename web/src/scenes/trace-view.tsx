import { Link, useParams } from 'react-router';
import { ErrorState, Loading, NotFound } from '../components/page-state';
import { Waterfall } from '../components/perf/waterfall';
import { RelativeTime } from '../components/relative-time';
import { seg } from '../lib/api';
import { formatDuration, isoFromSeconds } from '../lib/perf-format';
import { useTrace, useTransactionEvents } from '../lib/perf-queries';
import { traceCounts, traceRows, traceTransactions } from '../lib/trace-tree';
import { readSpans } from '../lib/transaction-event';
import { timeRange } from '../lib/waterfall';
import { useTitle } from '../lib/use-title';

/** `/organizations/:org/performance/trace/:traceId/`: every transaction, span and error of a trace. */
export function TraceView() {
  const { org, traceId } = useParams() as { org: string; traceId: string };
  const valid = /^[0-9a-f]{32}$/i.test(traceId);
  useTitle(`Trace ${traceId.slice(0, 8)}`, 'Performance');
  const trace = useTrace(org, traceId.toLowerCase(), valid);
  const transactions = trace.data ? traceTransactions(trace.data) : [];
  const events = useTransactionEvents(
    org,
    transactions.map((t) => ({ project: t.project_slug, eventId: t.event_id })),
  );

  if (!valid) return <NotFound what="trace" />;
  if (trace.isPending) return <Loading what="Loading trace" />;
  if (trace.isError) return <ErrorState error={trace.error} what="trace" />;
  const spans = new Map(
    transactions.map((t, i) => [t.event_id, events[i]?.data ? readSpans(events[i].data) : undefined]),
  );
  const rows = traceRows(trace.data, (id) => spans.get(id));
  if (rows.length === 0) return <NotFound what="trace" />;
  const counts = traceCounts(rows);
  const range = timeRange(rows);
  const loading = events.some((e) => e.isPending);

  return (
    <div className="page page-wide">
      <header className="perf-header">
        <div className="crumbs">
          <Link to={`/organizations/${seg(org)}/performance/`}>Performance</Link>
          <span aria-hidden="true">/</span>
          <span>Trace</span>
        </div>
        <h1>
          Trace <span className="mono trace-id">{traceId.toLowerCase()}</span>
        </h1>
        <div className="perf-meta" data-testid="trace-counts">
          <strong>{formatDuration((range.end - range.start) * 1000)}</strong>
          <span>
            {counts.transactions} transaction{counts.transactions === 1 ? '' : 's'}
          </span>
          <span>
            {counts.spans} span{counts.spans === 1 ? '' : 's'}
          </span>
          <span className={counts.errors > 0 ? 'perf-bad' : undefined}>
            {counts.errors} error{counts.errors === 1 ? '' : 's'}
          </span>
          <span className="muted">{counts.projects.join(', ')}</span>
          <span className="muted">
            <RelativeTime date={isoFromSeconds(range.start)} />
          </span>
          {loading && <span className="muted">loading spans…</span>}
        </div>
      </header>
      <div className="card card-flush">
        <Waterfall org={org} rows={rows} testId="trace-waterfall" />
      </div>
    </div>
  );
}
