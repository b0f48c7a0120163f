import { Badge, Button, Table, Text } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { shortDate } from '../../lib/dates';
import { DataTable } from '../../ui/data-table';
import type { Team } from './api';

export function TeamsTable({ teams, onOpen }: { teams: Team[]; onOpen: (teamId: string) => void }) {
  return (
    <DataTable
      label="Teams"
      minWidth={560}
      highlightOnHover
      head={
        <>
          <Table.Th>Team</Table.Th>
          <Table.Th>Members</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th w={120} />
        </>
      }
    >
      {teams.map((team) => (
        <Table.Tr key={team.id} onClick={() => onOpen(team.id)} style={{ cursor: 'pointer' }}>
          <Table.Td>
            <Text size="sm" fw={500}>
              {team.name}
            </Text>
            {team.description && (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {team.description}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Badge variant="light" color="gray" radius="sm">
              {team.memberCount} {team.memberCount === 1 ? 'member' : 'members'}
            </Badge>
          </Table.Td>
          <Table.Td>
            <Text size="sm" c="dimmed">
              {shortDate(team.createdAt)}
            </Text>
          </Table.Td>
          <Table.Td>
            <Button
              variant="subtle"
              size="xs"
              rightSection={<IconChevronRight size={14} />}
              onClick={(event) => {
                event.stopPropagation();
                onOpen(team.id);
              }}
              aria-label={`Open ${team.name}`}
            >
              Open
            </Button>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
