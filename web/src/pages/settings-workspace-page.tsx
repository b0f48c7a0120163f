import { Alert, Button, Group, Paper, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../lib/api';
import { exactTime } from '../lib/dates';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { useUpdateWorkspace, useWorkspaceDetails } from '../modules/workspaces/hooks';
import { roleLabels } from '../modules/workspaces/roles';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';

export function SettingsWorkspacePage() {
  const details = useWorkspaceDetails();
  const { workspace } = useCurrentWorkspace();

  return (
    <>
      <PageHeader order={2} title="Workspace" description="The name everyone in this workspace sees." />
      {details.isPending ? (
        <Skeleton height={180} radius="md" />
      ) : details.isError ? (
        <QueryError error={details.error} onRetry={() => void details.refetch()} />
      ) : (
        <Paper withBorder radius="md" p="lg">
          <RenameForm key={details.data.name} name={details.data.name} />
          <Stack gap={2} mt="lg">
            <Text size="xs" c="dimmed">
              Created {exactTime(details.data.createdAt)} · Your role: {roleLabels[workspace.role]}
            </Text>
            <Text size="xs" c="dimmed">
              Workspace id: <code>{details.data.id}</code> (use it as the X-Parley-Workspace header)
            </Text>
          </Stack>
        </Paper>
      )}
    </>
  );
}

function RenameForm({ name: initial }: { name: string }) {
  const { can } = useCurrentWorkspace();
  const [name, setName] = useState(initial);
  const update = useUpdateWorkspace();
  const errors = fieldErrors(update.error);
  const general = formError(update.error, ['name']);
  const allowed = can('workspace.update');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ name: name.trim() }, { onSuccess: (saved) => notifications.show({ color: 'teal', message: `Workspace renamed to “${saved.name}”.` }) });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md" maw={420}>
        {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
        <TextInput
          label="Workspace name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          disabled={!allowed}
          description={allowed ? undefined : 'Only owners and admins can rename the workspace.'}
        />
        {allowed && (
          <Group>
            <Button type="submit" loading={update.isPending} disabled={name.trim() === '' || name.trim() === initial}>
              Save
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
