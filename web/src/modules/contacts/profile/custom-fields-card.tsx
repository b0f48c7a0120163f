import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { fieldErrors, formError } from '../../../lib/api';
import { useCurrentWorkspace } from '../../workspaces/current-workspace';
import type { ContactDetail, CustomValue } from '../api';
import { CustomFieldInput } from '../custom-field-input';
import { useCustomFields, useUpdateContact } from '../hooks';
import { SectionCard } from './section-card';

export function CustomFieldsCard({ contact, canManage }: { contact: ContactDetail; canManage: boolean }) {
  const { can } = useCurrentWorkspace();
  const definitions = useCustomFields('contact');
  const update = useUpdateContact(contact.id);
  const [draft, setDraft] = useState<Record<string, CustomValue>>({});
  const values = { ...contact.customFields, ...draft };
  const dirty = Object.keys(draft).length > 0;
  const errors = fieldErrors(update.error);
  const general = formError(update.error, (definitions.data ?? []).map((d) => `customFields.${d.key}`));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { customFields: draft },
      {
        onSuccess: () => {
          setDraft({});
          notifications.show({ color: 'teal', message: 'Custom fields saved.' });
        },
      },
    );
  };

  if (definitions.isPending) return null;
  const fields = definitions.data ?? [];
  return (
    <SectionCard title="Custom fields">
      {fields.length === 0 ? (
        <Text size="sm" c="dimmed">
          No custom field defined.{' '}
          {can('custom_fields.manage') && (
            <Anchor component={Link} to="/settings/custom-fields" size="sm">
              Define fields in Settings
            </Anchor>
          )}
        </Text>
      ) : canManage ? (
        <form onSubmit={submit}>
          <Stack gap="xs">
            {fields.map((field) => (
              <CustomFieldInput key={field.id} size="xs" field={field} value={values[field.key]} error={errors[`customFields.${field.key}`]} onChange={(value) => setDraft((d) => ({ ...d, [field.key]: value }))} />
            ))}
            {general && <Text size="xs" c="red" role="alert">{general}</Text>}
            {dirty && (
              <Group gap="xs" justify="flex-end">
                <Button size="xs" variant="default" onClick={() => { setDraft({}); update.reset(); }}>
                  Discard
                </Button>
                <Button size="xs" type="submit" loading={update.isPending}>
                  Save fields
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      ) : (
        <Stack gap={4}>
          {fields.map((field) => {
            const value = contact.customFields[field.key];
            return (
              <Group key={field.id} gap="xs" justify="space-between" wrap="nowrap">
                <Text size="sm" c="dimmed">{field.label}</Text>
                <Text size="sm">{value === undefined || value === null ? '—' : Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)}</Text>
              </Group>
            );
          })}
        </Stack>
      )}
    </SectionCard>
  );
}
