// The agent's own availability for assignment (round-robin and capacity pick only available agents),
// with how many open conversations they hold against their capacity.
import { Badge, Button, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, request, type One } from '../../lib/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { inboxKey } from './hooks';

type Availability = 'online' | 'away' | 'offline';
type AgentStatus = { memberId: string; availability: Availability; capacity: number; openConversations: number };

const LABELS: Record<Availability, { label: string; color: string; hint: string }> = {
  online: { label: 'Online', color: 'teal', hint: 'New conversations can be assigned to you' },
  away: { label: 'Away', color: 'yellow', hint: 'Nothing new is assigned to you for now' },
  offline: { label: 'Offline', color: 'gray', hint: 'Nothing new is assigned to you' },
};

export function AvailabilityMenu() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const key = inboxKey(workspace.id, 'agent-status');
  const status = useQuery({ queryKey: key, queryFn: async () => (await request<One<AgentStatus>>('/agent-status', { workspaceId: workspace.id })).data, retry: false });
  const change = useMutation({
    mutationFn: async (availability: Availability) => (await request<One<AgentStatus>>('/agent-status', { method: 'PUT', body: { availability }, workspaceId: workspace.id })).data,
    onSuccess: (data) => queryClient.setQueryData(key, data),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  if (!status.data) return null;
  const current = LABELS[status.data.availability];
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" rightSection={<IconChevronDown size={14} />} leftSection={<Badge circle size="xs" color={current.color} aria-hidden> </Badge>} loading={change.isPending} aria-label={`Your availability: ${current.label}`}>
          {current.label}
          <Text span size="xs" c="dimmed" ml={6} title="Open conversations assigned to you / your capacity">
            {status.data.openConversations}/{status.data.capacity}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(Object.keys(LABELS) as Availability[]).map((availability) => (
          <Menu.Item key={availability} onClick={() => change.mutate(availability)} leftSection={<Badge circle size="xs" color={LABELS[availability].color} aria-hidden> </Badge>}>
            <Text size="sm">{LABELS[availability].label}</Text>
            <Text size="xs" c="dimmed">
              {LABELS[availability].hint}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
