import { badInput } from '../errors.js';

/**
 * A Discover field: a plain column to group by, an aggregate function over the group, or Sentry's
 * `project_threshold_config` (the `[metric, threshold]` that `apdex()` uses for the group's rows).
 */
export type Field =
  | { kind: 'column'; name: 'transaction' | 'project' | 'project.id'; alias: string }
  | { kind: 'aggregate'; fn: AggregateFn; measurement: string | null; param: number | null; alias: string }
  | { kind: 'threshold'; alias: string };

/** Sentry's field holding each row's configured threshold. */
export const THRESHOLD_CONFIG_FIELD = 'project_threshold_config';

/** The aggregate functions Faultline answers, as Sentry's Discover spells them. */
export type AggregateFn =
  | 'count'
  | 'count_unique_user'
  | 'avg'
  | 'max'
  | 'min'
  | 'p50'
  | 'p75'
  | 'p90'
  | 'p95'
  | 'p99'
  | 'p100'
  | 'tpm'
  | 'epm'
  | 'failure_rate'
  | 'apdex'
  | 'user_misery';

const PERCENTILES = new Set(['p50', 'p75', 'p90', 'p95', 'p99', 'p100', 'avg', 'max', 'min']);
const COLUMNS = new Set(['transaction', 'project', 'project.id']);

/**
 * Parses `count()`, `p95(transaction.duration)`, `p75(measurements.lcp)`, `apdex(300)`,
 * `user_misery(300)`, `count_unique(user)`, … The alias is the field string itself, which is how
 * Sentry keys each result row.
 */
export function parseField(raw: string): Field {
  const field = raw.trim();
  if (COLUMNS.has(field)) return { kind: 'column', name: field as 'transaction', alias: field };
  if (field === THRESHOLD_CONFIG_FIELD) return { kind: 'threshold', alias: field };
  const m = /^([a-z_0-9]+)\(([^)]*)\)$/.exec(field);
  if (!m) throw badInput(`Unknown field: ${field}`);
  const fn = m[1]!;
  const arg = m[2]!.trim();
  const aggregate = (
    f: AggregateFn,
    measurement: string | null = null,
    param: number | null = null,
  ): Field => ({
    kind: 'aggregate',
    fn: f,
    measurement,
    param,
    alias: field,
  });
  if (fn === 'count' && (arg === '' || arg === 'id')) return aggregate('count');
  if (fn === 'count_unique' && (arg === 'user' || arg === 'user.id')) return aggregate('count_unique_user');
  if (fn === 'tpm' || fn === 'epm' || fn === 'failure_rate') return aggregate(fn);
  if (fn === 'apdex' || fn === 'user_misery') {
    const t = arg === '' ? null : Number(arg);
    if (t !== null && !(Number.isFinite(t) && t > 0)) throw badInput(`Invalid threshold in ${field}`);
    return aggregate(fn, null, t);
  }
  if (PERCENTILES.has(fn)) {
    if (arg === '' || arg === 'transaction.duration') return aggregate(fn as AggregateFn);
    const measurement = /^measurements\.([a-z_.]+)$/.exec(arg)?.[1];
    if (measurement) return aggregate(fn as AggregateFn, measurement);
  }
  throw badInput(`Unsupported field: ${field}`);
}

/** Sentry's `meta.fields` type of a field's values. */
export function fieldType(f: Field): string {
  if (f.kind === 'column') return f.name === 'project.id' ? 'integer' : 'string';
  if (f.kind === 'threshold') return 'string';
  switch (f.fn) {
    case 'count':
    case 'count_unique_user':
      return 'integer';
    case 'failure_rate':
      return 'percentage';
    case 'tpm':
    case 'epm':
    case 'apdex':
    case 'user_misery':
      return 'number';
    default:
      return f.measurement === 'cls' ? 'number' : 'duration';
  }
}
