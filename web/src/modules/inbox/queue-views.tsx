// The queue's left column: the views with their counts, then filters over the chosen view.
import { Badge, Box, Button, NavLink, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlarm, IconAt, IconInbox, IconMessageCircleUser, IconUser, IconUserQuestion, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Member } from '../members/api';
import { PRIORITIES, STATUSES } from './api';
import type { FilterKey, QueueFilters, QueueView } from './filters';
import { channelTypeLabel, priorityLabels, statusLabels } from './labels';
import classes from './inbox.module.css';

export const VIEW_NAMES: Record<QueueView, string> = { mine: 'Mine', unassigned: 'Unassigned', team: 'My teams', participating: 'Involving me', mentions: 'Mentions', sla_at_risk: 'SLA at risk', all: 'All' };
const VIEW_ICONS: Record<QueueView, ReactNode> = {
  mine: <IconUser size={16} />,
  unassigned: <IconUserQuestion size={16} />,
  team: <IconUsersGroup size={16} />,
  participating: <IconMessageCircleUser size={16} />,
  mentions: <IconAt size={16} />,
  sla_at_risk: <IconAlarm size={16} />,
  all: <IconInbox size={16} />,
};
const VIEW_HINTS: Record<QueueView, string> = {
  mine: 'Assigned to you',
  unassigned: 'Nobody has them yet',
  team: "Your teams' conversations",
  participating: 'Where you were @mentioned, added or asked as an expert',
  mentions: 'Public conversations: comments and mention threads others can read',
  sla_at_risk: 'Due within 30 minutes or breached, most urgent first',
  all: 'Every conversation',
};
const CHANNEL_TYPES = ['webchat', 'listening', 'whatsapp', 'messenger', 'instagram', 'x', 'telegram', 'email'];

type Props = {
  filters: QueueFilters;
  counts: Record<string, number> | undefined;
  myTeams: { id: string; name: string }[];
  members: Member[];
  onView: (view: QueueView, teamId?: string) => void;
  update: (patch: Partial<Record<FilterKey, string | null>>) => void;
  filtersActive: boolean;
};

function Count({ value, alert = false }: { value: number | undefined; alert?: boolean }) {
  if (value === undefined) return null;
  return (
    <Badge size="sm" variant={alert && value > 0 ? 'filled' : 'light'} color={alert && value > 0 ? 'red' : 'gray'} circle={value < 10}>
      {value >= 100 ? '99+' : value}
    </Badge>
  );
}

export function QueueViews({ filters, counts, myTeams, members, onView, update, filtersActive }: Props) {
  const viewLink = (view: QueueView) => (
    <NavLink
      key={view}
      component="button"
      label={VIEW_NAMES[view]}
      title={VIEW_HINTS[view]}
      leftSection={VIEW_ICONS[view]}
      rightSection={<Count value={counts?.[view]} alert={view === 'sla_at_risk'} />}
      active={filters.view === view && !(view === 'team' && filters.teamId)}
      onClick={() => onView(view)}
      aria-current={filters.view === view || undefined}
    />
  );
  return (
    <Box className={classes.views} p={6} component="nav" aria-label="Queue views">
      <Stack gap={0}>
        {viewLink('mine')}
        {viewLink('unassigned')}
        {viewLink('team')}
        {myTeams.map((team) => (
          <NavLink key={team.id} component="button" label={team.name} pl={34} active={filters.view === 'team' && filters.teamId === team.id} onClick={() => onView('team', team.id)} />
        ))}
        {viewLink('participating')}
        {viewLink('mentions')}
        {viewLink('sla_at_risk')}
        {viewLink('all')}
      </Stack>
      <Stack gap={6} mt="md" px={6} pb="md">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          Filters
        </Text>
        <Select size="xs" label="Status" placeholder={filters.view === 'all' || filters.view === 'mentions' ? 'Any status' : 'Open and pending'} clearable data={STATUSES.map((value) => ({ value, label: statusLabels[value] }))} value={filters.status ?? null} onChange={(value) => update({ status: value })} />
        <Select size="xs" label="Channel" placeholder="Any channel" clearable data={CHANNEL_TYPES.map((value) => ({ value, label: channelTypeLabel(value) }))} value={filters.channel ?? null} onChange={(value) => update({ channel: value })} />
        <Select size="xs" label="Priority" placeholder="Any priority" clearable data={PRIORITIES.map((value) => ({ value, label: priorityLabels[value] }))} value={filters.priority ?? null} onChange={(value) => update({ priority: value })} />
        <Select size="xs" label="Assignee" placeholder="Anyone" clearable searchable data={members.map((member) => ({ value: member.id, label: member.name }))} value={filters.assigneeMemberId ?? null} onChange={(value) => update({ assigneeMemberId: value })} />
        <TextInput size="xs" label="Label" placeholder="billing" value={filters.label ?? ''} onChange={(event) => update({ label: event.currentTarget.value.trim() || null })} />
        {filtersActive && (
          <Button size="compact-xs" variant="subtle" onClick={() => update({ status: null, channel: null, priority: null, assigneeMemberId: null, label: null, q: null })}>
            Clear filters
          </Button>
        )}
      </Stack>
    </Box>
  );
}
