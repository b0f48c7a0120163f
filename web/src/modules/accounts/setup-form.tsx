import { Alert, Button, Checkbox, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldErrors, formError } from '../../lib/api';
import { useCompleteSetup } from './hooks';

const FIELDS = ['name', 'email', 'password', 'workspaceName'];

/** `onDone(withDemo)`: setup finished; with the demo, the demo workspace is the current one. */
export function SetupForm({ onDone }: { onDone: (withDemo: boolean) => void }) {
  const [values, setValues] = useState({ name: '', email: '', password: '', workspaceName: '' });
  const [withDemo, setWithDemo] = useState(false);
  const navigate = useNavigate();
  const setup = useCompleteSetup();
  const errors = fieldErrors(setup.error);
  const general = formError(setup.error, FIELDS);
  const passwordTooShort = values.password.length > 0 && values.password.length < 10;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Once set up, the setup page closes through the sign-in page, which sends on to `next`.
    if (withDemo) void navigate('/setup?next=%2Flistening', { replace: true });
    setup.mutate({ ...values, withDemo }, { onSuccess: () => onDone(withDemo) });
  };
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        <TextInput label="Your name" required autoComplete="name" value={values.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errors.name} data-autofocus autoFocus />
        <TextInput label="Email" type="email" required autoComplete="email" value={values.email} onChange={(e) => set('email')(e.currentTarget.value)} error={errors.email} />
        <PasswordInput
          label="Password"
          required
          autoComplete="new-password"
          description="At least 10 characters."
          value={values.password}
          onChange={(e) => set('password')(e.currentTarget.value)}
          error={errors.password}
          aria-invalid={passwordTooShort || Boolean(errors.password)}
        />
        <TextInput
          label="Workspace name"
          required
          description="Usually your company or brand. You can rename it later."
          value={values.workspaceName}
          onChange={(e) => set('workspaceName')(e.currentTarget.value)}
          error={errors.workspaceName}
        />
        <Checkbox
          label="Also try Parley with demo data"
          description="A separate workspace about a fictional coffee brand and two competitors, with a week of sample mentions in six languages. Takes a few seconds."
          checked={withDemo}
          onChange={(e) => setWithDemo(e.currentTarget.checked)}
        />
        <Button type="submit" size="md" loading={setup.isPending} fullWidth mt="xs">
          {setup.isPending && withDemo ? 'Creating your workspaces…' : 'Create workspace'}
        </Button>
      </Stack>
    </form>
  );
}
