import type { FastifyRequest } from 'fastify';
import type { TransactionFilter } from '../../storage/performance-types.js';
import type { ProjectRecord } from '../../storage/types.js';
import { badInput } from '../errors.js';
import { all, first, parsePeriod } from '../format.js';
import { tokenize } from '../issues/query.js';

type Query = Record<string, string | string[] | undefined>;
const DAY = 86_400_000;

/** Ops of INP interaction spans (`ui.interaction.click`, `.press`, `.hover`, `.drag`). */
export const INTERACTION_OP_PREFIX = 'ui.interaction.';

/** The time window of a Discover request: `statsPeriod`, or `start`/`end`, default the last 24 hours. */
export function readWindow(q: Query, now = Date.now()): { since: number; until: number } {
  const period = first(q.statsPeriod);
  if (period) {
    const ms = parsePeriod(period);
    if (ms === null) throw badInput(`Invalid statsPeriod: ${period}`);
    return { since: now - ms, until: now };
  }
  const start = Date.parse(first(q.start) ?? '');
  const end = Date.parse(first(q.end) ?? '');
  if (Number.isFinite(start) && Number.isFinite(end) && end > start) return { since: start, until: end };
  return { since: now - DAY, until: now };
}

/**
 * Builds the transaction filter of a Discover request: projects (`project=<id>`, default all the
 * caller may see), `environment=`, the window, and the `query` terms Faultline understands
 * (`transaction:`, `environment:`, `release:`, `transaction.op:`, `event.type:transaction`; repeated
 * terms of one key mean any of their values).
 *
 * INP interactions (standalone `ui.interaction.*` spans) are not transactions a user asked for: they stay
 * out of every list and aggregate unless the query names an interaction op
 * (`transaction.op:ui.interaction.click`), which is how the web vitals panel reads INP per page.
 */
export function readTransactionFilter(req: FastifyRequest, projects: ProjectRecord[]): TransactionFilter {
  const q = req.query as Query;
  const wanted = all(q.project).filter((p) => p !== '-1');
  const chosen = wanted.length === 0 ? projects : projects.filter((p) => wanted.includes(String(p.id)));
  const filter: TransactionFilter = { projectIds: chosen.map((p) => p.id), ...readWindow(q) };
  const push = (key: 'names' | 'environments' | 'releases' | 'ops', value: string) => {
    filter[key] = [...(filter[key] ?? []), value];
  };
  for (const env of all(q.environment)) push('environments', env);
  for (const token of tokenize(first(q.query) ?? '')) {
    const m = /^([a-z._]+):(.+)$/.exec(token);
    if (!m) throw badInput(`Unsupported search term: ${token}`);
    const value = m[2]!.replace(/^"(.*)"$/, '$1');
    if (m[1] === 'transaction') push('names', value);
    else if (m[1] === 'environment') push('environments', value);
    else if (m[1] === 'release') push('releases', value);
    else if (m[1] === 'transaction.op') push('ops', value);
    else if (m[1] === 'event.type' && value === 'transaction') continue;
    else throw badInput(`Unsupported search term: ${token}`);
  }
  if (filter.ops?.some((op) => op.startsWith(INTERACTION_OP_PREFIX)))
    filter.kinds = ['transaction', 'segment', 'interaction'];
  return filter;
}
