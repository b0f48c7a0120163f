// Actions on the selected conversations: assign, team, status, priority, labels.
import { Affix, Button, Group, Menu, Paper, TagsInput, Text, Transition } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconTag, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import type { Member } from '../members/api';
import { PRIORITIES, STATUSES, type ConversationPatch } from './api';
import { useBulkChange } from './hooks';
import { priorityLabels, statusLabels } from './labels';

type Props = { ids: string[]; members: Member[]; teams: { id: string; name: string }[]; onClear: () => void };

export function BulkBar({ ids, members, teams, onClear }: Props) {
  const bulk = useBulkChange();
  const [labels, setLabels] = useState<string[]>([]);
  const apply = (patch: ConversationPatch, what: string) =>
    bulk.mutate(
      { ids, patch },
      {
        onSuccess: (result) => {
          notifications.show({ color: 'teal', message: `${what}: ${result.updated} conversation${result.updated === 1 ? '' : 's'}.` });
          onClear();
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  const menu = (label: string, items: { key: string; label: string; onClick: () => void }[]) => (
    <Menu position="top" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />} loading={bulk.isPending}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={320} style={{ overflowY: 'auto' }}>
        {items.map((item) => (
          <Menu.Item key={item.key} onClick={item.onClick}>
            {item.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
  return (
    <Affix position={{ bottom: 20, left: 0, right: 0 }} zIndex={150}>
      <Transition mounted={ids.length > 0} transition="slide-up">
        {(style) => (
          <Group justify="center" style={style}>
            <Paper shadow="lg" withBorder radius="md" p="xs" px="md" role="region" aria-label="Bulk actions">
              <Group gap="sm" wrap="wrap">
                <Text size="sm" fw={600}>
                  {ids.length} selected
                </Text>
                {menu('Assign', [{ key: 'none', label: 'Nobody', onClick: () => apply({ assigneeMemberId: null }, 'Unassigned') }, ...members.map((member) => ({ key: member.id, label: member.name, onClick: () => apply({ assigneeMemberId: member.id }, `Assigned to ${member.name}`) }))])}
                {menu('Team', [{ key: 'none', label: 'No team', onClick: () => apply({ teamId: null }, 'Team removed') }, ...teams.map((team) => ({ key: team.id, label: team.name, onClick: () => apply({ teamId: team.id }, `Moved to ${team.name}`) }))])}
                {menu('Status', STATUSES.filter((status) => status !== 'snoozed').map((status) => ({ key: status, label: statusLabels[status], onClick: () => apply({ status }, statusLabels[status]) })))}
                {menu('Priority', PRIORITIES.map((priority) => ({ key: priority, label: priorityLabels[priority], onClick: () => apply({ priority }, `Priority ${priorityLabels[priority].toLowerCase()}`) })))}
                <Group gap={4} wrap="nowrap">
                  <TagsInput size="xs" placeholder="Labels to add" value={labels} onChange={setLabels} w={160} aria-label="Labels to add to the selected conversations" />
                  <Button
                    size="xs"
                    leftSection={<IconTag size={14} />}
                    disabled={labels.length === 0}
                    onClick={() => {
                      apply({ addLabels: labels.map((label) => label.trim().toLowerCase()) }, `Labelled ${labels.join(', ')}`);
                      setLabels([]);
                    }}
                  >
                    Label
                  </Button>
                </Group>
                <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
                  Clear
                </Button>
              </Group>
            </Paper>
          </Group>
        )}
      </Transition>
    </Affix>
  );
}
