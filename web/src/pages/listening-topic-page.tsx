import { Anchor, Breadcrumbs, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconAntenna, IconMessageCircle, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorCode, errorMessage } from '../lib/api';
import { ListeningTabs } from '../modules/listening/listening-tabs';
import type { ListeningQuery } from '../modules/listening/topics/api';
import { useDeleteTopic, useTopic, useTopicQueries, useTopics } from '../modules/listening/topics/hooks';
import { QueriesList } from '../modules/listening/topics/queries-list';
import { QueryEditorModal } from '../modules/listening/topics/query-editor-modal';
import { TopicFormModal } from '../modules/listening/topics/topic-form-modal';
import { TopicKindBadge } from '../modules/listening/topics/topic-kind-badge';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmModal } from '../ui/confirm-modal';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

const number = new Intl.NumberFormat();

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={650} fz="lg">
        {value}
      </Text>
    </Paper>
  );
}

export function ListeningTopicPage() {
  const { id = '' } = useParams();
  const { can } = useCurrentWorkspace();
  if (!can('listening.read')) return <NoAccess what="see the listening topics of this workspace" />;
  return <TopicScreen key={id} topicId={id} canManage={can('listening.manage')} />;
}

function TopicScreen({ topicId, canManage }: { topicId: string; canManage: boolean }) {
  const navigate = useNavigate();
  const topic = useTopic(topicId);
  const topics = useTopics();
  const queries = useTopicQueries(topicId);
  const remove = useDeleteTopic();
  const [editingQuery, setEditingQuery] = useState<ListeningQuery | 'new' | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (topic.isError) {
    return errorCode(topic.error) === 'topic.not_found' ? (
      <EmptyState icon={<IconAntenna size={24} />} title="This topic does not exist" description="It may have been deleted." action={<Anchor component={Link} to="/listening/topics">Back to topics</Anchor>} />
    ) : (
      <QueryError error={topic.error} onRetry={() => void topic.refetch()} />
    );
  }
  if (topic.isPending) return <Skeleton height={120} radius="md" />;
  const current = topic.data;
  const enabled = queries.data?.filter((query) => query.enabled).length ?? 0;
  const addQuery = canManage && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditingQuery('new')}>
      Add query
    </Button>
  );

  return (
    <>
      <Breadcrumbs mb="sm" fz="sm">
        <Anchor component={Link} to="/listening/topics">
          Topics
        </Anchor>
        <Text size="sm">{current.name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={current.name}
        description={
          <Group gap={8} component="span">
            <TopicKindBadge kind={current.kind} />
            {current.description && <span>{current.description}</span>}
          </Group>
        }
        actions={
          <>
            <Button component={Link} to={`/listening?topicId=${encodeURIComponent(current.id)}`} variant="default" leftSection={<IconMessageCircle size={16} />}>
              See mentions
            </Button>
            {canManage && (
              <>
                <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setRenaming(true)}>
                  Edit
                </Button>
                <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </>
            )}
          </>
        }
      />
      <ListeningTabs />
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" mb="lg">
        <Stat label="Mentions, last 7 days" value={number.format(current.mentions7d)} />
        <Stat label="Queries" value={number.format(current.queryCount)} />
        <Stat label="Queries on" value={queries.data ? number.format(enabled) : '…'} />
      </SimpleGrid>
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Queries</Text>
        {(queries.data?.length ?? 0) > 0 && addQuery}
      </Group>
      {queries.isPending || topics.isPending ? (
        <TableSkeleton rows={2} />
      ) : queries.isError ? (
        <QueryError error={queries.error} onRetry={() => void queries.refetch()} />
      ) : queries.data.length === 0 ? (
        <EmptyState
          icon={<IconPlus size={24} />}
          title="No queries yet"
          description={
            <Stack gap={4} align="center">
              <span>A query says which posts belong to this topic. Combine names, phrases, hashtags and handles, and leave out noise with NOT.</span>
              <Text ff="monospace" size="sm">
                {`"${current.name.toLowerCase()}" OR #${current.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')} NOT job`}
              </Text>
            </Stack>
          }
          action={addQuery || undefined}
        />
      ) : (
        <QueriesList queries={queries.data} topic={current} topics={topics.data ?? []} canManage={canManage} onEdit={setEditingQuery} />
      )}
      {editingQuery && <QueryEditorModal topic={current} topics={topics.data ?? [current]} query={editingQuery === 'new' ? null : editingQuery} onClose={() => setEditingQuery(null)} />}
      {renaming && <TopicFormModal topic={current} onClose={() => setRenaming(false)} />}
      <ConfirmModal
        opened={deleting}
        title={`Delete ${current.name}?`}
        confirmLabel="Delete topic"
        loading={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate(current.id, { onSuccess: () => void navigate('/listening/topics') })}
      >
        Its queries are deleted with it and stop matching new posts. Mentions already stored stay.
      </ConfirmModal>
    </>
  );
}
