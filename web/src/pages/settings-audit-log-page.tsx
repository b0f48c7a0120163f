import { IconHistory, IconSearch } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { AuditFiltersBar, emptyAuditFilters, toQuery, type AuditFilterState } from '../modules/audit/audit-filters';
import { AuditTable } from '../modules/audit/audit-table';
import { useAuditEvents } from '../modules/audit/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { LoadMore } from '../ui/load-more';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function SettingsAuditLogPage() {
  const { can } = useCurrentWorkspace();
  if (!can('audit.read')) return <NoAccess what="read the audit log" />;
  return <AuditLog />;
}

function AuditLog() {
  const [filters, setFilters] = useState<AuditFilterState>(emptyAuditFilters);
  const [debounced] = useDebouncedValue(filters, 300);
  const query = useMemo(() => toQuery(debounced), [debounced]);
  const events = useAuditEvents(query);
  const rows = events.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = Object.keys(query).length > 0;

  return (
    <>
      <PageHeader order={2} title="Audit log" description="Every change to this workspace: who made it, when, and what it changed. Newest first." />
      <AuditFiltersBar value={filters} onChange={setFilters} />
      {events.isPending ? (
        <TableSkeleton rows={8} />
      ) : events.isError ? (
        <QueryError error={events.error} onRetry={() => void events.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState icon={<IconSearch size={24} />} title="No event matches these filters" description="Widen the dates or clear a filter to see more." />
        ) : (
          <EmptyState icon={<IconHistory size={24} />} title="Nothing recorded yet" description="Changes to members, teams, invitations, API keys and settings will be listed here as they happen." />
        )
      ) : (
        <>
          <AuditTable events={rows} />
          <LoadMore hasMore={events.hasNextPage} loading={events.isFetchingNextPage} onLoad={() => void events.fetchNextPage()} />
        </>
      )}
    </>
  );
}
