import { Autocomplete, Button, Group, Select } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { IconCalendar, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { dayjs } from '../../lib/dates';
import { ENTITY_TYPES, KNOWN_ACTIONS, type AuditFilters } from './api';

export type AuditFilterState = { action: string; entityType: string | null; range: DatesRangeValue<string> };

export const emptyAuditFilters: AuditFilterState = { action: '', entityType: null, range: [null, null] };

/** The API filters on exact actions and on ISO instants covering whole local days. */
export function toQuery(state: AuditFilterState): AuditFilters {
  const [from, to] = state.range;
  return {
    ...(state.action.trim() ? { action: state.action.trim() } : {}),
    ...(state.entityType ? { entityType: state.entityType } : {}),
    ...(from ? { from: dayjs(from).startOf('day').toISOString() } : {}),
    ...(to ? { to: dayjs(to).endOf('day').toISOString() } : {}),
  };
}

export function AuditFiltersBar({ value, onChange }: { value: AuditFilterState; onChange: (value: AuditFilterState) => void }) {
  const active = value.action !== '' || value.entityType !== null || value.range[0] !== null || value.range[1] !== null;
  return (
    <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
      <Autocomplete
        label="Action"
        placeholder="Any action"
        leftSection={<IconSearch size={16} />}
        data={KNOWN_ACTIONS}
        value={value.action}
        onChange={(action) => onChange({ ...value, action })}
        clearable
        w={{ base: '100%', sm: 280 }}
      />
      <Select
        label="Entity type"
        placeholder="Any entity"
        data={ENTITY_TYPES}
        value={value.entityType}
        onChange={(entityType) => onChange({ ...value, entityType })}
        clearable
        w={{ base: '100%', sm: 180 }}
      />
      <DatePickerInput
        type="range"
        label="Dates"
        placeholder="Any time"
        leftSection={<IconCalendar size={16} />}
        value={value.range}
        onChange={(range) => onChange({ ...value, range })}
        clearable
        maxDate={new Date()}
        w={{ base: '100%', sm: 260 }}
      />
      {active && (
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={() => onChange(emptyAuditFilters)}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
