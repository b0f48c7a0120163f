import { ActionIcon, Anchor, Button, Group, Loader, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconFilter, IconList, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../lib/api';
import { fromNow } from '../lib/dates';
import { CrmTabs } from '../modules/contacts/crm-tabs';
import { useContactCount } from '../modules/contacts/hooks';
import type { Segment } from '../modules/segments/api';
import { countConditions } from '../modules/segments/filter-fields';
import { useDeleteSegment, useSegments } from '../modules/segments/hooks';
import { SegmentEditor } from '../modules/segments/segment-editor';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmActionButton } from '../ui/confirm-action-button';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

function SegmentCount({ segmentId }: { segmentId: string }) {
  const count = useContactCount({ segmentId });
  if (count.isPending) return <Loader size="xs" />;
  if (count.isError) return <Text size="sm" c="red">?</Text>;
  return <Text size="sm">{count.data.toLocaleString()}</Text>;
}

function DeleteSegmentButton({ segment }: { segment: Segment }) {
  const remove = useDeleteSegment();
  return (
    <ConfirmActionButton
      icon={<IconTrash size={16} />}
      tooltip={`Delete ${segment.name}`}
      title={`Delete the segment “${segment.name}”?`}
      confirmLabel="Delete segment"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(segment.id);
        notifications.show({ color: 'teal', message: `Segment “${segment.name}” deleted.` });
      }}
    >
      The contacts stay; only this saved filter is removed.
    </ConfirmActionButton>
  );
}

export function SegmentsPage() {
  const { can } = useCurrentWorkspace();
  const segments = useSegments();
  const [editing, setEditing] = useState<Segment | 'new' | null>(null);
  const canManage = can('segments.manage');

  if (!can('contacts.read')) return <NoAccess what="see segments" />;
  const rows = segments.data ?? [];

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Everyone you talk to, one profile each across all their networks."
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              New segment
            </Button>
          )
        }
      />
      <CrmTabs />
      {segments.isPending ? (
        <TableSkeleton />
      ) : segments.isError ? (
        <QueryError error={segments.error} onRetry={() => void segments.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<IconFilter size={24} />}
          title="No segments yet"
          description="A segment is a saved filter — “VIPs on Instagram”, “leads with no owner” — that stays up to date as contacts change. Use it to filter the list, export, and later for campaigns."
          action={canManage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>Create a segment</Button>}
        />
      ) : (
        <DataTable
          label="Segments"
          minWidth={680}
          highlightOnHover
          head={
            <>
              <Table.Th>Name</Table.Th>
              <Table.Th>Conditions</Table.Th>
              <Table.Th ta="right">Contacts</Table.Th>
              <Table.Th>Updated</Table.Th>
              <Table.Th w={130}>
                <Text span size="sm" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Actions</Text>
              </Table.Th>
            </>
          }
        >
          {rows.map((segment) => (
            <Table.Tr key={segment.id}>
              <Table.Td>
                <Anchor component={Link} to={`/contacts?segmentId=${segment.id}`} fw={500} size="sm">
                  {segment.name}
                </Anchor>
                {segment.description && <Text size="xs" c="dimmed" lineClamp={1}>{segment.description}</Text>}
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {countConditions(segment.filter)} condition{countConditions(segment.filter) === 1 ? '' : 's'}, match {segment.filter.match}
                </Text>
              </Table.Td>
              <Table.Td ta="right"><SegmentCount segmentId={segment.id} /></Table.Td>
              <Table.Td><Text size="sm" c="dimmed">{fromNow(segment.updatedAt)}</Text></Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Tooltip label="Open the list" withArrow>
                    <ActionIcon component={Link} to={`/contacts?segmentId=${segment.id}`} variant="subtle" aria-label={`Open contacts of ${segment.name}`}>
                      <IconList size={16} />
                    </ActionIcon>
                  </Tooltip>
                  {canManage && (
                    <>
                      <Tooltip label="Edit" withArrow>
                        <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(segment)} aria-label={`Edit ${segment.name}`}>
                          <IconEdit size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <DeleteSegmentButton segment={segment} />
                    </>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {editing && <SegmentEditor segment={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
