import { ActionIcon, Anchor, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconAntenna, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../lib/api';
import { ListeningTabs } from '../modules/listening/listening-tabs';
import type { Topic } from '../modules/listening/topics/api';
import { useDeleteTopic, useTopics } from '../modules/listening/topics/hooks';
import { TopicFormModal } from '../modules/listening/topics/topic-form-modal';
import { TopicKindBadge, TopicName } from '../modules/listening/topics/topic-kind-badge';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmActionButton } from '../ui/confirm-action-button';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { RelativeTime } from '../ui/relative-time';
import { TableSkeleton } from '../ui/table-skeleton';

const number = new Intl.NumberFormat();

export function ListeningTopicsPage() {
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<Topic | 'new' | null>(null);
  const topics = useTopics();
  const canManage = can('listening.manage');
  if (!can('listening.read')) return <NoAccess what="see the listening topics of this workspace" />;

  const newTopic = canManage && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      New topic
    </Button>
  );

  return (
    <>
      <PageHeader title="Topics" description="What you follow — your brand, competitors, product lines and campaigns — and the queries that find their mentions." actions={topics.data?.length ? newTopic : undefined} />
      <ListeningTabs />
      {topics.isPending ? (
        <TableSkeleton rows={4} />
      ) : topics.isError ? (
        <QueryError error={topics.error} onRetry={() => void topics.refetch()} />
      ) : topics.data.length === 0 ? (
        <EmptyState
          icon={<IconAntenna size={24} />}
          title="No topics yet"
          description="Start with a topic for your brand, then add queries such as lumen OR #lumencoffee. Parley keeps every post that matches as a mention of the topic. Add one for each competitor to compare share of voice."
          action={newTopic || undefined}
        />
      ) : (
        <TopicsTable topics={topics.data} canManage={canManage} onEdit={setEditing} />
      )}
      {editing && (
        <TopicFormModal
          topic={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(topic) => editing === 'new' && void navigate(`/listening/topics/${topic.id}`)}
        />
      )}
    </>
  );
}

function TopicsTable({ topics, canManage, onEdit }: { topics: Topic[]; canManage: boolean; onEdit: (topic: Topic) => void }) {
  const remove = useDeleteTopic();
  return (
    <DataTable
      label="Topics"
      minWidth={720}
      highlightOnHover
      head={
        <>
          <Table.Th>Topic</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th ta="right">Queries</Table.Th>
          <Table.Th ta="right">Mentions, 7 days</Table.Th>
          <Table.Th>Changed</Table.Th>
          {canManage && <Table.Th w={90} />}
        </>
      }
    >
      {topics.map((topic) => (
        <Table.Tr key={topic.id}>
          <Table.Td maw={360}>
            <Anchor component={Link} to={`/listening/topics/${topic.id}`} underline="never" c="inherit" aria-label={`Topic ${topic.name}`}>
              <TopicName topic={topic} />
            </Anchor>
            {topic.description && (
              <Text size="xs" c="dimmed" lineClamp={1} pl={20}>
                {topic.description}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <TopicKindBadge kind={topic.kind} />
          </Table.Td>
          <Table.Td ta="right">
            <Text size="sm" c={topic.queryCount === 0 ? 'orange' : undefined}>
              {topic.queryCount === 0 ? 'None yet' : number.format(topic.queryCount)}
            </Text>
          </Table.Td>
          <Table.Td ta="right">
            <Text size="sm" fw={500}>
              {number.format(topic.mentions7d)}
            </Text>
          </Table.Td>
          <Table.Td>
            <RelativeTime value={topic.updatedAt} />
          </Table.Td>
          {canManage && (
            <Table.Td>
              <Group gap={2} justify="flex-end" wrap="nowrap">
                <Tooltip label="Rename" withArrow>
                  <ActionIcon variant="subtle" color="gray" onClick={() => onEdit(topic)} aria-label={`Rename ${topic.name}`}>
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
                <ConfirmActionButton
                  icon={<IconTrash size={16} />}
                  tooltip="Delete"
                  ariaLabel={`Delete ${topic.name}`}
                  title={`Delete ${topic.name}?`}
                  confirmLabel="Delete topic"
                  onConfirm={() => remove.mutateAsync(topic.id)}
                  onCancel={remove.reset}
                  pending={remove.isPending}
                  error={remove.error ? errorMessage(remove.error) : null}
                >
                  Its {topic.queryCount === 1 ? 'query is' : `${topic.queryCount} queries are`} deleted with it and stop matching new posts. Mentions already stored stay.
                </ConfirmActionButton>
              </Group>
            </Table.Td>
          )}
        </Table.Tr>
      ))}
    </DataTable>
  );
}
