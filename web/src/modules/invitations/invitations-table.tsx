import { Badge, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLink, IconTrash } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { DataTable } from '../../ui/data-table';
import { RelativeTime } from '../../ui/relative-time';
import type { Team } from '../teams/api';
import { roleColor, roleLabels } from '../workspaces/roles';
import type { Invitation } from './api';
import { useRevokeInvitation } from './hooks';

export function InvitationsTable({ invitations, teams }: { invitations: Invitation[]; teams: Team[] }) {
  const teamNames = new Map(teams.map((team) => [team.id, team.name]));
  return (
    <DataTable
      label="Pending invitations"
      minWidth={640}
      head={
        <>
          <Table.Th>Invitee</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>Teams</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th>Expires</Table.Th>
          <Table.Th w={56} />
        </>
      }
    >
      {invitations.map((invitation) => (
        <Table.Tr key={invitation.id}>
          <Table.Td>
            {invitation.email ? (
              <Text size="sm" fw={500}>
                {invitation.email}
              </Text>
            ) : (
              <Group gap={6} wrap="nowrap">
                <IconLink size={16} aria-hidden />
                <Text size="sm" c="dimmed">
                  Anyone with the link
                </Text>
              </Group>
            )}
          </Table.Td>
          <Table.Td>
            <Badge variant="light" color={roleColor(invitation.role)} radius="sm">
              {roleLabels[invitation.role]}
            </Badge>
          </Table.Td>
          <Table.Td>
            {invitation.teamIds.length === 0 ? (
              <Text size="sm" c="dimmed">
                —
              </Text>
            ) : (
              <Group gap={4}>
                {invitation.teamIds.map((teamId) => (
                  <Badge key={teamId} variant="outline" radius="sm" tt="none">
                    {teamNames.get(teamId) ?? 'Deleted team'}
                  </Badge>
                ))}
              </Group>
            )}
          </Table.Td>
          <Table.Td>
            <RelativeTime value={invitation.createdAt} />
          </Table.Td>
          <Table.Td>
            <RelativeTime value={invitation.expiresAt} />
          </Table.Td>
          <Table.Td>
            <RevokeInvitationButton invitation={invitation} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function RevokeInvitationButton({ invitation }: { invitation: Invitation }) {
  const revoke = useRevokeInvitation();
  const who = invitation.email ?? 'this link';

  return (
    <ConfirmActionButton
      icon={<IconTrash size={18} />}
      tooltip="Revoke invitation"
      ariaLabel={`Revoke invitation for ${invitation.email ?? 'link'}`}
      title="Revoke this invitation?"
      confirmLabel="Revoke invitation"
      pending={revoke.isPending}
      error={revoke.error ? errorMessage(revoke.error) : null}
      onCancel={revoke.reset}
      onConfirm={async () => {
        await revoke.mutateAsync(invitation.id);
        notifications.show({ color: 'teal', message: 'Invitation revoked; the link no longer works.' });
      }}
    >
      The link sent to {who} will stop working immediately.
    </ConfirmActionButton>
  );
}
