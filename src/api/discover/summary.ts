import type { Storage } from '../../storage/storage.js';
import type {
  TransactionFilter,
  TransactionRollupRow,
  TransactionRow,
} from '../../storage/performance-types.js';
import type { ProjectRecord } from '../../storage/types.js';
import { scaledTable, type ThresholdRule } from '../../perf/thresholds.js';
import { aggregateValue, sourceFromRollups, sourceFromRows, type GroupSource } from './aggregate.js';
import type { Field } from './fields.js';
import { misery, rulesForUsers, type UserCounts } from './user-counts.js';

/** Up to this many transactions in the window, answers are computed exactly from the rows. */
export const EXACT_LIMIT = 10_000;

/** A Discover cell: `project_threshold_config` is the one that is a pair. */
export type Cell = string | number | null | [string, number];
type Row = Record<string, Cell>;

/**
 * Runs an aggregate Discover query: groups by the column fields (transaction, project), computes each
 * aggregate, exactly from raw rows when the window holds at most {@link EXACT_LIMIT} transactions, else
 * from the hourly roll-ups (approximate percentiles, exact counts and users). `configured` is each
 * transaction's own threshold, for `apdex()`, `user_misery()` and `project_threshold_config`.
 */
export async function aggregateQuery(
  storage: Storage,
  filter: TransactionFilter,
  fields: Field[],
  projects: Map<number, ProjectRecord>,
  configured: ThresholdRule,
): Promise<Row[]> {
  const byName = fields.some((f) => f.kind === 'column' && f.name === 'transaction');
  const byProject = fields.some((f) => f.kind === 'column' && f.name !== 'transaction');
  const keyOf = (projectId: number, name: string) =>
    `${byProject ? projectId : ''}\u0000${byName ? name : ''}`;
  const sources = new Map<string, { projectId: number; name: string; source: GroupSource }>();

  // The roll-ups cover every hour the window touches, so their count bounds the window's: counting the
  // rows instead would read every one of a large window's rows just to decide not to use them.
  // Totals over the window only, so its whole days may come from the day roll-ups (24 times fewer rows).
  const rollups = await storage.listTransactionRollups(filter, { days: true });
  const bound = rollups.reduce((n, r) => n + r.count, 0);
  // One more than the limit tells a window the roll-ups undercount (interactions still unnamed) apart.
  const rows = bound <= EXACT_LIMIT ? await storage.listTransactionRows(filter, EXACT_LIMIT + 1) : null;
  if (rows && rows.length <= EXACT_LIMIT) {
    const groups = new Map<string, TransactionRow[]>();
    for (const row of rows) {
      const key = keyOf(row.projectId, row.name);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    for (const [key, rows] of groups) {
      sources.set(key, { projectId: rows[0]!.projectId, name: rows[0]!.name, source: sourceFromRows(rows) });
    }
  } else {
    const groups = new Map<string, TransactionRollupRow[]>();
    for (const r of rollups) {
      const key = keyOf(r.projectId, r.name);
      const group = groups.get(key);
      if (group) group.push(r);
      else groups.set(key, [r]);
    }
    const users = await userCounts(storage, filter, rulesForUsers(fields, configured), keyOf);
    for (const [key, rollups] of groups) {
      sources.set(key, {
        projectId: rollups[0]!.projectId,
        name: rollups[0]!.name,
        source: sourceFromRollups(rollups, misery(users.get(key))),
      });
    }
  }

  const windowMinutes = (filter.until - filter.since) / 60_000;
  // A row's threshold is known when it holds one project and one transaction name.
  const oneProject = byProject || filter.projectIds.length === 1;
  const oneName = byName || filter.names?.length === 1;
  return [...sources.values()].map(({ projectId, name, source }) => {
    const row: Row = {};
    for (const f of fields) {
      if (f.kind === 'column') {
        row[f.alias] =
          f.name === 'transaction'
            ? name
            : f.name === 'project'
              ? (projects.get(projectId)?.slug ?? null)
              : projectId;
      } else if (f.kind === 'threshold') {
        const t = configured.of(projectId, name);
        row[f.alias] = oneProject && oneName ? [t.metric, t.ms] : null;
      } else {
        row[f.alias] = aggregateValue(f, source, windowMinutes, configured);
      }
    }
    return row;
  });
}

/**
 * Distinct users per group, and per rule the miserable ones: one storage query per rule, grouped by
 * project and transaction, summed into the groups.
 */
async function userCounts(
  storage: Storage,
  filter: TransactionFilter,
  rules: ThresholdRule[],
  keyOf: (projectId: number, name: string) => string,
): Promise<Map<string, UserCounts>> {
  const out = new Map<string, UserCounts>();
  for (const [i, rule] of rules.entries()) {
    for (const u of await storage.transactionUsers(filter, scaledTable(rule.table, 4), { days: true })) {
      const key = keyOf(u.projectId, u.name);
      const entry = out.get(key) ?? { users: 0, miserable: new Map<string, number>() };
      // Every rule returns the same distinct-user totals; count them once.
      if (i === 0) entry.users += u.users;
      entry.miserable.set(rule.key, (entry.miserable.get(rule.key) ?? 0) + u.slowUsers);
      out.set(key, entry);
    }
  }
  return out;
}

/** Sorts rows by Sentry's `sort` parameter (`-count()`, `transaction`, …). */
export function sortRows(rows: Row[], sort: string | undefined): Row[] {
  if (!sort) return rows;
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const dir = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key] ?? null;
    const y = b[key] ?? null;
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * dir;
  });
}
