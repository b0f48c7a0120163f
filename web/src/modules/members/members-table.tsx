import { Avatar, Badge, Group, Table, Text } from '@mantine/core';
import { shortDate } from '../../lib/dates';
import { DataTable } from '../../ui/data-table';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import type { Member } from './api';
import { MemberRoleSelect } from './member-role-select';
import { RemoveMemberButton } from './remove-member-button';

function initials(member: Member): string {
  const source = member.name.trim() || member.email;
  const parts = source.split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

export function MembersTable({ members, currentUserId }: { members: Member[]; currentUserId: string }) {
  const { can } = useCurrentWorkspace();
  const canManage = can('members.manage');

  return (
    <DataTable
      label="Workspace members"
      minWidth={720}
      highlightOnHover
      head={
        <>
          <Table.Th>Name</Table.Th>
          <Table.Th>Email</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>Teams</Table.Th>
          <Table.Th>Joined</Table.Th>
          <Table.Th w={56}>
            <Text span size="sm" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
              Actions
            </Text>
          </Table.Th>
        </>
      }
    >
      {members.map((member) => {
        const isSelf = member.userId === currentUserId;
        return (
          <Table.Tr key={member.id}>
            <Table.Td>
              <Group gap="sm" wrap="nowrap">
                <Avatar size={32} radius="xl" color="initials" name={member.name || member.email}>
                  {initials(member)}
                </Avatar>
                <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                  {member.name || '—'}
                </Text>
                {isSelf && (
                  <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
                    You
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {member.email}
              </Text>
            </Table.Td>
            <Table.Td>
              <MemberRoleSelect member={member} />
            </Table.Td>
            <Table.Td>
              {member.teams.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No team
                </Text>
              ) : (
                <Group gap={4}>
                  {member.teams.map((team) => (
                    <Badge key={team.id} variant="light" radius="sm" tt="none">
                      {team.name}
                    </Badge>
                  ))}
                </Group>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {shortDate(member.createdAt)}
              </Text>
            </Table.Td>
            <Table.Td>{canManage && <RemoveMemberButton member={member} isSelf={isSelf} />}</Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
}
