import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../modules/accounts/hooks';
import { SignInForm } from '../modules/accounts/sign-in-form';
import { safeNext } from '../lib/safe-next';
import { AuthLayout } from '../ui/auth-layout';
import { FullPageLoader } from '../ui/full-page-loader';

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const next = safeNext(params.get('next'));

  if (me.isPending) return <FullPageLoader />;
  if (me.data) return <Navigate to={next} replace />;

  return (
    <AuthLayout
      title="Sign in to Parley"
      description={next.startsWith('/invite/') ? 'Sign in, then accept the invitation.' : 'Welcome back.'}
      footer="New here? Ask a teammate for an invitation link."
    >
      <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />
    </AuthLayout>
  );
}
