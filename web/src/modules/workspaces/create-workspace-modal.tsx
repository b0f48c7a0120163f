import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../lib/api';
import type { WorkspaceSummary } from './api';
import { useCreateWorkspace } from './hooks';

/** Mount only while open so the form starts empty each time. */
export function CreateWorkspaceModal({ onClose, onCreated }: { onClose: () => void; onCreated: (workspace: WorkspaceSummary) => void }) {
  const [name, setName] = useState('');
  const create = useCreateWorkspace();
  const errors = fieldErrors(create.error);
  const general = formError(create.error, ['name']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim() },
      {
        onSuccess: (workspace) => {
          notifications.show({ color: 'teal', message: `Workspace “${workspace.name}” created. You are its owner.` });
          onCreated(workspace);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Create a workspace</Text>} centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            A workspace has its own members, teams, channels and data. Use one per company or brand you run separately.
          </Text>
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label="Workspace name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={name.trim() === ''}>
              Create workspace
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
