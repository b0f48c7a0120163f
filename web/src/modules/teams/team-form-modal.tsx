import { Alert, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { errorCode, fieldErrors, formError } from '../../lib/api';
import type { Team } from './api';
import { useCreateTeam, useUpdateTeam } from './hooks';

/** Creates a team, or edits one when `team` is given. Mount it only while open so it starts fresh. */
export function TeamFormModal({ team, onClose, onSaved }: { team?: Team; onClose: () => void; onSaved?: (team: Team) => void }) {
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const mutation = team ? update : create;
  const errors = fieldErrors(mutation.error);
  const nameTaken = errorCode(mutation.error) === 'team.name_taken';
  const general = nameTaken ? null : formError(mutation.error, ['name', 'description']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { name: name.trim(), description: description.trim() };
    const onSuccess = (saved: Team) => {
      notifications.show({ color: 'teal', message: team ? `Team “${saved.name}” saved.` : `Team “${saved.name}” created.` });
      onSaved?.(saved);
      onClose();
    };
    if (team) update.mutate({ teamId: team.id, input }, { onSuccess });
    else create.mutate(input, { onSuccess });
  };

  return (
    <Modal opened onClose={onClose} title={team ? 'Edit team' : 'Create a team'} centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput
            label="Team name"
            placeholder="e.g. Support EMEA"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameTaken ? 'A team with this name already exists.' : errors.name}
            data-autofocus
          />
          <Textarea
            label="Description"
            placeholder="What this team takes care of"
            autosize
            minRows={2}
            maxRows={5}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={name.trim() === ''}>
              {team ? 'Save team' : 'Create team'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
