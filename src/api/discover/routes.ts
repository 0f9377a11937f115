import type { FastifyInstance } from 'fastify';
import type { TransactionRow } from '../../storage/performance-types.js';
import { requireCaller, requireOrganization } from '../auth.js';
import type { ApiContext } from '../context.js';
import { readLimit } from '../cursor.js';
import { badInput } from '../errors.js';
import { all, first, isoDate } from '../format.js';
import { fieldType, parseField, type Field } from './fields.js';
import { readTransactionFilter } from './filter.js';
import { aggregateQuery, sortRows } from './summary.js';
import { seriesQuery } from './series.js';
import { buildTrace } from './trace.js';
import { loadConfiguredRule } from '../thresholds/configured.js';

type Query = Record<string, string | string[] | undefined>;

/** Whether any field judges transactions by their configured thresholds (overrides included). */
function usesConfigured(fields: Field[]): boolean {
  return fields.some(
    (f) =>
      f.kind === 'threshold' ||
      (f.kind === 'aggregate' && f.param === null && (f.fn === 'apdex' || f.fn === 'user_misery')),
  );
}

/** Measurements a raw row can list as `measurements.<name>` (the web vitals and their parts). */
const MEASUREMENT_FIELDS = ['lcp', 'fcp', 'fp', 'cls', 'inp', 'fid', 'ttfb', 'ttfb.requesttime'];

/** Raw (non-aggregate) fields a Discover row can list. */
const RAW_FIELDS: Record<string, (r: TransactionRow, slug: string) => unknown> = {
  id: (r) => r.eventId,
  transaction: (r) => r.name,
  'transaction.duration': (r) => r.durationMs,
  'transaction.op': (r) => r.op,
  'transaction.status': (r) => r.status,
  timestamp: (r) => isoDate(r.startTimestamp + r.durationMs),
  trace: (r) => r.traceId,
  project: (_r, slug) => slug,
  'project.id': (r) => r.projectId,
  release: (r) => r.release,
  environment: (r) => r.environment,
  'user.display': (r) => r.userKey,
  replayId: (r) => r.replayId,
  // One value per row, so a client can rate each page load (good/meh/poor shares of a web vital).
  ...Object.fromEntries(
    MEASUREMENT_FIELDS.map((name) => [
      `measurements.${name}`,
      (r: TransactionRow) => r.measurements[name]?.value ?? null,
    ]),
  ),
};

/** `meta.fields` type of a raw field: durations in ms, other measurements plain numbers. */
function rawFieldType(name: string): string {
  if (name === 'transaction.duration') return 'duration';
  if (!name.startsWith('measurements.')) return 'string';
  return name === 'measurements.cls' ? 'number' : 'duration';
}

/** Discover for transactions: `/events/` tables, `/events-stats/` series and the trace view. */
export async function discoverRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  type P = { org: string; traceId: string };

  app.get<{ Params: P }>('/api/0/organizations/:org/events/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const q = req.query as Query;
    const dataset = first(q.dataset) ?? 'transactions';
    if (dataset !== 'transactions' && dataset !== 'discover')
      throw badInput(`Unsupported dataset: ${dataset}`);
    const names = all(q.field);
    if (names.length === 0) throw badInput('At least one field is required.');
    if (names.length > 30) throw badInput('At most 30 fields.');
    const projects = await ctx.storage.listProjects(org.id);
    const filter = readTransactionFilter(req, projects);
    const bySlug = new Map(projects.map((p) => [p.id, p]));
    const limit = readLimit(first(q.per_page) ?? first(q.limit), 50);
    const rawOnly = names.every((n) => n in RAW_FIELDS);
    if (rawOnly) {
      const order =
        first(q.sort) === '-transaction.duration'
          ? 'slowest'
          : first(q.sort) === 'transaction.duration'
            ? 'fastest'
            : 'newest';
      const rows = await ctx.storage.listTransactionRows(filter, limit, order);
      return {
        data: rows.map((r) =>
          Object.fromEntries(names.map((n) => [n, RAW_FIELDS[n]!(r, bySlug.get(r.projectId)?.slug ?? '')])),
        ),
        meta: {
          fields: Object.fromEntries(names.map((n) => [n, rawFieldType(n)])),
        },
      };
    }
    const fields = names.map(parseField);
    const configured = await loadConfiguredRule(ctx.storage, projects, filter, usesConfigured(fields));
    const rows = sortRows(
      await aggregateQuery(ctx.storage, filter, fields, bySlug, configured),
      first(q.sort),
    );
    return {
      data: rows.slice(0, limit),
      meta: {
        fields: Object.fromEntries(fields.map((f) => [f.alias, fieldType(f)])),
        units: Object.fromEntries(
          fields.map((f) => [f.alias, fieldType(f) === 'duration' ? 'millisecond' : null]),
        ),
      },
    };
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/events-stats/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const q = req.query as Query;
    const projects = await ctx.storage.listProjects(org.id);
    const filter = readTransactionFilter(req, projects);
    const yAxes = all(q.yAxis).length > 0 ? all(q.yAxis) : ['count()'];
    const fields = yAxes.map(parseField);
    if (fields.some((f) => f.kind !== 'aggregate')) throw badInput('yAxis must be aggregate functions.');
    const interval = intervalMs(first(q.interval), filter.until - filter.since);
    const aggregates = fields.filter((f) => f.kind === 'aggregate');
    const configured = await loadConfiguredRule(ctx.storage, projects, filter, usesConfigured(aggregates));
    const series = await seriesQuery(ctx.storage, filter, aggregates, interval, configured);
    // Sentry answers 0, not null, for a bucket with nothing in it.
    const points = (y: string) =>
      series.buckets.map((b): [number, Array<{ count: number }>] => [
        b.time / 1000,
        [{ count: b.values[y] ?? 0 }],
      ]);
    const shape = (y: string) => ({
      data: points(y),
      start: series.start / 1000,
      end: filter.until / 1000,
      isMetricsData: false,
    });
    return yAxes.length === 1 ? shape(yAxes[0]!) : Object.fromEntries(yAxes.map((y) => [y, shape(y)]));
  });

  app.get<{ Params: P }>('/api/0/organizations/:org/events-trace/:traceId/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const traceId = req.params.traceId.toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(traceId)) throw badInput('Invalid trace id.');
    const projects = await ctx.storage.listProjects(org.id);
    return buildTrace(ctx.storage, traceId, projects);
  });
}

/** Bucket size for a series: Sentry's `interval` (`1m`, `5m`, `1h`, `1d`), at most 200 buckets. */
function intervalMs(raw: string | undefined, windowMs: number): number {
  const unit: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
  const m = /^(\d+)([mhd])$/.exec(raw ?? '');
  let ms = m ? Number(m[1]) * unit[m[2]!]! : 3_600_000;
  while (windowMs / ms > 200) ms *= 2;
  return ms;
}
