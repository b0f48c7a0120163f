import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { errorCode, fieldErrors, formError } from '../../lib/api';
import type { User } from '../accounts/api';
import type { InvitationLink } from './api';
import { useAcceptInvitation } from './hooks';

type AcceptProps = { token: string; invitation: InvitationLink; user: User | null; onAccepted: () => void };

export function AcceptInvitation({ token, invitation, user, onAccepted }: AcceptProps) {
  const accept = useAcceptInvitation(token);
  const [values, setValues] = useState({ name: '', email: invitation.email ?? '', password: '' });
  const code = errorCode(accept.error);
  const errors = fieldErrors(accept.error);
  const signInPath = `/login?next=${encodeURIComponent(`/invite/${token}`)}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = user ? {} : { name: values.name.trim(), password: values.password, ...(invitation.email ? {} : { email: values.email.trim() }) };
    accept.mutate(body, { onSuccess: onAccepted });
  };

  let problem: ReactNode = null;
  if (code === 'invitation.already_member') {
    problem = (
      <>
        You are already a member of {invitation.workspaceName}.{' '}
        <Anchor component={Link} to="/" size="sm">
          Open Parley
        </Anchor>
      </>
    );
  } else if (code === 'account.email_taken') {
    problem = (
      <>
        An account with this email already exists. <Anchor component={Link} to={signInPath} size="sm">Sign in</Anchor> first, then accept the invitation.
      </>
    );
  } else {
    problem = formError(accept.error, user ? [] : ['name', 'email', 'password']);
  }

  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {problem && (
          <Alert color={code === 'invitation.already_member' ? 'blue' : 'red'} variant="light" role="alert">
            {problem}
          </Alert>
        )}
        {user ? (
          <Text size="sm">
            You are signed in as <b>{user.email}</b>.
          </Text>
        ) : (
          <>
            <TextInput label="Your name" required autoComplete="name" value={values.name} onChange={(e) => set('name')(e.currentTarget.value)} error={errors.name} autoFocus />
            {invitation.email ? (
              <Text size="sm" c="dimmed">
                You will sign in with <b>{invitation.email}</b>, the address this invitation was sent to.
              </Text>
            ) : (
              <TextInput label="Email" type="email" required autoComplete="email" value={values.email} onChange={(e) => set('email')(e.currentTarget.value)} error={errors.email} />
            )}
            <PasswordInput
              label="Password"
              required
              autoComplete="new-password"
              description="At least 10 characters."
              value={values.password}
              onChange={(e) => set('password')(e.currentTarget.value)}
              error={errors.password}
            />
          </>
        )}
        <Button type="submit" size="md" fullWidth loading={accept.isPending} mt="xs">
          Accept invitation
        </Button>
        {!user && (
          <Text size="sm" ta="center">
            <Anchor component={Link} to={signInPath}>
              I already have an account
            </Anchor>
          </Text>
        )}
      </Stack>
    </form>
  );
}
