import { Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { ListeningTabs } from '../modules/listening/listening-tabs';
import { ImportForm } from '../modules/listening/imports/import-form';
import { ImportProgress } from '../modules/listening/imports/import-progress';
import { useImportProgressEvents, useListeningImport, useListeningImports } from '../modules/listening/imports/hooks';
import { PastImports } from '../modules/listening/imports/past-imports';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function ListeningImportPage() {
  const { can } = useCurrentWorkspace();
  const imports = useListeningImports();
  const [selected, setSelected] = useState<string | null>(null);
  const shown = selected ?? imports.data?.[0]?.id ?? null;
  const current = useListeningImport(shown);
  useImportProgressEvents();
  if (!can('listening.manage')) return <NoAccess what="import past posts into this workspace" />;

  return (
    <>
      <PageHeader
        title="Import past posts"
        description="Backfill history from an export: each post goes through your topics’ queries like a live one, and those that match become mentions. Importing the same file again stores nothing twice."
      />
      <ListeningTabs />
      <Stack gap="xl">
        <ImportForm onStarted={(row) => setSelected(row.id)} />
        {current.data && <ImportProgress row={current.data} />}
        {imports.isPending ? (
          <TableSkeleton rows={3} />
        ) : imports.isError ? (
          <QueryError error={imports.error} onRetry={() => void imports.refetch()} />
        ) : (
          imports.data.length > 0 && (
            <Stack gap="sm">
              <Title order={2} fz={18}>
                Past imports
              </Title>
              <PastImports imports={imports.data} selected={shown} onSelect={setSelected} />
            </Stack>
          )
        )}
      </Stack>
    </>
  );
}
