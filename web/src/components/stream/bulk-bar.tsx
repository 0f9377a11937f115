import { SORTS } from '../../lib/stream-params';
import type { IssueStatus } from '../../lib/types';

/** The stream's header row: select-all, bulk status actions, the sort, and the column names. */
export function BulkBar({
  total,
  selected,
  busy,
  onSelectAll,
  onStatus,
  period,
  sort,
  onSort,
}: {
  total: number;
  selected: number;
  busy: boolean;
  onSelectAll: (all: boolean) => void;
  onStatus: (status: IssueStatus) => void;
  period: string;
  sort: string;
  onSort: (sort: string) => void;
}) {
  const none = selected === 0 || busy;
  return (
    <div className="stream-head">
      <input
        type="checkbox"
        aria-label="Select all issues on this page"
        checked={total > 0 && selected === total}
        ref={(el) => {
          if (el) el.indeterminate = selected > 0 && selected < total;
        }}
        onChange={(e) => onSelectAll(e.target.checked)}
      />
      <div className="bulk-actions">
        <button type="button" className="btn btn-small" disabled={none} onClick={() => onStatus('resolved')}>
          Resolve
        </button>
        <button type="button" className="btn btn-small" disabled={none} onClick={() => onStatus('ignored')}>
          Ignore
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={none}
          onClick={() => onStatus('unresolved')}
        >
          Unresolve
        </button>
        {selected > 0 && <span className="muted">{selected} selected</span>}
        <label className="sort">
          <span>Sort by</span>
          <select value={sort} onChange={(e) => onSort(e.target.value)}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="col-graph">{period}</div>
      <div className="col-num">Events</div>
      <div className="col-num">Users</div>
    </div>
  );
}
