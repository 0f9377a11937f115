import { useState } from 'react';
import { formatDuration } from '../../lib/perf-format';
import { barGeometry, opCategory, timeRange, visibleRows, type WaterfallRow } from '../../lib/waterfall';
import { WaterfallLabel } from './waterfall-label';
import { SpanDetail } from './span-detail';

const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** Statuses that are not a problem; anything else marks the row. */
const FINE = new Set(['ok', 'unknown', 'cancelled', '']);

/**
 * Transactions, spans and errors on one time axis: nested rows (collapsible), each with its bar where it
 * happened, its duration, and its status when it failed. A span row opens its details.
 */
export function Waterfall({ org, rows, testId }: { org: string; rows: WaterfallRow[]; testId?: string }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const range = timeRange(rows);
  const total = (range.end - range.start) * 1000;
  const toggle = (key: string) => {
    const next = new Set(collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setCollapsed(next);
  };
  return (
    <div className="waterfall" data-testid={testId} role="tree">
      <div className="wf-head" aria-hidden="true">
        <div className="wf-label">Operation</div>
        <div className="wf-track">
          {TICKS.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${t * 100}%` }}>
              {formatDuration(t * total)}
            </span>
          ))}
        </div>
      </div>
      {visibleRows(rows, collapsed).map((row) => {
        const { left, width } = barGeometry(row, range);
        const failed = row.status !== null && !FINE.has(row.status);
        const ms = (row.end - row.start) * 1000;
        return (
          <div
            key={row.key}
            className={`wf-row wf-${row.kind}${open === row.key ? ' open' : ''}`}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-expanded={row.childCount > 0 ? !collapsed.has(row.key) : undefined}
          >
            <div className="wf-line">
              <div className="wf-label" style={{ paddingLeft: `${row.depth * 14 + 4}px` }}>
                {row.childCount > 0 ? (
                  <button
                    type="button"
                    className="wf-toggle"
                    aria-label={collapsed.has(row.key) ? 'Expand' : 'Collapse'}
                    onClick={() => toggle(row.key)}
                  >
                    {collapsed.has(row.key) ? `+${row.childCount}` : '−'}
                  </button>
                ) : (
                  <span className="wf-toggle-space" />
                )}
                <WaterfallLabel
                  org={org}
                  row={row}
                  onOpen={() => setOpen(open === row.key ? null : row.key)}
                />
              </div>
              <div className="wf-track">
                {TICKS.slice(1, -1).map((t) => (
                  <span key={t} className="wf-grid" style={{ left: `${t * 100}%` }} />
                ))}
                {row.kind === 'error' ? (
                  <span className="wf-error-mark" style={{ left: `${left}%` }} title={row.label} />
                ) : (
                  <span
                    className={`wf-bar op-${opCategory(row.op)}${failed ? ' failed' : ''}`}
                    style={{ left: `${left}%`, width: `${width}%` }}
                  />
                )}
                {row.kind !== 'error' && (
                  <span
                    className={`wf-duration${left + width > 80 ? ' inside' : ''}`}
                    style={
                      left + width > 80 ? { right: `${100 - left - width}%` } : { left: `${left + width}%` }
                    }
                  >
                    {formatDuration(ms)}
                    {failed && <span className="wf-status"> · {row.status}</span>}
                  </span>
                )}
              </div>
            </div>
            {open === row.key && <SpanDetail row={row} start={range.start} />}
          </div>
        );
      })}
    </div>
  );
}
