import { Outlet, useLocation } from 'react-router';
import { useCurrentOrg } from '../../lib/current-org';
import type { User } from '../../lib/types';
import { ErrorBoundary } from '../error-boundary';
import { Sidebar } from './sidebar';

/** The signed-in frame: navigation on the left, the page on the right. */
export function AppShell({ me }: { me: User }) {
  const org = useCurrentOrg();
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <Sidebar org={org} me={me} />
      <main className="content">
        <ErrorBoundary key={pathname}>
          <Outlet />
        </ErrorBoundary>
      </main>
    </div>
  );
}
