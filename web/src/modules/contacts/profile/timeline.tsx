import { Badge, Box, Button, Chip, Group, Loader, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import {
  IconArrowsExchange,
  IconAt,
  IconBriefcase,
  IconChecklist,
  IconFingerprint,
  IconGift,
  IconMail,
  IconMessage,
  IconMessages,
  IconNote,
  IconPhone,
  IconPlus,
  IconShoppingCart,
  IconSpeakerphone,
  IconTimeline,
  IconTruck,
  type Icon,
} from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { EmptyState } from '../../../ui/empty-state';
import { QueryError } from '../../../ui/query-error';
import { RelativeTime } from '../../../ui/relative-time';
import type { Interaction, TimelineFilters } from '../api';
import { ChannelIcon, channelLabel } from '../channel-icon';
import { INTERACTION_KINDS, interactionKindLabels, isOneOf, sentimentColor, sentimentLabel, type InteractionKind } from '../constants';
import { useContactSummary, useTimeline } from '../hooks';
import { LogActivityModal } from './log-activity-modal';
import { SectionCard } from './section-card';

const kindIcons: Record<InteractionKind, Icon> = {
  mention: IconAt,
  message: IconMessage,
  note: IconNote,
  call: IconPhone,
  email: IconMail,
  deal_change: IconBriefcase,
  order: IconShoppingCart,
  shipping_update: IconTruck,
  community_post: IconMessages,
  loyalty_event: IconGift,
  campaign_touch: IconSpeakerphone,
  task: IconChecklist,
  identity: IconFingerprint,
  lifecycle_change: IconArrowsExchange,
};

function Entry({ item }: { item: Interaction }) {
  const Glyph = kindIcons[item.kind] ?? IconTimeline;
  const color = item.sentiment === null ? 'gray' : sentimentColor(item.sentiment);
  return (
    <Group gap="sm" align="flex-start" wrap="nowrap" component="li">
      <ThemeIcon size={30} radius="xl" variant="light" color={color} aria-hidden>
        <Glyph size={16} stroke={1.7} />
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {item.summary}
          </Text>
        </Group>
        {item.body && (
          <Text size="sm" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
            {item.body}
          </Text>
        )}
        <Group gap="xs" wrap="wrap">
          <Badge size="xs" variant="light" color="gray" tt="none">
            {interactionKindLabels[item.kind]}
          </Badge>
          {item.channel && (
            <Group gap={3} wrap="nowrap">
              <ChannelIcon channel={item.channel} size={12} />
              <Text size="xs" c="dimmed">{channelLabel(item.channel)}</Text>
            </Group>
          )}
          <Text size="xs" c="dimmed">{item.direction === 'inbound' ? 'Inbound' : item.direction === 'outbound' ? 'Outbound' : 'Internal'}</Text>
          {item.sentiment !== null && (
            <Tooltip label={sentimentLabel(item.sentiment)} withArrow>
              <Badge size="xs" variant="dot" color={color} tt="none">
                {item.sentiment > 0 ? '+' : ''}
                {item.sentiment.toFixed(2)}
              </Badge>
            </Tooltip>
          )}
          <Box c="dimmed">
            <RelativeTime value={item.occurredAt} size="xs" />
          </Box>
        </Group>
      </Stack>
    </Group>
  );
}

/** Everything that happened with this person, newest first, filterable by kind and channel. */
export function Timeline({ contactId, canManage }: { contactId: string; canManage: boolean }) {
  const [filters, setFilters] = useState<TimelineFilters>({ kinds: [], channels: [] });
  const [logging, setLogging] = useState(false);
  const timeline = useTimeline(contactId, filters);
  const summary = useContactSummary(contactId);
  const items = useMemo(() => timeline.data?.pages.flatMap((page) => page.data) ?? [], [timeline.data]);
  const { ref, entry } = useIntersection({ rootMargin: '200px' });
  const channels = (summary.data?.channels ?? []).map((c) => c.channel);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  // Loads older entries as the end of the list scrolls into view; the button below does it by keyboard.
  useEffect(() => {
    if (entry?.isIntersecting && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [entry?.isIntersecting, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const shownKinds = INTERACTION_KINDS.filter((kind) => kind !== 'identity' && kind !== 'task');

  return (
    <SectionCard
      title="Timeline"
      actions={
        canManage && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setLogging(true)}>
            Log activity
          </Button>
        )
      }
    >
      <Chip.Group multiple value={filters.kinds} onChange={(kinds) => setFilters((f) => ({ ...f, kinds: kinds.filter((k): k is InteractionKind => isOneOf(INTERACTION_KINDS, k)) }))}>
        <Group gap={6} role="group" aria-label="Filter by kind">
          {shownKinds.map((kind) => (
            <Chip key={kind} value={kind} size="xs" variant="outline">
              {interactionKindLabels[kind]}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {channels.length > 1 && (
        <Chip.Group multiple value={filters.channels} onChange={(values) => setFilters((f) => ({ ...f, channels: values }))}>
          <Group gap={6} role="group" aria-label="Filter by channel">
            {channels.map((channel) => (
              <Chip key={channel} value={channel} size="xs" variant="light">
                {channelLabel(channel)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {timeline.isPending ? (
        <Group justify="center" p="md"><Loader size="sm" /></Group>
      ) : timeline.isError ? (
        <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          bordered={false}
          icon={<IconTimeline size={24} />}
          title={filters.kinds.length || filters.channels.length ? 'Nothing of this kind' : 'No interaction yet'}
          description={filters.kinds.length || filters.channels.length ? 'Clear the filters to see everything.' : 'Messages, mentions, orders and logged calls appear here as they happen. Use “Log activity” to record a call or an email.'}
        />
      ) : (
        <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Interactions">
          {items.map((item) => (
            <Entry key={item.id} item={item} />
          ))}
        </Stack>
      )}
      <div ref={ref} />
      {hasNextPage && (
        <Group justify="center">
          <Button size="xs" variant="default" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            Load older
          </Button>
        </Group>
      )}
      {logging && <LogActivityModal contactId={contactId} onClose={() => setLogging(false)} />}
    </SectionCard>
  );
}
