import { Navigate, useParams } from 'react-router';
import { ErrorState, Loading } from '../components/page-state';
import { seg } from '../lib/api';
import { useCurrentOrg } from '../lib/current-org';
import { useOrganizations } from '../lib/queries';

/** `/`: straight to the issues of the organization in context, or to creating the first one. */
export function Home() {
  const orgs = useOrganizations();
  const params = useParams();
  const current = useCurrentOrg();
  if (orgs.isPending) return <Loading />;
  if (orgs.isError) return <ErrorState error={orgs.error} />;
  if (params.org) return <Navigate to={`/organizations/${seg(params.org)}/issues/`} replace />;
  if (!current) return <Navigate to="/organizations/new/" replace />;
  return <Navigate to={`/organizations/${seg(current)}/issues/`} replace />;
}
