import { ActionIcon, Badge, Button, Group, SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconForms, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../lib/api';
import type { CustomField } from '../modules/contacts/api';
import { CUSTOM_FIELD_ENTITIES, customFieldTypeLabels, isOneOf, type CustomFieldEntity } from '../modules/contacts/constants';
import { CustomFieldFormModal } from '../modules/contacts/custom-field-form-modal';
import { useCustomFields, useDeleteCustomField } from '../modules/contacts/hooks';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { ConfirmActionButton } from '../ui/confirm-action-button';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

const entityLabels: Record<CustomFieldEntity, string> = { contact: 'Contacts', company: 'Companies', deal: 'Deals' };

function DeleteFieldButton({ field }: { field: CustomField }) {
  const remove = useDeleteCustomField();
  return (
    <ConfirmActionButton
      icon={<IconTrash size={16} />}
      tooltip={`Delete ${field.label}`}
      title={`Delete the field “${field.label}”?`}
      confirmLabel="Delete field and values"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(field.id);
        notifications.show({ color: 'teal', message: `Field “${field.label}” deleted.` });
      }}
    >
      Its value is removed from every {field.entity} that has one, and segments filtering on it stop matching. This cannot be undone.
    </ConfirmActionButton>
  );
}

export function SettingsCustomFieldsPage() {
  const { can } = useCurrentWorkspace();
  const [entity, setEntity] = useState<CustomFieldEntity>('contact');
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const fields = useCustomFields(entity);
  const canManage = can('custom_fields.manage');

  if (!can('contacts.read')) return <NoAccess what="see custom fields" />;
  const rows = fields.data ?? [];

  return (
    <>
      <PageHeader
        order={2}
        title="Custom fields"
        description="Fields of your own on contacts, companies and deals: shown on profiles, filled by imports, usable in segments."
        actions={canManage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New field</Button>}
      />
      <SegmentedControl
        mb="md"
        aria-label="Record type"
        value={entity}
        onChange={(value) => isOneOf(CUSTOM_FIELD_ENTITIES, value) && setEntity(value)}
        data={CUSTOM_FIELD_ENTITIES.map((value) => ({ value, label: entityLabels[value] }))}
      />
      {fields.isPending ? (
        <TableSkeleton />
      ) : fields.isError ? (
        <QueryError error={fields.error} onRetry={() => void fields.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<IconForms size={24} />}
          title={`No custom field on ${entityLabels[entity].toLowerCase()}`}
          description="Add the details your team tracks that Parley does not have out of the box: a plan, a shoe size, a renewal date."
          action={canManage && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New field</Button>}
        />
      ) : (
        <DataTable
          label={`Custom fields on ${entityLabels[entity].toLowerCase()}`}
          minWidth={640}
          head={
            <>
              <Table.Th>Label</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Options</Table.Th>
              <Table.Th w={90}>
                <Text span size="sm" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Actions</Text>
              </Table.Th>
            </>
          }
        >
          {rows.map((field) => (
            <Table.Tr key={field.id}>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm" fw={500}>{field.label}</Text>
                  {field.required && <Badge size="xs" variant="light" color="orange">Required</Badge>}
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm" ff="monospace" c="dimmed">{field.key}</Text></Table.Td>
              <Table.Td><Text size="sm">{customFieldTypeLabels[field.type]}</Text></Table.Td>
              <Table.Td><Text size="sm" c="dimmed" lineClamp={1}>{field.options.join(', ') || '—'}</Text></Table.Td>
              <Table.Td>
                {canManage && (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Tooltip label="Edit" withArrow>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${field.label}`} onClick={() => setEditing(field)}>
                        <IconEdit size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <DeleteFieldButton field={field} />
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {editing && <CustomFieldFormModal entity={entity} field={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
