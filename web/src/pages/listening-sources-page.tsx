import { ActionIcon, Button, Group, Menu, Modal, Switch, Table, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconInbox, IconPencil, IconPlugConnected, IconPlus, IconRefresh, IconRotate, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../lib/api';
import { ListeningTabs } from '../modules/listening/listening-tabs';
import type { Source } from '../modules/listening/sources/api';
import { DeadLettersDrawer } from '../modules/listening/sources/dead-letters-drawer';
import { useDeleteSource, usePollSource, useRotateSecret, useSources, useUpdateSource } from '../modules/listening/sources/hooks';
import { SourceFormModal } from '../modules/listening/sources/source-form-modal';
import { SourceHealth } from '../modules/listening/sources/source-health';
import { sourceTypeSpec } from '../modules/listening/sources/source-types';
import { WebhookDetails } from '../modules/listening/sources/webhook-secret';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmMutationModal } from '../ui/confirm-mutation-modal';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { RelativeTime } from '../ui/relative-time';
import { TableSkeleton } from '../ui/table-skeleton';

const number = new Intl.NumberFormat();
const modeLabels = { polling: 'Polled', streaming: 'Streamed live', webhook: 'Webhook' } as const;

export function ListeningSourcesPage() {
  const { can } = useCurrentWorkspace();
  const sources = useSources();
  const [editing, setEditing] = useState<Source | 'new' | null>(null);
  const canManage = can('listening.manage');
  if (!can('listening.read')) return <NoAccess what="see the listening sources of this workspace" />;

  const addSource = canManage && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      Add source
    </Button>
  );

  return (
    <>
      <PageHeader title="Sources" description="Where posts come from: feeds, social networks and your own systems. Each is checked for health as it runs." actions={sources.data?.length ? addSource : undefined} />
      <ListeningTabs />
      {sources.isPending ? (
        <TableSkeleton rows={4} />
      ) : sources.isError ? (
        <QueryError error={sources.error} onRetry={() => void sources.refetch()} />
      ) : sources.data.length === 0 ? (
        <EmptyState
          icon={<IconPlugConnected size={24} />}
          title="No sources yet"
          description="Add a news or blog feed, a Mastodon hashtag, a subreddit, a Bluesky or X search, YouTube comments, or a webhook your own systems post to. Posts that match your topics’ queries become mentions."
          action={addSource || undefined}
        />
      ) : (
        <SourcesTable sources={sources.data} canManage={canManage} onEdit={setEditing} />
      )}
      {editing && <SourceFormModal source={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function SourcesTable({ sources, canManage, onEdit }: { sources: Source[]; canManage: boolean; onEdit: (source: Source) => void }) {
  const update = useUpdateSource();
  const poll = usePollSource();
  const remove = useDeleteSource();
  const rotate = useRotateSecret();
  const [deleting, setDeleting] = useState<Source | null>(null);
  const [deadLetters, setDeadLetters] = useState<Source | null>(null);
  const [rotated, setRotated] = useState<{ source: Source; secret: string } | null>(null);
  const [rotating, setRotating] = useState<Source | null>(null);

  const failed = (error: unknown) => notifications.show({ color: 'red', message: errorMessage(error) });

  return (
    <>
      <DataTable
        label="Sources"
        minWidth={900}
        head={
          <>
            <Table.Th>Source</Table.Th>
            <Table.Th>Health</Table.Th>
            <Table.Th>Last success</Table.Th>
            <Table.Th ta="right">Posts</Table.Th>
            <Table.Th ta="right">Mentions</Table.Th>
            <Table.Th>On</Table.Th>
            {canManage && <Table.Th w={80} />}
          </>
        }
      >
        {sources.map((source) => {
          const spec = sourceTypeSpec(source.type);
          return (
            <Table.Tr key={source.id} aria-label={`Source ${source.name}`}>
              <Table.Td maw={320}>
                <Group gap="sm" wrap="nowrap">
                  <ThemeIcon variant="light" color={spec.color} size={32} radius="md" aria-label={spec.label}>
                    <spec.icon size={18} />
                  </ThemeIcon>
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600} size="sm" truncate>
                      {source.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {spec.label} · {modeLabels[source.mode]}
                    </Text>
                  </div>
                </Group>
              </Table.Td>
              <Table.Td>
                <SourceHealth source={source} />
              </Table.Td>
              <Table.Td>{source.health.lastSuccessAt ? <RelativeTime value={source.health.lastSuccessAt} /> : <Text size="sm" c="dimmed">Never</Text>}</Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{number.format(source.counters.postsReceived)}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" fw={500}>
                  {number.format(source.counters.mentionsStored)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Switch
                  checked={source.enabled}
                  disabled={!canManage}
                  onChange={(event) => update.mutate({ sourceId: source.id, input: { enabled: event.currentTarget.checked } }, { onError: failed })}
                  aria-label={source.enabled ? `Turn ${source.name} off` : `Turn ${source.name} on`}
                />
              </Table.Td>
              {canManage && (
                <Table.Td>
                  <Group gap={2} justify="flex-end" wrap="nowrap">
                    {source.mode !== 'webhook' && (
                      <Tooltip label={source.mode === 'streaming' ? 'Reconnect now' : 'Poll now'} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          disabled={!source.enabled}
                          loading={poll.isPending && poll.variables === source.id}
                          onClick={() => poll.mutate(source.id, { onSuccess: () => notifications.show({ color: 'teal', message: `${source.name}: poll queued.` }), onError: failed })}
                          aria-label={`Poll ${source.name} now`}
                        >
                          <IconRefresh size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${source.name}`}>
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(source)}>
                          Settings and credentials
                        </Menu.Item>
                        {source.mode === 'webhook' && (
                          <>
                            <Menu.Item leftSection={<IconRotate size={14} />} onClick={() => setRotating(source)}>
                              Rotate secret
                            </Menu.Item>
                            <Menu.Item leftSection={<IconInbox size={14} />} onClick={() => setDeadLetters(source)}>
                              Dead letters
                            </Menu.Item>
                          </>
                        )}
                        <Menu.Divider />
                        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(source)}>
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </DataTable>
      <ConfirmMutationModal
        target={deleting}
        mutation={remove}
        title={`Delete ${deleting?.name ?? 'this source'}?`}
        confirmLabel="Delete source"
        onClose={() => setDeleting(null)}
        onConfirm={(source) => remove.mutate(source.id, { onSuccess: () => setDeleting(null) })}
      >
        No more posts are read from it{deleting?.mode === 'webhook' ? ' and its webhook stops answering' : ''}. Mentions it brought in stay.
      </ConfirmMutationModal>
      <ConfirmMutationModal
        target={rotating}
        mutation={rotate}
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        onClose={() => setRotating(null)}
        onConfirm={(source) =>
          rotate.mutate(source.id, {
            onSuccess: (secret) => {
              setRotated({ source, secret });
              setRotating(null);
            },
          })
        }
      >
        The current secret stops working at once: posts signed with it are refused until your sender uses the new one.
      </ConfirmMutationModal>
      {rotated && (
        <Modal opened onClose={() => setRotated(null)} title={<Text fw={600}>New secret for {rotated.source.name}</Text>} size="lg">
          <WebhookDetails url={rotated.source.webhookUrl ?? ''} secret={rotated.secret} />
          <Group justify="flex-end" mt="md">
            <Button onClick={() => setRotated(null)}>Done</Button>
          </Group>
        </Modal>
      )}
      {deadLetters && <DeadLettersDrawer source={deadLetters} onClose={() => setDeadLetters(null)} />}
    </>
  );
}
