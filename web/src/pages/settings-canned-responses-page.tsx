import { ActionIcon, Badge, Button, Group, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconMessageBolt, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../lib/api';
import type { CannedResponse } from '../modules/inbox-tools/api';
import { CannedResponseEditor } from '../modules/inbox-tools/canned-response-editor';
import { useCannedResponses, useDeleteCannedResponse } from '../modules/inbox-tools/hooks';
import { useTeams } from '../modules/teams/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmActionButton } from '../ui/confirm-action-button';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

function DeleteButton({ response }: { response: CannedResponse }) {
  const remove = useDeleteCannedResponse();
  return (
    <ConfirmActionButton
      icon={<IconTrash size={16} />}
      tooltip={`Delete ${response.name}`}
      title={`Delete “${response.name}”?`}
      confirmLabel="Delete canned response"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(response.id);
        notifications.show({ color: 'teal', message: `Canned response “${response.name}” deleted.` });
      }}
    >
      Agents can no longer insert it with /{response.shortcut}. Replies already sent keep their text.
    </ConfirmActionButton>
  );
}

export function SettingsCannedResponsesPage() {
  const { can } = useCurrentWorkspace();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const responses = useCannedResponses(q);
  const teams = useTeams();
  const canManage = can('inbox.manage');

  if (!can('inbox.read')) return <NoAccess what="see canned responses" />;
  const rows = responses.data ?? [];
  const teamName = (teamId: string | null) => (teamId ? (teams.data?.find((team) => team.id === teamId)?.name ?? 'A team') : null);
  const newButton = canManage && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      New canned response
    </Button>
  );

  return (
    <>
      <PageHeader
        order={2}
        title="Canned responses"
        description="Saved replies agents insert by typing /shortcut in the composer, filled with the contact's name and other details."
        actions={newButton}
      />
      {(rows.length > 0 || q) && (
        <TextInput
          mb="md"
          maw={360}
          aria-label="Search canned responses"
          placeholder="Search by shortcut, name or text"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
      )}
      {responses.isPending ? (
        <TableSkeleton />
      ) : responses.isError ? (
        <QueryError error={responses.error} onRetry={() => void responses.refetch()} />
      ) : rows.length === 0 ? (
        q ? (
          <EmptyState icon={<IconSearch size={24} />} title={`No canned response matches “${q}”`} description="Search looks in shortcuts, names and text. Try another word, or clear the search." action={<Button variant="default" onClick={() => setSearch('')}>Clear search</Button>} />
        ) : (
          <EmptyState
            icon={<IconMessageBolt size={24} />}
            title="No canned responses yet"
            description={
              canManage
                ? 'Save the answers your team types again and again — greetings, refund policy, shipping times. Variables such as {{contact.first_name}} fill in each customer’s details.'
                : 'Your inbox managers have not saved any replies yet. Ask one to add the answers your team gives most often.'
            }
            action={newButton}
          />
        )
      ) : (
        <DataTable
          label="Canned responses"
          minWidth={720}
          head={
            <>
              <Table.Th w={200}>Name</Table.Th>
              <Table.Th w={140}>Shortcut</Table.Th>
              <Table.Th>Text</Table.Th>
              <Table.Th w={130}>Offered to</Table.Th>
              <Table.Th w={80} style={{ textAlign: 'right' }}>Used</Table.Th>
              <Table.Th w={90}>
                <Text span size="sm" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Actions</Text>
              </Table.Th>
            </>
          }
        >
          {rows.map((response) => (
            <Table.Tr key={response.id}>
              <Table.Td><Text size="sm" fw={500}>{response.name}</Text></Table.Td>
              <Table.Td><Text size="sm" ff="monospace" c="blue">/{response.shortcut}</Text></Table.Td>
              <Table.Td><Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>{response.body}</Text></Table.Td>
              <Table.Td>{teamName(response.teamId) ? <Badge variant="light" size="sm">{teamName(response.teamId)}</Badge> : <Text size="sm" c="dimmed">Everyone</Text>}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}><Text size="sm">{response.usageCount}</Text></Table.Td>
              <Table.Td>
                {canManage && (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Tooltip label="Edit" withArrow>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${response.name}`} onClick={() => setEditing(response)}>
                        <IconEdit size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <DeleteButton response={response} />
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {editing && <CannedResponseEditor response={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
