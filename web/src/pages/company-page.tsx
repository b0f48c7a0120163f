import { Anchor, Badge, Breadcrumbs, Button, Grid, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconEdit, IconTrash, IconUsers } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorMessage } from '../lib/api';
import { CompanyFormModal } from '../modules/companies/company-form-modal';
import { useCompany, useDeleteCompany } from '../modules/companies/hooks';
import { ChannelIcons } from '../modules/contacts/channel-icon';
import { ContactAvatar, LifecycleBadge } from '../modules/contacts/contact-bits';
import { useContacts, useCustomFields } from '../modules/contacts/hooks';
import { SectionCard } from '../modules/contacts/profile/section-card';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmModal } from '../ui/confirm-modal';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { LoadMore } from '../ui/load-more';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </Stack>
  );
}

export function CompanyPage() {
  const { id = '' } = useParams();
  const { can } = useCurrentWorkspace();
  const navigate = useNavigate();
  const company = useCompany(id);
  const customFields = useCustomFields('company');
  const contacts = useContacts({ companyId: id }, { sort: 'name', order: 'asc' });
  const remove = useDeleteCompany();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const canManage = can('contacts.manage');

  if (!can('contacts.read')) return <NoAccess what="see companies" />;
  if (company.isPending) return <Skeleton h={240} radius="md" />;
  if (company.isError) {
    if (company.error instanceof ApiError && company.error.status === 404) {
      return <EmptyState icon={<IconBuilding size={24} />} title="This company does not exist" description="It may have been deleted." action={<Anchor component={Link} to="/companies">Back to companies</Anchor>} />;
    }
    return <QueryError error={company.error} onRetry={() => void company.refetch()} />;
  }
  const data = company.data;
  const people = contacts.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <Breadcrumbs mb="sm" fz="sm">
        <Anchor component={Link} to="/companies">Companies</Anchor>
        <span>{data.name}</span>
      </Breadcrumbs>
      <PageHeader
        title={data.name}
        description={data.description || undefined}
        actions={
          canManage && (
            <>
              <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>Edit</Button>
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>Delete</Button>
            </>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SectionCard title="Details">
            <SimpleGrid cols={2} spacing="sm">
              <Field label="Domain">{data.domain ?? '—'}</Field>
              <Field label="Website">{data.website ? <Anchor href={data.website} target="_blank" rel="noreferrer" size="sm">{data.website}</Anchor> : '—'}</Field>
              <Field label="Industry">{data.industry ?? '—'}</Field>
              <Field label="Size">{data.size ?? '—'}</Field>
              <Field label="Contacts">{data.contactCount}</Field>
              <Field label="Tags">
                <Group gap={4}>{data.tags.length ? data.tags.map((tag) => <Badge key={tag} size="xs" variant="light" tt="none">{tag}</Badge>) : '—'}</Group>
              </Field>
              {(customFields.data ?? []).map((field) => {
                const value = data.customFields[field.key];
                return (
                  <Field key={field.id} label={field.label}>
                    {value === undefined || value === null ? '—' : Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)}
                  </Field>
                );
              })}
            </SimpleGrid>
          </SectionCard>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper>
            <Text fw={600} mb="sm">People at {data.name}</Text>
            {contacts.isPending ? (
              <Skeleton h={120} />
            ) : people.length === 0 ? (
              <EmptyState icon={<IconUsers size={24} />} title="Nobody here yet" description="Pick this company on a contact’s profile (Edit details) to list them here." />
            ) : (
              <>
                <DataTable label={`Contacts at ${data.name}`} minWidth={560} highlightOnHover head={<><Table.Th>Name</Table.Th><Table.Th>Title</Table.Th><Table.Th>Stage</Table.Th><Table.Th>Networks</Table.Th></>}>
                  {people.map((contact) => (
                    <Table.Tr key={contact.id}>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <ContactAvatar name={contact.name} src={contact.avatarUrl} size={28} />
                          <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={500}>{contact.name}</Anchor>
                        </Group>
                      </Table.Td>
                      <Table.Td><Text size="sm" c="dimmed">{contact.jobTitle ?? '—'}</Text></Table.Td>
                      <Table.Td><LifecycleBadge stage={contact.lifecycleStage} /></Table.Td>
                      <Table.Td><ChannelIcons channels={contact.channels} /></Table.Td>
                    </Table.Tr>
                  ))}
                </DataTable>
                <LoadMore hasMore={contacts.hasNextPage} loading={contacts.isFetchingNextPage} onLoad={() => void contacts.fetchNextPage()} />
              </>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
      {editing && <CompanyFormModal company={data} onClose={() => setEditing(false)} />}
      <ConfirmModal
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete ${data.name}?`}
        confirmLabel="Delete company"
        loading={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() =>
          remove.mutate(data.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `${data.name} was deleted.` });
              void navigate('/companies');
            },
          })
        }
      >
        The company is removed. Its {data.contactCount} contact{data.contactCount === 1 ? '' : 's'} stay, without a company.
      </ConfirmModal>
    </>
  );
}
