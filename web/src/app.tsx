import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AppShell } from './components/layout/app-shell';
import { ErrorState, Loading, NotFound } from './components/page-state';
import { useMe, useSetupState } from './lib/session';
import { ApiTokens } from './scenes/api-tokens';
import { GettingStarted } from './scenes/getting-started';
import { Home } from './scenes/home';
import { IssueDetail } from './scenes/issue-detail';
import { IssueStream } from './scenes/issue-stream';
import { Login } from './scenes/login';
import { ManageUsers } from './scenes/manage-users';
import { Members } from './scenes/members';
import { NewOrganization } from './scenes/new-organization';
import { NewProject } from './scenes/new-project';
import { Performance } from './scenes/performance';
import { ProjectSettings } from './scenes/project-settings';
import { ReplayList } from './scenes/replay-list';
import { Projects } from './scenes/projects';
import { Setup } from './scenes/setup';
import { Teams } from './scenes/teams';
import { TraceView } from './scenes/trace-view';
import { TransactionEvent } from './scenes/transaction-event';
import { TransactionSummary } from './scenes/transaction-summary';

// The replay player brings rrweb (as large as the rest of the UI): loaded only when a replay is opened.
const ReplayDetail = lazy(() => import('./scenes/replay-detail').then((m) => ({ default: m.ReplayDetail })));

/**
 * Everything behind sign-in. First start (no user yet) goes to setup; no session goes to login with the
 * page to come back to.
 */
function SignedIn() {
  const setup = useSetupState();
  const me = useMe();
  const location = useLocation();
  if (setup.isPending || me.isPending) return <Loading />;
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (me.isError) return <ErrorState error={me.error} what="session" />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AppShell me={me.data} />;
}

/** The URL map. Shapes follow Sentry's, so permalinks the API hands out open here. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route path="/setup" element={<Setup />} />
      <Route element={<SignedIn />}>
        <Route index element={<Home />} />
        <Route path="/organizations/new" element={<NewOrganization />} />
        <Route path="/organizations/:org" element={<Home />} />
        <Route path="/organizations/:org/issues" element={<IssueStream />} />
        <Route path="/organizations/:org/issues/:issueId" element={<IssueDetail />} />
        <Route path="/organizations/:org/issues/:issueId/events/:eventId" element={<IssueDetail />} />
        <Route path="/organizations/:org/performance" element={<Performance />} />
        <Route path="/organizations/:org/performance/summary" element={<TransactionSummary />} />
        <Route path="/organizations/:org/performance/trace/:traceId" element={<TraceView />} />
        <Route path="/organizations/:org/performance/:eventSlug" element={<TransactionEvent />} />
        <Route path="/organizations/:org/replays" element={<ReplayList />} />
        <Route
          path="/organizations/:org/replays/:replayId"
          element={
            <Suspense fallback={<Loading what="Loading player" />}>
              <ReplayDetail />
            </Suspense>
          }
        />
        <Route path="/organizations/:org/projects" element={<Projects />} />
        <Route path="/organizations/:org/projects/new" element={<NewProject />} />
        <Route path="/organizations/:org/projects/:project/getting-started" element={<GettingStarted />} />
        <Route path="/settings/account/api/auth-tokens" element={<ApiTokens />} />
        <Route path="/settings/:org/projects/:project" element={<ProjectSettings />} />
        <Route path="/settings/:org/members" element={<Members />} />
        <Route path="/settings/:org/teams" element={<Teams />} />
        <Route path="/manage/users" element={<ManageUsers />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
