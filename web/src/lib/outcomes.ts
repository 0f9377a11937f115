// Summarises `stats_v2` into what an operator asks first: did events arrive, and where did the others go.

import type { OutcomeStats } from './types';

/** Totals per outcome, and the biggest reasons items were dropped. */
export interface OutcomeSummary {
  accepted: number;
  dropped: Array<{ outcome: string; reason: string; count: number }>;
}

const LABELS: Record<string, string> = {
  filtered: 'filtered',
  rate_limited: 'rate limited',
  invalid: 'invalid',
  client_discard: 'discarded by the SDK',
  abuse: 'refused',
};

/** A readable name for an outcome. */
export const outcomeLabel = (outcome: string): string => LABELS[outcome] ?? outcome;

export function summariseOutcomes(stats: OutcomeStats): OutcomeSummary {
  let accepted = 0;
  const dropped = new Map<string, { outcome: string; reason: string; count: number }>();
  for (const g of stats.groups) {
    const count = g.totals['sum(quantity)'] ?? 0;
    const outcome = String(g.by.outcome ?? '');
    if (outcome === 'accepted') {
      accepted += count;
      continue;
    }
    const reason = String(g.by.reason ?? '');
    const key = `${outcome}\u0000${reason}`;
    const entry = dropped.get(key) ?? { outcome, reason, count: 0 };
    entry.count += count;
    dropped.set(key, entry);
  }
  return {
    accepted,
    dropped: [...dropped.values()].filter((d) => d.count > 0).sort((a, b) => b.count - a.count),
  };
}
