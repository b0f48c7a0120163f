import { ActionIcon, Avatar, Divider, Drawer, Group, Loader, Select, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash, IconUserMinus, IconUsersGroup } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { EmptyState } from '../../ui/empty-state';
import { QueryError } from '../../ui/query-error';
import { useMemberOptions } from '../members/hooks';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { useDeleteTeam, useSetTeamMembership, useTeam } from './hooks';
import { TeamFormModal } from './team-form-modal';

export function TeamDrawer({ teamId, onClose }: { teamId: string | null; onClose: () => void }) {
  return (
    <Drawer opened={teamId !== null} onClose={onClose} position="right" size="md" title={<Text fw={600}>Team</Text>}>
      {teamId && <TeamDetails teamId={teamId} onDeleted={onClose} />}
    </Drawer>
  );
}

function TeamDetails({ teamId, onDeleted }: { teamId: string; onDeleted: () => void }) {
  const { can } = useCurrentWorkspace();
  const canManage = can('teams.manage');
  const team = useTeam(teamId);
  const options = useMemberOptions(canManage);
  const membership = useSetTeamMembership();
  const remove = useDeleteTeam();
  const [editing, setEditing] = useState(false);
  const [pendingMember, setPendingMember] = useState<string | null>(null);

  if (team.isPending) {
    return (
      <Stack>
        <Skeleton height={28} width="60%" />
        <Skeleton height={16} />
        <Skeleton height={120} />
      </Stack>
    );
  }
  if (team.isError) return <QueryError error={team.error} onRetry={() => void team.refetch()} />;

  const current = team.data;
  const inTeam = new Set(current.members.map((member) => member.id));
  const addable = (options.data ?? []).filter((member) => !inTeam.has(member.id));

  const changeMembership = (memberId: string, member: boolean, label: string) => {
    setPendingMember(memberId);
    membership.mutate(
      { teamId, memberId, member },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: member ? `${label} added to ${current.name}.` : `${label} removed from ${current.name}.` }),
        onError: (error) => notifications.show({ color: 'red', title: 'The team was not changed', message: errorMessage(error) }),
        onSettled: () => setPendingMember(null),
      },
    );
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={2} fz="xl">
            {current.name}
          </Title>
          <Text size="sm" c="dimmed">
            {current.description || 'No description.'}
          </Text>
        </Stack>
        {canManage && (
          <Group gap={4} wrap="nowrap">
            <Tooltip label="Edit team" withArrow>
              <ActionIcon variant="default" size="lg" onClick={() => setEditing(true)} aria-label="Edit team">
                <IconPencil size={18} />
              </ActionIcon>
            </Tooltip>
            <ConfirmActionButton
              icon={<IconTrash size={18} />}
              tooltip="Delete team"
              variant="default"
              size="lg"
              title={`Delete ${current.name}?`}
              confirmLabel="Delete team"
              pending={remove.isPending}
              error={remove.error ? errorMessage(remove.error) : null}
              onConfirm={async () => {
                await remove.mutateAsync(teamId);
                notifications.show({ color: 'teal', message: `Team “${current.name}” deleted.` });
                onDeleted();
              }}
            >
              The team is deleted; its members stay in the workspace.
            </ConfirmActionButton>
          </Group>
        )}
      </Group>

      {canManage && (
        <Select
          label="Add a member"
          placeholder={options.isPending ? 'Loading members…' : addable.length === 0 ? 'Everyone is already in this team' : 'Search by name or email'}
          searchable
          clearable
          value={null}
          disabled={addable.length === 0}
          rightSection={membership.isPending && pendingMember && !inTeam.has(pendingMember) ? <Loader size="xs" /> : undefined}
          data={addable.map((member) => ({ value: member.id, label: `${member.name || member.email} · ${member.email}` }))}
          nothingFoundMessage="No member matches"
          onChange={(memberId) => {
            const member = addable.find((candidate) => candidate.id === memberId);
            if (member) changeMembership(member.id, true, member.name || member.email);
          }}
        />
      )}

      <Divider label={`${current.members.length} ${current.members.length === 1 ? 'member' : 'members'}`} labelPosition="left" />

      {current.members.length === 0 ? (
        <EmptyState
          bordered={false}
          icon={<IconUsersGroup size={24} />}
          title="Nobody in this team yet"
          description={canManage ? 'Add workspace members with the search box above.' : 'A manager or admin can add members to this team.'}
        />
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {current.members.map((member) => (
            <Group key={member.id} component="li" justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <Avatar size={32} radius="xl" color="initials" name={member.name || member.email} />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>
                    {member.name || member.email}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {member.email}
                  </Text>
                </Stack>
              </Group>
              {canManage && (
                <Tooltip label="Remove from team" withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    loading={pendingMember === member.id}
                    onClick={() => changeMembership(member.id, false, member.name || member.email)}
                    aria-label={`Remove ${member.email} from ${current.name}`}
                  >
                    <IconUserMinus size={18} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}

      {editing && <TeamFormModal team={current} onClose={() => setEditing(false)} />}
    </Stack>
  );
}
