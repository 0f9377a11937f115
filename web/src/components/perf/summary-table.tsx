import { Link } from 'react-router';
import { seg } from '../../lib/api';
import { cellNumber } from '../../lib/perf-format';
import { SUMMARY_COLUMNS, nextSort } from '../../lib/perf-summary';
import type { DiscoverValue } from '../../lib/perf-types';
import { thresholdFromCell, thresholdTitle } from '../../lib/transaction-threshold';

type Row = Record<string, DiscoverValue>;

/** The sort indicator of a header: an arrow on the sorted column. */
function arrow(sort: string, id: string): string {
  if (sort === `-${id}`) return ' ↓';
  if (sort === id) return ' ↑';
  return '';
}

/**
 * Transactions per project with their numbers; headers sort (descending first). Names are text inside a
 * link to the transaction's summary page, never a link of their own. Apdex and misery cells are titled
 * with the threshold the server judged that transaction by.
 */
export function SummaryTable({
  org,
  rows,
  sort,
  onSort,
  detailQuery,
}: {
  org: string;
  rows: Row[];
  sort: string;
  onSort: (sort: string) => void;
  /** The page filters to carry into the detail page (environment, release, period). */
  detailQuery: (row: Row) => string;
}) {
  const header = (id: string, label: string, title: string, numeric = true) => (
    <th
      key={id}
      className={numeric ? 'num' : undefined}
      title={title}
      aria-sort={sort === `-${id}` ? 'descending' : sort === id ? 'ascending' : undefined}
    >
      <button type="button" className="th-sort" onClick={() => onSort(nextSort(sort, id))}>
        {label}
        {arrow(sort, id)}
      </button>
    </th>
  );
  return (
    <table className="table perf-table" data-testid="transaction-summary">
      <thead>
        <tr>
          {header('transaction', 'Transaction', 'Transaction name', false)}
          {header('project', 'Project', 'Project', false)}
          {SUMMARY_COLUMNS.map((c) => header(c.id, c.label, c.title))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const name = String(row.transaction ?? '');
          const t = thresholdTitle(thresholdFromCell(row.project_threshold_config));
          return (
            <tr key={`${String(row['project.id'])}-${name}-${i}`}>
              <td className="perf-name">
                <Link to={`/organizations/${seg(org)}/performance/summary/?${detailQuery(row)}`}>
                  {name || '(no name)'}
                </Link>
              </td>
              <td className="muted">{String(row.project ?? '')}</td>
              {SUMMARY_COLUMNS.map((c) => {
                const value = c.value(row);
                const failing = c.id === 'failure_rate()' && (cellNumber(value) ?? 0) > 0;
                return (
                  <td
                    key={c.id}
                    className={`num${failing ? ' perf-bad' : ''}`}
                    title={c.judged ? t : undefined}
                  >
                    {c.format(value)}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
