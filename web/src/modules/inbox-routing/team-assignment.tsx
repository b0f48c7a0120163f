import { Loader, NativeSelect, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../lib/api';
import type { Team } from '../teams/api';
import type { AssignmentMethod } from './api';
import { useSetTeamAssignment, useTeamAssignment } from './hooks';

const methods: { value: AssignmentMethod; label: string }[] = [
  { value: 'manual', label: 'Manual: stays in the team queue' },
  { value: 'round_robin', label: 'Round-robin: next available agent' },
  { value: 'capacity', label: 'Capacity: agent with most room' },
];

function TeamRow({ team, canManage }: { team: Team; canManage: boolean }) {
  const assignment = useTeamAssignment(team.id);
  const set = useSetTeamAssignment();
  const online = assignment.data?.agents.filter((agent) => agent.availability === 'online').length ?? 0;
  return (
    <Table.Tr>
      <Table.Td>{team.name}</Table.Td>
      <Table.Td>
        {assignment.data ? (
          <NativeSelect
            aria-label={`Assignment of ${team.name}`}
            data={methods}
            value={assignment.data.assignmentMethod}
            disabled={!canManage || set.isPending}
            onChange={(event) =>
              set.mutate(
                { teamId: team.id, method: event.currentTarget.value as AssignmentMethod },
                { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) },
              )
            }
          />
        ) : (
          <Loader size="xs" />
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {assignment.data ? `${online} of ${assignment.data.agents.length} online` : ''}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** How each team's conversations find an agent once a rule (or a person) gives them to the team. */
export function TeamAssignmentTable({ teams, canManage }: { teams: Team[]; canManage: boolean }) {
  if (teams.length === 0) return <Text size="sm" c="dimmed">No teams yet. Create teams in Settings → Teams to route conversations to them.</Text>;
  return (
    <Table verticalSpacing="xs" data-testid="team-assignment">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Team</Table.Th>
          <Table.Th>Assignment</Table.Th>
          <Table.Th>Agents</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {teams.map((team) => (
          <TeamRow key={team.id} team={team} canManage={canManage} />
        ))}
      </Table.Tbody>
    </Table>
  );
}
