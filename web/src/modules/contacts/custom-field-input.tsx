import { Checkbox, MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import type { CustomField, CustomValue } from './api';

/** One input per custom field, typed by its definition; values go to the API as the server coerces them. */
export function CustomFieldInput({ field, value, onChange, error, size }: { field: CustomField; value: CustomValue | undefined; onChange: (value: CustomValue) => void; error?: string; size?: 'xs' | 'sm' }) {
  const common = { label: field.label, required: field.required, error, size };
  switch (field.type) {
    case 'number':
      return <NumberInput {...common} value={typeof value === 'number' ? value : ''} onChange={(next) => onChange(typeof next === 'number' ? next : null)} />;
    case 'date':
      return <TextInput {...common} type="date" value={typeof value === 'string' ? value.slice(0, 10) : ''} onChange={(event) => onChange(event.currentTarget.value || null)} />;
    case 'boolean':
      return <Checkbox label={field.label} size={size} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} error={error} mt="xs" />;
    case 'select':
      return <Select {...common} data={field.options} value={typeof value === 'string' ? value : null} onChange={(next) => onChange(next)} clearable={!field.required} searchable />;
    case 'multiselect':
      return <MultiSelect {...common} data={field.options} value={Array.isArray(value) ? value : []} onChange={(next) => onChange(next)} searchable />;
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value || null)} />;
    default:
      return <TextInput {...common} value={typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value)} onChange={(event) => onChange(event.currentTarget.value || null)} />;
  }
}
