import { useNavigate } from 'react-router';
import { SetupForm } from '../modules/accounts/setup-form';
import { AuthLayout } from '../ui/auth-layout';

export function SetupPage() {
  const navigate = useNavigate();
  return (
    <AuthLayout
      title="Welcome to Parley"
      description="Let’s set up your installation. You will be the owner of the first workspace and can invite your team right after."
    >
      <SetupForm onDone={(withDemo) => void navigate(withDemo ? '/listening' : '/', { replace: true })} />
    </AuthLayout>
  );
}
