import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorCode, fieldErrors, formError } from '../../lib/api';
import { useSignIn } from './hooks';

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn();
  const errors = fieldErrors(signIn.error);
  const code = errorCode(signIn.error);
  const general =
    code === 'auth.invalid_credentials' ? 'That email and password do not match an account.' : formError(signIn.error, ['email', 'password']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: onSignedIn });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {general && (
          <Alert color={code === 'rate_limited' ? 'orange' : 'red'} variant="light" role="alert">
            {general}
          </Alert>
        )}
        <TextInput label="Email" type="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} autoFocus />
        <PasswordInput label="Password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
        <Button type="submit" size="md" loading={signIn.isPending} fullWidth mt="xs">
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
