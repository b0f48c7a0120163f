import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSetupStatus, useSignOut } from '../modules/accounts/hooks';
import { CurrentWorkspaceProvider } from '../modules/workspaces/current-workspace';
import { NoWorkspace } from '../modules/workspaces/no-workspace';
import { AuthLayout } from '../ui/auth-layout';
import { FullPageLoader } from '../ui/full-page-loader';
import { QueryError } from '../ui/query-error';
import { AppLayout } from './app-layout';

/** Until the first account exists, every route leads to /setup; afterwards /setup is closed. */
export function SetupGate() {
  const setup = useSetupStatus();
  const location = useLocation();

  if (setup.isPending) return <FullPageLoader />;
  if (setup.isError) {
    return (
      <AuthLayout title="Parley is not responding" description="The server could not be reached.">
        <QueryError error={setup.error} onRetry={() => void setup.refetch()} />
      </AuthLayout>
    );
  }
  const onSetupPage = location.pathname === '/setup';
  if (setup.data.needsSetup && !onSetupPage) return <Navigate to="/setup" replace />;
  // Just set up (or already done): signed in, the login page sends on to `next` (the demo's mentions).
  if (!setup.data.needsSetup && onSetupPage) return <Navigate to={`/login${location.search}`} replace />;
  return <Outlet />;
}

export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <AuthLayout title="Parley is not responding" description="Your account could not be loaded.">
        <QueryError error={me.error} onRetry={() => void me.refetch()} />
      </AuthLayout>
    );
  }
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <CurrentWorkspaceProvider
      me={me.data}
      fallback={<NoWorkspace onSignOut={() => signOut.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })} />}
    >
      <AppLayout user={me.data.user} />
    </CurrentWorkspaceProvider>
  );
}
