// The conversation's header: who and where, and the controls agents use all day (status, snooze,
// priority, assignee, team, labels), with the SLA timers.
import { ActionIcon, Badge, Button, Group, Menu, Popover, Select, Stack, TagsInput, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCheck, IconClock, IconTag } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../lib/api';
import { dayjs } from '../../lib/dates';
import type { Member } from '../members/api';
import { PRIORITIES, type Conversation, type ConversationPatch } from './api';
import { useChangeConversation } from './hooks';
import { ChannelMark, priorityLabels, SlaTimers, StatusBadge, VisibilityBadge } from './labels';

export const SNOOZE_CHOICES: { label: string; until: () => Date }[] = [
  { label: 'For an hour', until: () => dayjs().add(1, 'hour').toDate() },
  { label: 'Until this evening (18:00)', until: () => (dayjs().hour() < 17 ? dayjs().hour(18).minute(0).second(0) : dayjs().add(3, 'hour')).toDate() },
  { label: 'Until tomorrow 9:00', until: () => dayjs().add(1, 'day').hour(9).minute(0).second(0).toDate() },
  { label: 'Until next week', until: () => dayjs().add(7, 'day').hour(9).minute(0).second(0).toDate() },
];

type Props = {
  conversation: Conversation;
  members: Member[];
  teams: { id: string; name: string }[];
  canManage: boolean;
  snoozeOpen: boolean;
  onSnoozeOpen: (open: boolean) => void;
  labelsOpen: boolean;
  onLabelsOpen: (open: boolean) => void;
  onBack: () => void;
};

export function ConversationHeader({ conversation, members, teams, canManage, snoozeOpen, onSnoozeOpen, labelsOpen, onLabelsOpen, onBack }: Props) {
  const change = useChangeConversation();
  const [labels, setLabels] = useState<string[]>(conversation.labels);
  const apply = (patch: ConversationPatch, what?: string) =>
    change.mutate(
      { conversationId: conversation.id, patch },
      { onSuccess: () => what && notifications.show({ message: what, autoClose: 1500 }), onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) },
    );
  const who = conversation.contact?.name ?? 'Unknown contact';
  const resolved = conversation.status === 'resolved';

  return (
    <Stack gap={8} p="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Tooltip label="Back to the queue (Esc)" withArrow>
            <ActionIcon variant="subtle" color="gray" onClick={onBack} aria-label="Back to the queue">
              <IconArrowLeft size={18} />
            </ActionIcon>
          </Tooltip>
          <ChannelMark type={conversation.channelType} name={conversation.channelName} />
          <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
            <Title order={2} fz="md" fw={650} lineClamp={1}>
              {who}
            </Title>
            <Text size="xs" c="dimmed" truncate>
              {conversation.subject ?? conversation.channelName}
            </Text>
          </Stack>
        </Group>
        {canManage && (
          <Group gap={6} wrap="nowrap">
            <Menu opened={snoozeOpen} onChange={onSnoozeOpen} position="bottom-end">
              <Menu.Target>
                <Button size="xs" variant="default" leftSection={<IconClock size={14} />}>
                  Snooze
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {SNOOZE_CHOICES.map((choice) => (
                  <Menu.Item key={choice.label} onClick={() => apply({ status: 'snoozed', snoozedUntil: choice.until().toISOString() }, 'Snoozed')}>
                    {choice.label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Button size="xs" color={resolved ? 'gray' : 'teal'} variant={resolved ? 'default' : 'filled'} leftSection={<IconCheck size={14} />} loading={change.isPending} onClick={() => apply({ status: resolved ? 'open' : 'resolved' }, resolved ? 'Reopened' : 'Resolved')}>
              {resolved ? 'Reopen' : 'Resolve'}
            </Button>
          </Group>
        )}
      </Group>
      <Group gap={6} wrap="wrap">
        <VisibilityBadge visibility={conversation.visibility} />
        <StatusBadge status={conversation.status} />
        {conversation.status === 'snoozed' && conversation.snoozedUntil && (
          <Text size="xs" c="dimmed">
            until {dayjs(conversation.snoozedUntil).format('ddd D MMM HH:mm')}
          </Text>
        )}
        <Select
          size="xs"
          w={110}
          aria-label="Priority"
          data={PRIORITIES.map((value) => ({ value, label: priorityLabels[value] }))}
          value={conversation.priority}
          onChange={(value) => value && apply({ priority: value as Conversation['priority'] })}
          disabled={!canManage}
          allowDeselect={false}
        />
        <Select
          size="xs"
          w={160}
          aria-label="Assignee"
          placeholder="Unassigned"
          clearable
          searchable
          data={members.map((member) => ({ value: member.id, label: member.name }))}
          value={conversation.assignee?.memberId ?? null}
          onChange={(value) => apply({ assigneeMemberId: value, version: conversation.version })}
          disabled={!canManage}
        />
        <Select
          size="xs"
          w={150}
          aria-label="Team"
          placeholder="No team"
          clearable
          data={teams.map((team) => ({ value: team.id, label: team.name }))}
          value={conversation.team?.id ?? null}
          onChange={(value) => apply({ teamId: value })}
          disabled={!canManage}
        />
        <Popover
          opened={labelsOpen}
          onChange={onLabelsOpen}
          position="bottom-start"
          trapFocus
          onOpen={() => setLabels(conversation.labels)}
        >
          <Popover.Target>
            <Button size="xs" variant="default" leftSection={<IconTag size={14} />} onClick={() => onLabelsOpen(!labelsOpen)} disabled={!canManage}>
              Labels
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap={6} w={240}>
              <TagsInput size="xs" label="Labels" placeholder="Type and press Enter" value={labels} onChange={setLabels} data-autofocus />
              <Button
                size="xs"
                onClick={() => {
                  apply({ labels: labels.map((label) => label.trim().toLowerCase()).filter(Boolean) }, 'Labels saved');
                  onLabelsOpen(false);
                }}
              >
                Save labels
              </Button>
            </Stack>
          </Popover.Dropdown>
        </Popover>
        {conversation.labels.map((label) => (
          <Badge key={label} size="sm" variant="light" color="cyan" tt="none">
            {label}
          </Badge>
        ))}
        <SlaTimers conversation={conversation} />
      </Group>
    </Stack>
  );
}
