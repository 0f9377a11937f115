// The span-op breakdown of one transaction (Relay's `breakdowns.span_ops`: time covered by `http.*`,
// `db.*`, `browser.*`, `resource.*` and `ui.*` spans, overlaps counted once). Transaction items arrive
// with it computed; v2 span segments (JS SDK v11's default) do not, so it is computed here from the spans
// with the server's own pure function.

import { BREAKDOWN_OPS, opBreakdown } from '../../../src/perf/math';
import type { TransactionEvent } from './perf-types';
import { readSpans } from './transaction-event';

/** One part of the breakdown: the op family, its time in ms, its share of the transaction. */
export interface BreakdownPart {
  op: string;
  ms: number;
  share: number;
}

/** The breakdown parts with time, largest first; shares are of the transaction's duration. */
export function spanOpBreakdown(event: TransactionEvent): BreakdownPart[] {
  const durationMs = Math.max(0, (event.endTimestamp - event.startTimestamp) * 1000);
  const given = event.breakdowns?.span_ops;
  const ms: Record<string, number> = {};
  if (given && Object.keys(given).length > 0) {
    for (const [key, v] of Object.entries(given)) {
      if (key.startsWith('ops.') && typeof v?.value === 'number') ms[key.slice(4)] = v.value;
    }
  } else {
    const computed = opBreakdown(
      readSpans(event).map((s) => ({
        op: s.op,
        startTimestamp: s.start_timestamp * 1000,
        endTimestamp: s.timestamp * 1000,
      })),
    );
    for (const op of BREAKDOWN_OPS) {
      const value = computed[`ops.${op}`];
      if (value !== undefined) ms[op] = value;
    }
  }
  return Object.entries(ms)
    .filter(([, v]) => v > 0)
    .map(([op, v]) => ({ op, ms: v, share: durationMs > 0 ? Math.min(1, v / durationMs) : 0 }))
    .sort((a, b) => b.ms - a.ms);
}
