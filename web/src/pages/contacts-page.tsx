import { Badge, Button, Chip, Drawer, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconAddressBook, IconFileImport, IconFilter, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { BulkActionsBar } from '../modules/contacts/bulk-actions-bar';
import { isOneOf, LIFECYCLE_STAGES, lifecycleLabels } from '../modules/contacts/constants';
import { ContactsTable } from '../modules/contacts/contacts-table';
import { CrmTabs } from '../modules/contacts/crm-tabs';
import { ContactsExportSlot } from '../modules/contacts/export-slot';
import { useContactCount, useContacts } from '../modules/contacts/hooks';
import { useContactListParams } from '../modules/contacts/list-params';
import { NewContactModal } from '../modules/contacts/new-contact-modal';
import { useMemberOptions } from '../modules/members/hooks';
import { countConditions, emptyFilter, completeFilter, type FilterGroup } from '../modules/segments/filter-fields';
import { FilterBuilder } from '../modules/segments/filter-builder';
import { useSegments } from '../modules/segments/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

export function ContactsPage() {
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const canManage = can('contacts.manage');

  if (!can('contacts.read')) return <NoAccess what="see the contacts of this workspace" />;

  return (
    <>
      <PageHeader
        title="Contacts"
        description="Everyone you talk to, one profile each across all their networks."
        actions={
          <>
            <ContactsExportSlot />
            {can('contacts.import') && (
              <Button component={Link} to="/contacts/import" variant="default" leftSection={<IconFileImport size={16} />}>
                Import CSV
              </Button>
            )}
            {canManage && (
              <Button leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)}>
                New contact
              </Button>
            )}
          </>
        }
      />
      <CrmTabs />
      <ContactList canManage={canManage} onCreate={() => setCreating(true)} />
      {creating && <NewContactModal onClose={() => setCreating(false)} onCreated={(contact) => void navigate(`/contacts/${contact.id}`)} />}
    </>
  );
}

