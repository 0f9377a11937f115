import { formatDuration } from '../../lib/perf-format';
import type { WaterfallRow } from '../../lib/waterfall';
import { KeyValueTable } from '../key-value-table';

/** A span's details under its row: ids, times relative to the start, status, and its data as text. */
export function SpanDetail({ row, start }: { row: WaterfallRow; start: number }) {
  const span = row.span;
  const rows: Array<[string, unknown]> = [
    ['op', row.op],
    ['description', row.label],
    ['status', row.status ?? '—'],
    ['starts at', `+${formatDuration((row.start - start) * 1000)}`],
    ['duration', formatDuration((row.end - row.start) * 1000)],
  ];
  if (span) {
    rows.push(['span id', span.span_id], ['parent span id', span.parent_span_id ?? '—']);
    if (span.exclusive_time !== null) rows.push(['self time', formatDuration(span.exclusive_time)]);
    for (const [k, v] of Object.entries(span.data ?? {})) rows.push([k, v]);
  }
  return (
    <div className="wf-detail">
      <KeyValueTable rows={rows} />
    </div>
  );
}
