import { ActionIcon, Anchor, Badge, Button, Group, SegmentedControl, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArticle, IconBook, IconEdit, IconExternalLink, IconPlus, IconSearch, IconTrash, IconVideo } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../lib/api';
import type { KnowledgeArticle, KnowledgeKind } from '../modules/inbox-tools/api';
import { useDeleteKnowledgeArticle, useKnowledgeArticles } from '../modules/inbox-tools/hooks';
import { KnowledgeArticleEditor, knowledgeLanguages } from '../modules/inbox-tools/knowledge-article-editor';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmActionButton } from '../ui/confirm-action-button';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { RelativeTime } from '../ui/relative-time';
import { TableSkeleton } from '../ui/table-skeleton';

const languageLabel = (code: string | null) => (code ? (knowledgeLanguages.find((language) => language.value === code)?.label ?? code) : null);

function DeleteButton({ article }: { article: KnowledgeArticle }) {
  const remove = useDeleteKnowledgeArticle();
  return (
    <ConfirmActionButton
      icon={<IconTrash size={16} />}
      tooltip={`Delete ${article.title}`}
      title={`Delete “${article.title}”?`}
      confirmLabel="Delete"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(article.id);
        notifications.show({ color: 'teal', message: `“${article.title}” deleted.` });
      }}
    >
      It is no longer suggested to agents, and routing rules that attach it stop showing it.
    </ConfirmActionButton>
  );
}

export function SettingsKnowledgePage() {
  const { can } = useCurrentWorkspace();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const [kind, setKind] = useState<KnowledgeKind | null>(null);
  const [editing, setEditing] = useState<KnowledgeArticle | 'new' | null>(null);
  const articles = useKnowledgeArticles(q, kind);
  const canManage = can('inbox.manage');

  if (!can('inbox.read')) return <NoAccess what="see the knowledge library" />;
  const rows = articles.data ?? [];
  const filtered = Boolean(q) || kind !== null;
  const addButton = canManage && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      Add article or video
    </Button>
  );

  return (
    <>
      <PageHeader
        order={2}
        title="Knowledge library"
        description="Help articles and video demos agents send to customers. Parley suggests the ones matching what a customer wrote beside each conversation; routing rules can attach them too."
        actions={addButton}
      />
      {(rows.length > 0 || filtered) && (
        <Group mb="md" gap="sm">
          <TextInput
            maw={360}
            style={{ flex: '1 1 240px' }}
            aria-label="Search the knowledge library"
            placeholder="Search titles, text and tags"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <SegmentedControl
            aria-label="Kind"
            value={kind ?? 'all'}
            onChange={(value) => setKind(value === 'article' || value === 'video' ? value : null)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'article', label: 'Articles' },
              { value: 'video', label: 'Video demos' },
            ]}
          />
        </Group>
      )}
      {articles.isPending ? (
        <TableSkeleton />
      ) : articles.isError ? (
        <QueryError error={articles.error} onRetry={() => void articles.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<IconSearch size={24} />}
            title={q ? `Nothing in the library matches “${q}”` : 'Nothing of this kind yet'}
            description="Search looks in titles, text and tags. Try other words or another kind."
            action={<Button variant="default" onClick={() => { setSearch(''); setKind(null); }}>Show everything</Button>}
          />
        ) : (
          <EmptyState
            icon={<IconBook size={24} />}
            title="The knowledge library is empty"
            description={
              canManage
                ? 'Add the help articles and video demos your agents send most — how refunds work, sizing, setup videos. Write the words customers use: Parley matches them to conversations and suggests them to agents.'
                : 'Your inbox managers have not added articles or videos yet. Ask one to add the help pages your team sends most often.'
            }
            action={addButton}
          />
        )
      ) : (
        <DataTable
          label="Knowledge library"
          minWidth={720}
          head={
            <>
              <Table.Th>Title</Table.Th>
              <Table.Th w={110}>Language</Table.Th>
              <Table.Th w={220}>Tags</Table.Th>
              <Table.Th w={120}>Updated</Table.Th>
              <Table.Th w={90}>
                <Text span size="sm" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Actions</Text>
              </Table.Th>
            </>
          }
        >
          {rows.map((article) => (
            <Table.Tr key={article.id}>
              <Table.Td>
                <Group gap={8} wrap="nowrap" align="flex-start">
                  <Tooltip label={article.kind === 'video' ? 'Video demo' : 'Article'} withArrow>
                    {article.kind === 'video' ? <IconVideo size={18} color="var(--mantine-color-grape-6)" aria-label="Video demo" /> : <IconArticle size={18} color="var(--mantine-color-blue-6)" aria-label="Article" />}
                  </Tooltip>
                  <div style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500}>{article.title}</Text>
                      {article.url && (
                        <Anchor href={article.url} target="_blank" rel="noreferrer" aria-label={`Open ${article.title}`}>
                          <IconExternalLink size={14} />
                        </Anchor>
                      )}
                    </Group>
                    {article.body && <Text size="xs" c="dimmed" lineClamp={1}>{article.body}</Text>}
                  </div>
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm" c={article.language ? undefined : 'dimmed'}>{languageLabel(article.language) ?? 'Any'}</Text></Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {article.tags.map((tag) => <Badge key={tag} size="sm" variant="light" color="gray">{tag}</Badge>)}
                </Group>
              </Table.Td>
              <Table.Td><RelativeTime value={article.updatedAt} /></Table.Td>
              <Table.Td>
                {canManage && (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Tooltip label="Edit" withArrow>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${article.title}`} onClick={() => setEditing(article)}>
                        <IconEdit size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <DeleteButton article={article} />
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {editing && <KnowledgeArticleEditor article={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
