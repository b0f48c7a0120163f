import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorCode, fieldErrors, formError } from '../../lib/api';
import type { User } from './api';
import { useChangePassword, useUpdateProfile } from './hooks';

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap={4} mb="md">
        <Title order={2} fz="lg" fw={600}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      {children}
    </Paper>
  );
}

export function ProfileNameForm({ user }: { user: User }) {
  const [name, setName] = useState(user.name);
  const update = useUpdateProfile();
  const errors = fieldErrors(update.error);
  const general = formError(update.error, ['name']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: name.trim() }, { onSuccess: () => notifications.show({ color: 'teal', message: 'Your name has been saved.' }) });
  };

  return (
    <Section title="Your details" description="Your name is shown to your teammates and in the audit log.">
      <form onSubmit={submit}>
        <Stack gap="md" maw={420}>
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label="Name" required autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
          <TextInput label="Email" value={user.email} readOnly disabled description="Your email is used to sign in." />
          <Group>
            <Button type="submit" loading={update.isPending} disabled={name.trim() === user.name || name.trim() === ''}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

export function ChangePasswordForm() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = useChangePassword();
  const errors = fieldErrors(change.error);
  const wrongCurrent = errorCode(change.error) === 'auth.invalid_credentials';
  const general = wrongCurrent ? null : formError(change.error, ['currentPassword', 'newPassword']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          notifications.show({ color: 'teal', message: 'Your password has been changed.' });
        },
      },
    );
  };

  return (
    <Section title="Password" description="Use at least 10 characters. Other sessions stay signed in until they expire.">
      <form onSubmit={submit}>
        <Stack gap="md" maw={420}>
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <PasswordInput
            label="Current password"
            required
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.currentTarget.value)}
            error={wrongCurrent ? 'This is not your current password.' : errors.currentPassword}
          />
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNewPassword(e.currentTarget.value)}
            error={errors.newPassword}
            description="At least 10 characters."
          />
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!currentPassword || !newPassword}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
