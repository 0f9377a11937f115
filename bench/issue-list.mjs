import { Pool } from 'undici';
import { bump, summarize } from './stats.mjs';

/** The issue-list requests timed: the web UI's default view, its variants, and Sentry's implied default. */
export const ISSUE_QUERIES = [
  '?query=&statsPeriod=14d',
  '?query=is:unresolved&statsPeriod=14d',
  '?query=is:unresolved&sort=freq&statsPeriod=14d',
  '?query=is:unresolved&sort=new&statsPeriod=14d&cursor=0:5000:0',
  '?statsPeriod=24h',
  '?query=is:unresolved%20browser:%22Chrome%20131.0%22&statsPeriod=14d',
  // Matches no issue: the tag filter has to look at every issue, the worst case of a tag search.
  '?query=is:unresolved%20browser:Chrome&statsPeriod=14d',
  '?query=is:unresolved%20timeout&statsPeriod=14d',
];

/**
 * Times GET /api/0/projects/acme/bench/issues/ one request at a time (the latency a user waits, not
 * a throughput), after a few unmeasured warm-up requests.
 * @param {{ origin: string, token: string, queries?: string[], requests: number, warmup?: number }} o
 */
export async function timeIssueList({ origin, token, queries = ISSUE_QUERIES, requests, warmup = 10 }) {
  const pool = new Pool(origin, { connections: 1 });
  const headers = { authorization: `Bearer ${token}` };
  const results = [];
  for (const query of queries) {
    const path = `/api/0/projects/acme/bench/issues/${query}`;
    const latencies = [];
    const statuses = new Map();
    let items = NaN;
    let failure = '';
    for (let i = 0; i < warmup + requests; i++) {
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path, headers });
      const text = await res.body.text();
      const ms = performance.now() - t0;
      bump(statuses, String(res.statusCode));
      if (res.statusCode !== 200) failure ||= `${res.statusCode}: ${text.slice(0, 300)}`;
      else items = JSON.parse(text).length;
      if (i >= warmup) latencies.push(ms);
    }
    results.push({ query, items, statuses: Object.fromEntries(statuses), failure, ...summarize(latencies) });
  }
  await pool.close();
  return results;
}
