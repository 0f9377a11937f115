import type { FastifyInstance } from 'fastify';
import { requireCaller, requireOrganization } from '../auth.js';
import type { ApiContext } from '../context.js';
import { badInput } from '../errors.js';
import { all, first, isoDate, parsePeriod } from '../format.js';

const GROUP_KEYS = new Set(['outcome', 'category', 'reason', 'project']);
const HOUR = 3_600_000;

/**
 * Sentry's `stats_v2` outcome totals: where every item of the organization's projects went (accepted,
 * filtered, invalid, rate limited, client discard) and why, per hour.
 */
export async function statsRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Params: { org: string } }>('/api/0/organizations/:org/stats_v2/', async (req) => {
    const caller = await requireCaller(ctx.storage, req);
    const { org } = await requireOrganization(ctx.storage, caller, req.params.org);
    const q = req.query as Record<string, string | string[] | undefined>;
    const periodMs = parsePeriod(first(q.statsPeriod) ?? '24h');
    if (periodMs === null) throw badInput('Invalid statsPeriod');
    const groupBy = all(q.groupBy);
    for (const g of groupBy) if (!GROUP_KEYS.has(g)) throw badInput(`Invalid groupBy: ${g}`);
    const wanted = all(q.project).filter((p) => p !== '-1');
    const projects = (await ctx.storage.listProjects(org.id)).filter(
      (p) => wanted.length === 0 || wanted.includes(String(p.id)),
    );
    const end = Date.now() - (Date.now() % HOUR) + HOUR;
    const start = end - Math.ceil(periodMs / HOUR) * HOUR;
    const rows = await ctx.storage.listOutcomes(
      start,
      projects.map((p) => p.id),
    );
    const intervals: number[] = [];
    for (let t = start; t < end; t += HOUR) intervals.push(t);
    const groups = new Map<
      string,
      { by: Record<string, string | number>; series: number[]; total: number }
    >();
    for (const row of rows) {
      const by: Record<string, string | number> = {};
      for (const g of groupBy) by[g] = g === 'project' ? (row.projectId ?? 0) : row[g as 'outcome'];
      const key = JSON.stringify(by);
      let group = groups.get(key);
      if (!group) {
        group = { by, series: intervals.map(() => 0), total: 0 };
        groups.set(key, group);
      }
      const i = Math.floor((row.hour - start) / HOUR);
      if (group.series[i] !== undefined) group.series[i] += row.quantity;
      group.total += row.quantity;
    }
    return {
      start: isoDate(start),
      end: isoDate(end),
      intervals: intervals.map((t) => isoDate(t)),
      groups: [...groups.values()].map((g) => ({
        by: g.by,
        totals: { 'sum(quantity)': g.total },
        series: { 'sum(quantity)': g.series },
      })),
    };
  });
}