function ContactList({ canManage, onCreate }: { canManage: boolean; onCreate: () => void }) {
  const { can } = useCurrentWorkspace();
  const { filters, sort, update, active } = useContactListParams();
  const [search, setSearch] = useState(filters.q ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [tag, setTag] = useState(filters.tag ?? '');
  const [debouncedTag] = useDebouncedValue(tag.trim().toLowerCase(), 400);
  const [drawerOpen, drawer] = useDisclosure(false);
  const [draft, setDraft] = useState<FilterGroup>(() => filters.filter ?? emptyFilter());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const members = useMemberOptions();
  const segments = useSegments();
  const contacts = useContacts(filters, sort);
  const count = useContactCount(filters);
  const rows = useMemo(() => contacts.data?.pages.flatMap((page) => page.data) ?? [], [contacts.data]);
  const ownerNames = useMemo(() => new Map((members.data ?? []).map((m) => [m.id, m.name || m.email])), [members.data]);
  const advancedCount = countConditions(filters.filter ?? emptyFilter());

  // The typed text reaches the URL (and the query) only once typing pauses.
  useEffect(() => {
    if (q !== (filters.q ?? '')) update({ q });
  }, [q, filters.q, update]);
  useEffect(() => {
    if (debouncedTag !== (filters.tag ?? '')) update({ tag: debouncedTag || null });
  }, [debouncedTag, filters.tag, update]);

  const onSelect = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const clearAll = () => {
    setSearch('');
    setTag('');
    setDraft(emptyFilter());
    update({ q: '', lifecycleStage: null, tag: null, ownerMemberId: null, vip: null, segmentId: null, filter: null, source: null, companyId: null });
  };

  return (
    <>
      <Stack gap="sm" mb="md">
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search contacts"
            placeholder="Search by name, @handle, email or phone"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: '1 1 260px' }}
            maw={380}
          />
          <Select
            aria-label="Filter by lifecycle stage"
            placeholder="Any stage"
            data={LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: lifecycleLabels[stage] }))}
            value={filters.lifecycleStage ?? null}
            onChange={(value) => update({ lifecycleStage: isOneOf(LIFECYCLE_STAGES, value) ? value : null })}
            clearable
            w={150}
          />
          <TextInput aria-label="Filter by tag" placeholder="Tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} w={120} />
          <Select
            aria-label="Filter by owner"
            placeholder="Any owner"
            data={(members.data ?? []).map((m) => ({ value: m.id, label: m.name || m.email }))}
            value={filters.ownerMemberId ?? null}
            onChange={(value) => update({ ownerMemberId: value })}
            clearable
            searchable
            w={160}
          />
          <Chip checked={filters.vip === true} onChange={(on) => update({ vip: on ? true : null })} variant="outline">
            VIP only
          </Chip>
          <Select
            aria-label="Segment"
            placeholder="All contacts"
            data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={filters.segmentId ?? null}
            onChange={(value) => update({ segmentId: value })}
            clearable
            searchable
            w={180}
            nothingFoundMessage="No segment yet"
          />
          <Button
            variant={advancedCount > 0 ? 'light' : 'default'}
            leftSection={<IconFilter size={16} />}
            rightSection={advancedCount > 0 ? <Badge size="xs" circle>{advancedCount}</Badge> : undefined}
            onClick={() => {
              setDraft(filters.filter ?? emptyFilter());
              drawer.open();
            }}
          >
            Advanced filter
          </Button>
        </Group>
        <Group gap="sm" justify="space-between">
          <Text size="sm" c="dimmed" aria-live="polite">
            {count.data === undefined ? 'Counting…' : `${count.data.toLocaleString()} contact${count.data === 1 ? '' : 's'}${active ? ' match' : ''}`}
            {contacts.isFetching && !contacts.isFetchingNextPage && !contacts.isPending ? ' · updating…' : ''}
          </Text>
          {active && (
            <Button variant="subtle" size="xs" onClick={clearAll}>
              Clear filters
            </Button>
          )}
        </Group>
      </Stack>

      {contacts.isPending ? (
        <TableSkeleton rows={8} />
      ) : contacts.isError ? (
        <QueryError error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : rows.length === 0 ? (
        active ? (
          <EmptyState icon={<IconSearch size={24} />} title="No contact matches" description="Try another name or @handle, loosen the filters, or clear them to see everyone." action={<Button variant="default" onClick={clearAll}>Clear filters</Button>} />
        ) : (
          <EmptyState
            icon={<IconAddressBook size={24} />}
            title="No contacts yet"
            description={canManage ? 'Add your first contact by hand, or import a CSV from another tool. People who write to you or mention you will also appear here.' : 'Contacts appear here as people write to you, mention you or are imported.'}
            action={
              canManage && (
                <Group gap="sm" justify="center">
                  <Button leftSection={<IconUserPlus size={16} />} onClick={onCreate}>
                    Add a contact
                  </Button>
                  {can('contacts.import') && (
                    <Button component={Link} to="/contacts/import" variant="default" leftSection={<IconFileImport size={16} />}>
                      Import a CSV
                    </Button>
                  )}
                </Group>
              )
            }
          />
        )
      ) : (
        <ContactsTable
          contacts={rows}
          total={count.data ?? null}
          sort={sort}
          onSort={(next) => update(next)}
          selected={selected}
          onSelect={onSelect}
          hasNextPage={contacts.hasNextPage}
          isFetchingNextPage={contacts.isFetchingNextPage}
          fetchNextPage={() => void contacts.fetchNextPage()}
          ownerNames={ownerNames}
          selectable={canManage}
        />
      )}

      {selected.size > 0 && <BulkActionsBar ids={[...selected]} onDone={() => setSelected(new Set())} />}

      <Drawer opened={drawerOpen} onClose={drawer.close} title="Advanced filter" position="right" size="xl">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Combine conditions on any field, tag, network or custom field. Save it as a segment from the Segments tab to reuse it.
          </Text>
          <FilterBuilder value={draft} onChange={setDraft} />
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                setDraft(emptyFilter());
                update({ filter: null });
                drawer.close();
              }}
            >
              Reset
            </Button>
            <Button
              onClick={() => {
                update({ filter: completeFilter(draft) });
                drawer.close();
              }}
            >
              Apply filter
            </Button>
          </Group>
        </Stack>
      </Drawer>
    </>
  );
}
