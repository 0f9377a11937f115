// The three Discover reads behind the web vitals panel: p75 per page, p75 over all pages (the headline
// score), and the latest raw page loads (for good/meh/poor shares, which need one value per load).

import { discoverQuery, type PerfParams } from './perf-params';
import { useDiscover } from './perf-queries';
import { VITAL_AGGREGATE_FIELDS, VITAL_P75_FIELDS, VITAL_RAW_FIELDS } from './web-vitals';

/** How many page loads the shares are counted over (the route's page limit). */
export const SHARE_SAMPLE = 100;

/** Web vitals of the page loads in `projectIds` (the browser projects in view); off when there are none. */
export function useWebVitals(org: string, params: PerfParams, projectIds: string[]) {
  const enabled = projectIds.length > 0;
  const scope = { op: 'pageload', projects: projectIds };
  const pages = useDiscover(
    org,
    discoverQuery(params, scope, VITAL_AGGREGATE_FIELDS, { sort: '-count()', perPage: 10 }),
    enabled,
  );
  const overall = useDiscover(
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
  return { enabled, pages, overall, loads };
}
