import { ActionIcon, Badge, Group, Menu, Paper, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowsExchange, IconBolt, IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import { ConfirmMutationModal } from '../../../ui/confirm-mutation-modal';
import { RelativeTime } from '../../../ui/relative-time';
import type { ListeningQuery, Topic } from './api';
import { useDeleteQuery, useUpdateQuery } from './hooks';
import { HighlightedQuery } from './query-input';

type QueriesListProps = { queries: ListeningQuery[]; topic: Topic; topics: Topic[]; canManage: boolean; onEdit: (query: ListeningQuery) => void };

/** A topic's queries: each coloured, with its warnings, on/off, and edit, move and delete. */
export function QueriesList({ queries, topic, topics, canManage, onEdit }: QueriesListProps) {
  const update = useUpdateQuery();
  const remove = useDeleteQuery();
  const [deleting, setDeleting] = useState<ListeningQuery | null>(null);
  const otherTopics = topics.filter((candidate) => candidate.id !== topic.id);

  const move = (query: ListeningQuery, target: Topic) =>
    update.mutate(
      { queryId: query.id, input: { topicId: target.id } },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: `Query moved to ${target.name}.` }),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  return (
    <Stack gap="sm" component="ul" m={0} p={0} aria-label="Queries">
      {queries.map((query) => (
        <Paper key={query.id} withBorder radius="md" p="md" component="li" style={{ listStyle: 'none', opacity: query.enabled ? 1 : 0.65 }} aria-label={`Query ${query.name || query.query}`}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
            <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
              <Group gap={8}>
                <Text fw={600} size="sm">
                  {query.name || 'Untitled query'}
                </Text>
                {!query.enabled && (
                  <Badge size="xs" variant="light" color="gray">
                    Off
                  </Badge>
                )}
                {!query.indexable && (
                  <Tooltip label="The matcher cannot index this query, so every post is checked against it. Add a positive term to make it cheaper." multiline w={280} withArrow>
                    <Badge size="xs" variant="light" color="yellow" leftSection={<IconBolt size={10} />}>
                      Every post
                    </Badge>
                  </Tooltip>
                )}
                {query.warnings.length > 0 && (
                  <Tooltip label={query.warnings.map((warning) => warning.message).join(' ')} multiline w={320} withArrow>
                    <Badge size="xs" variant="light" color="yellow" leftSection={<IconAlertTriangle size={10} />}>
                      {query.warnings.length === 1 ? '1 warning' : `${query.warnings.length} warnings`}
                    </Badge>
                  </Tooltip>
                )}
              </Group>
              <HighlightedQuery text={query.query} />
              <Text size="xs" c="dimmed" component="div">
                <Group gap={4}>
                  Changed <RelativeTime value={query.updatedAt} size="xs" />
                </Group>
              </Text>
            </Stack>
            {canManage && (
              <Group gap={4} wrap="nowrap">
                <Switch
                  checked={query.enabled}
                  onChange={(event) => update.mutate({ queryId: query.id, input: { enabled: event.currentTarget.checked } })}
                  aria-label={query.enabled ? 'Turn the query off' : 'Turn the query on'}
                  size="sm"
                  mr={4}
                />
                <Tooltip label="Edit" withArrow>
                  <ActionIcon variant="subtle" color="gray" onClick={() => onEdit(query)} aria-label={`Edit query ${query.name || query.query}`}>
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon variant="subtle" color="gray" aria-label="More actions">
                      <IconDots size={16} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Label>Move to</Menu.Label>
                    {otherTopics.length === 0 && <Menu.Item disabled>No other topic</Menu.Item>}
                    {otherTopics.map((target) => (
                      <Menu.Item key={target.id} leftSection={<IconArrowsExchange size={14} />} onClick={() => move(query, target)}>
                        {target.name}
                      </Menu.Item>
                    ))}
                    <Menu.Divider />
                    <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(query)}>
                      Delete query
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Group>
            )}
          </Group>
        </Paper>
      ))}
      <ConfirmMutationModal
        target={deleting}
        mutation={remove}
        title="Delete this query?"
        confirmLabel="Delete query"
        onClose={() => setDeleting(null)}
        onConfirm={(query) => remove.mutate(query.id, { onSuccess: () => setDeleting(null) })}
      >
        New posts will no longer be matched against it. Mentions it already found stay.
      </ConfirmMutationModal>
    </Stack>
  );
}
