import { Anchor, Badge, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { shortDate } from '../lib/dates';
import { CompanyFormModal } from '../modules/companies/company-form-modal';
import { useCompanies } from '../modules/companies/hooks';
import { CrmTabs } from '../modules/contacts/crm-tabs';
import { ExportButton } from '../modules/imports/export-button';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { LoadMore } from '../ui/load-more';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function CompaniesPage() {
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const canManage = can('contacts.manage');
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const companies = useCompanies(q);
  const rows = companies.data?.pages.flatMap((page) => page.data) ?? [];

  if (!can('contacts.read')) return <NoAccess what="see companies" />;

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Everyone you talk to, one profile each across all their networks."
        actions={
          <>
            {can('contacts.export') && <ExportButton path="/companies/export" filters={{ q }} />}
            {canManage && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New company
              </Button>
            )}
          </>
        }
      />
      <CrmTabs />
      <TextInput aria-label="Search companies" placeholder="Search companies by name or domain" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={360} mb="md" />
      {companies.isPending ? (
        <TableSkeleton />
      ) : companies.isError ? (
        <QueryError error={companies.error} onRetry={() => void companies.refetch()} />
      ) : rows.length === 0 ? (
        q ? (
          <EmptyState icon={<IconSearch size={24} />} title="No company matches" description="Try another name or domain." />
        ) : (
          <EmptyState
            icon={<IconBuilding size={24} />}
            title="No companies yet"
            description="Companies group the contacts who work there. Create one, then pick it on a contact’s profile."
            action={canManage && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>New company</Button>}
          />
        )
      ) : (
        <>
          <DataTable
            label="Companies"
            minWidth={720}
            highlightOnHover
            head={
              <>
                <Table.Th>Name</Table.Th>
                <Table.Th>Domain</Table.Th>
                <Table.Th>Industry</Table.Th>
                <Table.Th ta="right">Contacts</Table.Th>
                <Table.Th>Tags</Table.Th>
                <Table.Th>Created</Table.Th>
              </>
            }
          >
            {rows.map((company) => (
              <Table.Tr key={company.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/companies/${company.id}`} fw={500} size="sm">
                    {company.name}
                  </Anchor>
                </Table.Td>
                <Table.Td><Text size="sm" c="dimmed">{company.domain ?? '—'}</Text></Table.Td>
                <Table.Td><Text size="sm">{company.industry ?? '—'}</Text></Table.Td>
                <Table.Td ta="right"><Text size="sm">{company.contactCount}</Text></Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {company.tags.map((tag) => (
                      <Badge key={tag} size="xs" variant="light" tt="none">{tag}</Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td><Text size="sm" c="dimmed">{shortDate(company.createdAt)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
          <LoadMore hasMore={companies.hasNextPage} loading={companies.isFetchingNextPage} onLoad={() => void companies.fetchNextPage()} />
        </>
      )}
      {creating && <CompanyFormModal onClose={() => setCreating(false)} onSaved={(company) => void navigate(`/companies/${company.id}`)} />}
    </>
  );
}
