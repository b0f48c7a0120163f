import { Badge, Code, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { DataTable } from '../../ui/data-table';
import { RelativeTime } from '../../ui/relative-time';
import type { ApiKey } from './api';
import { useRevokeApiKey } from './hooks';

export function ApiKeysTable({ apiKeys }: { apiKeys: ApiKey[] }) {
  return (
    <DataTable
      label="API keys"
      minWidth={640}
      head={
        <>
          <Table.Th>Name</Table.Th>
          <Table.Th>Key</Table.Th>
          <Table.Th>Access</Table.Th>
          <Table.Th>Last used</Table.Th>
          <Table.Th>Created</Table.Th>
          <Table.Th w={56} />
        </>
      }
    >
      {apiKeys.map((apiKey) => (
        <Table.Tr key={apiKey.id}>
          <Table.Td>
            <Text size="sm" fw={500}>
              {apiKey.name}
            </Text>
          </Table.Td>
          <Table.Td>
            <Code>{apiKey.prefix}…</Code>
          </Table.Td>
          <Table.Td>
            {apiKey.scopes.includes('all') ? (
              <Badge color="orange" variant="light" radius="sm">
                Full access
              </Badge>
            ) : (
              <Badge color="gray" variant="light" radius="sm">
                Read only
              </Badge>
            )}
          </Table.Td>
          <Table.Td>
            {apiKey.lastUsedAt ? (
              <RelativeTime value={apiKey.lastUsedAt} />
            ) : (
              <Text size="sm" c="dimmed">
                Never
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <RelativeTime value={apiKey.createdAt} />
          </Table.Td>
          <Table.Td>
            <RevokeApiKeyButton apiKey={apiKey} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  return (
    <ConfirmActionButton
      icon={<IconTrash size={18} />}
      tooltip="Revoke key"
      ariaLabel={`Revoke API key ${apiKey.name}`}
      title={`Revoke “${apiKey.name}”?`}
      confirmLabel="Revoke key"
      pending={revoke.isPending}
      error={revoke.error ? errorMessage(revoke.error) : null}
      onCancel={revoke.reset}
      onConfirm={async () => {
        await revoke.mutateAsync(apiKey.id);
        notifications.show({ color: 'teal', message: `API key “${apiKey.name}” revoked.` });
      }}
    >
      Anything using this key stops working immediately. This cannot be undone.
    </ConfirmActionButton>
  );
}
