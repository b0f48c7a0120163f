import { Alert, Button, Checkbox, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { errorCode, fieldErrors, formError } from '../../lib/api';
import type { CustomField } from './api';
import { CUSTOM_FIELD_TYPES, customFieldTypeLabels, isOneOf, type CustomFieldEntity, type CustomFieldType } from './constants';
import { useCreateCustomField, useUpdateCustomField } from './hooks';

/** Defines a custom field, or edits one (its type and key cannot change once values exist). Mount only while open. */
export function CustomFieldFormModal({ entity, field, onClose }: { entity: CustomFieldEntity; field?: CustomField; onClose: () => void }) {
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const mutation = field ? update : create;
  const [label, setLabel] = useState(field?.label ?? '');
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<string[]>(field?.options ?? []);
  const [required, setRequired] = useState(field?.required ?? false);
  const errors = fieldErrors(mutation.error);
  const keyTaken = errorCode(mutation.error) === 'custom_field.key_taken';
  const general = keyTaken ? null : formError(mutation.error, ['label', 'options']);
  const hasOptions = type === 'select' || type === 'multiselect';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const onSuccess = (saved: CustomField) => {
      notifications.show({ color: 'teal', message: field ? `Field “${saved.label}” saved.` : `Field “${saved.label}” created.` });
      onClose();
    };
    if (field) update.mutate({ fieldId: field.id, input: { label: label.trim(), required, ...(hasOptions ? { options } : {}) } }, { onSuccess });
    else create.mutate({ entity, label: label.trim(), type, required, ...(hasOptions ? { options } : {}) }, { onSuccess });
  };

  return (
    <Modal opened onClose={onClose} title={field ? 'Edit field' : 'New custom field'} centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label="Label" placeholder="e.g. Shoe size" required value={label} onChange={(e) => setLabel(e.currentTarget.value)} error={keyTaken ? 'A field with this name already exists.' : errors.label} data-autofocus />
          <Select
            label="Type"
            data={CUSTOM_FIELD_TYPES.map((t) => ({ value: t, label: customFieldTypeLabels[t] }))}
            value={type}
            allowDeselect={false}
            disabled={Boolean(field)}
            description={field ? 'The type cannot change once the field exists.' : undefined}
            onChange={(value) => isOneOf(CUSTOM_FIELD_TYPES, value) && setType(value)}
          />
          {hasOptions && <TagsInput label="Options" description="Type an option and press Enter" required value={options} onChange={setOptions} error={errors.options} />}
          <Checkbox label="Required" description="Saving a record without a value is refused." checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
          {field && <Text size="xs" c="dimmed">Key: {field.key} (used in imports, filters and the API)</Text>}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!label.trim() || (hasOptions && options.length === 0)}>
              {field ? 'Save field' : 'Create field'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
