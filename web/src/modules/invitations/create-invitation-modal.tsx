import { Alert, Button, Group, Modal, MultiSelect, NativeSelect, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../lib/api';
import { exactTime } from '../../lib/dates';
import { SecretField } from '../../ui/secret-field';
import { useTeams } from '../teams/hooks';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { grantableRoles, roleLabels } from '../workspaces/roles';
import { ROLES, type Role } from '../workspaces/types';
import type { CreatedInvitation } from './api';
import { useCreateInvitation } from './hooks';

function isRole(value: string | null): value is Role {
  return ROLES.some((role) => role === value);
}

/** Mount only while open, so each invitation starts from an empty form. */
export function CreateInvitationModal({ onClose }: { onClose: () => void }) {
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [round, setRound] = useState(0);

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{created ? 'Invitation link ready' : 'Invite people'}</Text>} centered size="lg">
      {created ? (
        <InvitationCreated
          invitation={created}
          onClose={onClose}
          onAnother={() => {
            setCreated(null);
            setRound((value) => value + 1);
          }}
        />
      ) : (
        <InvitationForm key={round} onCreated={setCreated} onCancel={onClose} />
      )}
    </Modal>
  );
}

function InvitationForm({ onCreated, onCancel }: { onCreated: (invitation: CreatedInvitation) => void; onCancel: () => void }) {
  const { workspace } = useCurrentWorkspace();
  const roles = grantableRoles(workspace.role);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | null>(roles.includes('agent') ? 'agent' : (roles.at(-1) ?? null));
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const teams = useTeams();
  const create = useCreateInvitation();
  const errors = fieldErrors(create.error);
  const general = formError(create.error, ['email', 'role', 'teamIds']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!role) return;
    create.mutate({ email: email.trim() || null, role, teamIds }, { onSuccess: onCreated });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Create a link and send it to the people you want to invite, by email or chat. It works for 7 days.
        </Text>
        {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
        <TextInput
          label="Email (optional)"
          type="email"
          placeholder="name@company.com"
          description="When set, only this address can use the link. Leave empty for a link anyone can use once."
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          data-autofocus
        />
        <NativeSelect
          label="Role"
          required
          data={roles.map((value) => ({ value, label: roleLabels[value] }))}
          value={role ?? ''}
          onChange={(event) => setRole(isRole(event.currentTarget.value) ? event.currentTarget.value : null)}
          error={errors.role}
          description="What they may do once they join. You can change it later."
        />
        <MultiSelect
          label="Teams"
          placeholder={teams.data?.length === 0 ? 'No teams yet' : 'Add to teams (optional)'}
          data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          value={teamIds}
          onChange={setTeamIds}
          disabled={teams.data?.length === 0}
          searchable
          clearable
          error={errors.teamIds}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!role}>
            Create invitation link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function InvitationCreated({ invitation, onClose, onAnother }: { invitation: CreatedInvitation; onClose: () => void; onAnother: () => void }) {
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon color="teal" variant="light" radius="xl" size="lg">
          <IconCheck size={18} />
        </ThemeIcon>
        <Text size="sm">
          {invitation.email ? (
            <>
              Send this link to <b>{invitation.email}</b>; only they can use it to join as <b>{roleLabels[invitation.role]}</b>.
            </>
          ) : (
            <>
              Anyone who opens this link can join once as <b>{roleLabels[invitation.role]}</b>. Share it privately.
            </>
          )}{' '}
          It expires {exactTime(invitation.expiresAt)}.
        </Text>
      </Group>
      <SecretField value={invitation.url} label="invitation link" testId="invitation-link" />
      <Text size="xs" c="dimmed">
        For security the link is shown only now. If you lose it, revoke the invitation and create a new one.
      </Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onAnother}>
          Invite someone else
        </Button>
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}
