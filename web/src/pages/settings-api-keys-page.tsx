import { Anchor, Button, Text } from '@mantine/core';
import { IconExternalLink, IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiKeysTable } from '../modules/api-keys/api-keys-table';
import { CreateApiKeyModal } from '../modules/api-keys/create-api-key-modal';
import { useApiKeys } from '../modules/api-keys/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function SettingsApiKeysPage() {
  const { can } = useCurrentWorkspace();
  if (!can('api_keys.manage')) return <NoAccess what="manage API keys" />;
  return <ApiKeys />;
}

function ApiKeys() {
  const apiKeys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const newKeyButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New API key
    </Button>
  );

  return (
    <>
      <PageHeader
        order={2}
        title="API keys"
        description={
          <>
            Let scripts and other tools use Parley’s HTTP API on behalf of this workspace.{' '}
            <Anchor href="/api/docs" target="_blank" rel="noopener" size="sm" inline>
              Read the API docs <IconExternalLink size={12} style={{ verticalAlign: 'middle' }} aria-label="(opens in a new tab)" />
            </Anchor>
          </>
        }
        actions={apiKeys.data && apiKeys.data.length > 0 ? newKeyButton : undefined}
      />
      {apiKeys.isPending ? (
        <TableSkeleton rows={3} />
      ) : apiKeys.isError ? (
        <QueryError error={apiKeys.error} onRetry={() => void apiKeys.refetch()} />
      ) : apiKeys.data.length === 0 ? (
        <EmptyState
          icon={<IconKey size={24} />}
          title="No API keys yet"
          description="Create a key for each integration, so you can revoke one without breaking the others."
          action={newKeyButton}
        />
      ) : (
        <>
          <ApiKeysTable apiKeys={apiKeys.data} />
          <Text size="xs" c="dimmed" mt="sm">
            Keys are shown only once, when created. Revoke a key you have lost and create a new one.
          </Text>
        </>
      )}
      {creating && <CreateApiKeyModal onClose={() => setCreating(false)} />}
    </>
  );
}
