import { ActionIcon, Badge, Code, Paper, Table, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { ConfirmModal } from '../../ui/confirm-modal';
import { RelativeTime } from '../../ui/relative-time';
import type { ApiKey } from './api';
import { useRevokeApiKey } from './hooks';

export function ApiKeysTable({ apiKeys }: { apiKeys: ApiKey[] }) {
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="API keys">
          <Table.Thead bg="var(--mantine-color-default-hover)">
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Access</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th w={56} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
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
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const [opened, { open, close }] = useDisclosure(false);
  const revoke = useRevokeApiKey();
  return (
    <>
      <Tooltip label="Revoke key" withArrow>
        <ActionIcon variant="subtle" color="red" onClick={open} aria-label={`Revoke API key ${apiKey.name}`}>
          <IconTrash size={18} />
        </ActionIcon>
      </Tooltip>
      <ConfirmModal
        opened={opened}
        onClose={() => {
          close();
          revoke.reset();
        }}
        title={`Revoke “${apiKey.name}”?`}
        confirmLabel="Revoke key"
        loading={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : null}
        onConfirm={() =>
          revoke.mutate(apiKey.id, {
            onSuccess: () => {
              close();
              notifications.show({ color: 'teal', message: `API key “${apiKey.name}” revoked.` });
            },
          })
        }
      >
        Anything using this key stops working immediately. This cannot be undone.
      </ConfirmModal>
    </>
  );
}
