// Which organization pages without one in their URL (account settings, admin) should link back to:
// the one in the URL if any, else the last one visited, else the first the user belongs to.

import { useParams } from 'react-router';
import { useOrganizations } from './queries';

const KEY = 'faultline.lastOrg';

/** Remembers the organization being looked at. */
export function rememberOrg(slug: string): void {
  try {
    localStorage.setItem(KEY, slug);
  } catch {
    // Private browsing may refuse storage; the fallback is the first organization.
  }
}

function remembered(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The organization in context, or null while unknown or when the user has none. */
export function useCurrentOrg(): string | null {
  const params = useParams();
  const orgs = useOrganizations();
  if (params.org) return params.org;
  const list = orgs.data ?? [];
  const last = remembered();
  if (last && list.some((o) => o.slug === last)) return last;
  return list[0]?.slug ?? null;
}
