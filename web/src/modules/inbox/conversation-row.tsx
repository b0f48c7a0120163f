import { Avatar, Badge, Box, Checkbox, Group, Stack, Text } from '@mantine/core';
import { IconStarFilled } from '@tabler/icons-react';
import { memo } from 'react';
import { RelativeTime } from '../../ui/relative-time';
import type { Conversation } from './api';
import { mostUrgentTarget } from '../../../../src/shared/sla-state';
import { ChannelMark, PriorityBadge, SlaBadge, slaOf, StatusBadge, VisibilityBadge } from './labels';
import classes from './inbox.module.css';

type Props = {
  conversation: Conversation;
  now: number;
  active: boolean;
  selected: boolean;
  selectable: boolean;
  onOpen: (id: string) => void;
  /** `range`: shift-click selects everything from the last selected row to this one. */
  onSelect: (id: string, on: boolean, range: boolean) => void;
};

/** One conversation in the queue: who, where, the last words, and what needs doing (priority, SLA). */
export const ConversationRow = memo(function ConversationRow({ conversation, now, active, selected, selectable, onOpen, onSelect }: Props) {
  const who = conversation.contact?.name ?? 'Unknown contact';
  const sla = slaOf(conversation, now);
  return (
    <Box
      className={classes.row}
      data-active={active || undefined}
      data-selected={selected || undefined}
      data-unread={conversation.waitingSince !== null || undefined}
      data-testid="conversation-row"
      data-conversation-id={conversation.id}
      onClick={(event) => (event.shiftKey && selectable ? onSelect(conversation.id, !selected, true) : onOpen(conversation.id))}
      role="listitem"
      aria-current={active || undefined}
    >
      <Group align="flex-start" gap="sm" wrap="nowrap">
        {selectable && (
          <Checkbox
            mt={8}
            size="xs"
            checked={selected}
            aria-label={`Select the conversation with ${who}`}
            onClick={(event) => event.stopPropagation()}
            onChange={(event) => onSelect(conversation.id, event.currentTarget.checked, (event.nativeEvent as MouseEvent).shiftKey)}
          />
        )}
        <Box pos="relative">
          <Avatar src={conversation.contact?.avatarUrl} size={36} radius="xl" color="initials" name={who} />
          <Box pos="absolute" bottom={-4} right={-6}>
            <ChannelMark type={conversation.channelType} name={conversation.channelName} size={18} />
          </Box>
        </Box>
        <Stack gap={3} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} justify="space-between" wrap="nowrap">
            <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate>
                {who}
              </Text>
              {conversation.contact?.vip && <IconStarFilled size={12} color="var(--mantine-color-yellow-6)" aria-label="VIP" />}
            </Group>
            <Box c="dimmed">
              <RelativeTime value={conversation.lastMessageAt} size="xs" />
            </Box>
          </Group>
          {conversation.subject && (
            <Text size="xs" fw={500} truncate>
              {conversation.subject}
            </Text>
          )}
          <Text size="sm" c="dimmed" lineClamp={2} className={classes.preview}>
            {conversation.lastMessagePreview ?? '—'}
          </Text>
          <Group gap={4} wrap="wrap">
            <VisibilityBadge visibility={conversation.visibility} />
            {conversation.status !== 'open' && <StatusBadge status={conversation.status} />}
            <PriorityBadge priority={conversation.priority} />
            <SlaBadge target={mostUrgentTarget(sla)} now={now} paused={sla.paused} />
            {conversation.labels.map((label) => (
              <Badge key={label} size="xs" variant="light" color="cyan" tt="none">
                {label}
              </Badge>
            ))}
            <Text size="xs" c="dimmed" ml="auto" truncate maw={140}>
              {conversation.assignee ? conversation.assignee.name : conversation.team ? conversation.team.name : 'Unassigned'}
            </Text>
          </Group>
        </Stack>
      </Group>
    </Box>
  );
});
