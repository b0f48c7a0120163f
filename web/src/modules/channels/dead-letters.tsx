// A channel's dead letters: webhook deliveries Parley stored but could not turn into messages, with
// the reason and the start of the payload, and a Retry once the cause is fixed.
import { Badge, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailCheck, IconRefresh } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { EmptyState } from '../../ui/empty-state';
import { LoadMore } from '../../ui/load-more';
import { QueryError } from '../../ui/query-error';
import { RelativeTime } from '../../ui/relative-time';
import { TableSkeleton } from '../../ui/table-skeleton';
import { useDeadLetters, useRetryWebhookEvent, type WebhookEvent } from './api';

export function DeadLetters({ channelId, canManage }: { channelId: string; canManage: boolean }) {
  const events = useDeadLetters(channelId);
  const retry = useRetryWebhookEvent(channelId);
  const list = events.data?.pages.flatMap((page) => page.data) ?? [];

  const retryOne = (event: WebhookEvent) =>
    retry.mutate(event.id, {
      onSuccess: () => notifications.show({ color: 'teal', message: `Delivery ${event.id} is queued again; it is processed within seconds.` }),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });

  return (
    <Stack gap="sm" data-testid="dead-letters">
      <Title order={4} fz={15}>
        Deliveries that could not be processed
      </Title>
      {events.isPending ? (
        <TableSkeleton rows={2} />
      ) : events.isError ? (
        <QueryError error={events.error} onRetry={() => void events.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState
          icon={<IconMailCheck size={24} />}
          title="No dead letters"
          description="Every webhook delivery on this channel was understood. One that Parley cannot read is kept here with the reason, to retry once it is fixed."
        />
      ) : (
        <>
          {list.map((event) => (
            <Paper key={event.id} withBorder radius="md" p="sm">
              <Stack gap={6}>
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Text size="sm" fw={500}>
                        Delivery {event.id}
                      </Text>
                      <Badge size="xs" color="gray" variant="light">
                        {event.attempts} attempt{event.attempts === 1 ? '' : 's'}
                      </Badge>
                      <Text size="xs" c="dimmed" component="div">
                        <Group gap={4}>
                          received <RelativeTime value={event.receivedAt} size="xs" />
                        </Group>
                      </Text>
                    </Group>
                    <Text size="sm" c="red.7">
                      {event.reason ?? 'No reason recorded'}
                    </Text>
                  </Stack>
                  {canManage && (
                    <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => retryOne(event)} loading={retry.isPending && retry.variables === event.id}>
                      Retry
                    </Button>
                  )}
                </Group>
                <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 140, overflow: 'auto' }}>
                  {event.excerpt}
                  {event.size > event.excerpt.length ? ` … (${event.size} bytes)` : ''}
                </Code>
              </Stack>
            </Paper>
          ))}
          <LoadMore hasMore={events.hasNextPage} loading={events.isFetchingNextPage} onLoad={() => void events.fetchNextPage()} />
        </>
      )}
    </Stack>
  );
}
