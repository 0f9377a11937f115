// The Discover reads behind the web vitals panel: p75 per page, p75 over all pages (the headline
// score), and the latest raw page loads (for good/meh/poor shares, which need one value per load);
// and the same for INP from the standalone interaction spans, merged into the page rows.

import { discoverQuery, type PerfParams } from './perf-params';
import { useDiscover } from './perf-queries';
import {
  INP_AGGREGATE_FIELDS,
  INP_OPS,
  INP_RAW_FIELDS,
  VITAL_AGGREGATE_FIELDS,
  VITAL_P75_FIELDS,
  VITAL_RAW_FIELDS,
  withInp,
} from './web-vitals';

/** How many page loads (and interactions) the shares are counted over (the route's page limit). */
export const SHARE_SAMPLE = 100;

/** Web vitals of the page loads in `projectIds` (the browser projects in view); off when there are none. */
export function useWebVitals(org: string, params: PerfParams, projectIds: string[]) {
  const enabled = projectIds.length > 0;
  const scope = { op: 'pageload', projects: projectIds };
  const inpScope = { ops: INP_OPS, projects: projectIds };
  const pageRows = useDiscover(
    org,
    discoverQuery(params, scope, VITAL_AGGREGATE_FIELDS, { sort: '-count()', perPage: 10 }),
    enabled,
  );
  const overallRow = useDiscover(
    org,
    // No column fields: one row over every page load.
    discoverQuery(params, scope, ['count()', ...VITAL_P75_FIELDS], { perPage: 1 }),
    enabled,
  );
  const loads = useDiscover(
    org,
    discoverQuery(params, scope, VITAL_RAW_FIELDS, { perPage: SHARE_SAMPLE }),
    enabled,
  );
  const inpPages = useDiscover(
    org,
    discoverQuery(params, inpScope, INP_AGGREGATE_FIELDS, { sort: '-count()', perPage: 50 }),
    enabled,
  );
  const inpOverall = useDiscover(
    org,
    discoverQuery(params, inpScope, ['p75(measurements.inp)'], { perPage: 1 }),
    enabled,
  );
  const interactions = useDiscover(
    org,
    discoverQuery(params, inpScope, INP_RAW_FIELDS, { perPage: SHARE_SAMPLE }),
    enabled,
  );
  const inpRows = inpPages.data?.data ?? [];
  const pages = pageRows.data ? withInp(pageRows.data.data, inpRows) : undefined;
  const overallInp = inpOverall.data?.data[0]?.['p75(measurements.inp)'] ?? null;
  const overallPage = overallRow.data?.data[0] ?? null;
  const overall =
    overallPage && overallInp !== null
      ? { ...overallPage, 'p75(measurements.inp)': overallInp }
      : overallPage;
  return {
    enabled,
    pages,
    overall,
    loads: loads.data?.data ?? [],
    interactions: interactions.data?.data ?? [],
  };
}
