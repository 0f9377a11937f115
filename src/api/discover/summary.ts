import type { Storage } from '../../storage/storage.js';
import type {
  TransactionFilter,
  TransactionRollupRow,
  TransactionRow,
} from '../../storage/performance-types.js';
import type { ProjectRecord } from '../../storage/types.js';
import {
  aggregateValue,
  sourceFromRollups,
  sourceFromRows,
  type GroupSource,
  type ThresholdOf,
} from './aggregate.js';
import type { Field } from './fields.js';

/** Up to this many transactions in the window, answers are computed exactly from the rows. */
export const EXACT_LIMIT = 10_000;

type Row = Record<string, string | number | null>;

/**
 * Runs an aggregate Discover query: groups by the column fields (transaction, project), computes each
 * aggregate, exactly from raw rows when the window holds at most {@link EXACT_LIMIT} transactions, else
 * from the hourly roll-ups (approximate percentiles, exact counts and users).
 */
export async function aggregateQuery(
  storage: Storage,
  filter: TransactionFilter,
  fields: Field[],
  projects: Map<number, ProjectRecord>,
  thresholdOf: ThresholdOf,
): Promise<Row[]> {
  const byName = fields.some((f) => f.kind === 'column' && f.name === 'transaction');
  const byProject = fields.some((f) => f.kind === 'column' && f.name !== 'transaction');
  const keyOf = (projectId: number, name: string) =>
    `${byProject ? projectId : ''}\u0000${byName ? name : ''}`;
  const sources = new Map<string, { projectId: number; name: string; source: GroupSource }>();

  // The roll-ups cover every hour the window touches, so their count bounds the window's: counting the
  // rows instead would read every one of a large window's rows just to decide not to use them.
  const rollups = await storage.listTransactionRollups(filter);
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
    const users = await slowUserCounts(storage, filter, fields, thresholdOf, keyOf);
    for (const [key, rollups] of groups) {
      const u = users.get(key);
      sources.set(key, {
        projectId: rollups[0]!.projectId,
        name: rollups[0]!.name,
        source: sourceFromRollups(rollups, {
          users: u?.users ?? 0,
          slowUsers: (msOf) => {
            let n = 0;
            for (const [projectId, slow] of u?.slow ?? []) n += slow.get(msOf(projectId)) ?? 0;
            return n;
          },
        }),
      });
    }
  }

  const windowMinutes = (filter.until - filter.since) / 60_000;
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
      } else {
        row[f.alias] = aggregateValue(f, source, windowMinutes, thresholdOf);
      }
    }
    return row;
  });
}

/** Distinct users per group, and per project the users slower than each 4T a user_misery field needs. */
async function slowUserCounts(
  storage: Storage,
  filter: TransactionFilter,
  fields: Field[],
  thresholdOf: ThresholdOf,
  keyOf: (projectId: number, name: string) => string,
): Promise<Map<string, { users: number; slow: Map<number, Map<number, number>> }>> {
  const out = new Map<string, { users: number; slow: Map<number, Map<number, number>> }>();
  const wanted = new Set<number>();
  for (const f of fields) {
    if (f.kind !== 'aggregate' || (f.fn !== 'user_misery' && f.fn !== 'count_unique_user')) continue;
    if (f.fn === 'user_misery' && f.param !== null) wanted.add(4 * f.param);
    else for (const projectId of filter.projectIds) wanted.add(4 * thresholdOf(projectId));
  }
  for (const [i, slowMs] of [...wanted].entries()) {
    for (const u of await storage.transactionUsers(filter, slowMs)) {
      const key = keyOf(u.projectId, u.name);
      const entry = out.get(key) ?? { users: 0, slow: new Map<number, Map<number, number>>() };
      // Every threshold returns the same distinct-user totals; count them once.
      if (i === 0) entry.users += u.users;
      const perProject = entry.slow.get(u.projectId) ?? new Map<number, number>();
      perProject.set(slowMs, (perProject.get(slowMs) ?? 0) + u.slowUsers);
      entry.slow.set(u.projectId, perProject);
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
