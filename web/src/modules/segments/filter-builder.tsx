import { ActionIcon, Button, Group, MultiSelect, NativeSelect, NumberInput, Paper, SegmentedControl, Select, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconSquarePlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useCompanyOptions } from '../companies/hooks';
import { useCustomFields } from '../contacts/hooks';
import { useMemberOptions } from '../members/hooks';
import {
  filterFieldsWith,
  isGroup,
  needsNoValue,
  operatorLabels,
  operatorsFor,
  takesList,
  type FieldOption,
  type FilterCondition,
  type FilterField,
  type FilterGroup,
  type FilterOperator,
} from './filter-fields';

const asText = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const asList = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const asNumber = (value: unknown) => (typeof value === 'number' ? value : '');

type Choices = { fields: FilterField[]; refOptions: Record<string, FieldOption[]> };

/**
 * The segment filter builder: match all/any of rows "field → operator → value", with one level of
 * nested groups. Operators are limited to those the server accepts for the field's kind, and the
 * value input follows the field (text, number, date, choice, tags, yes/no).
 */
export function FilterBuilder({ value, onChange }: { value: FilterGroup; onChange: (next: FilterGroup) => void }) {
  const customFields = useCustomFields('contact');
  const members = useMemberOptions();
  const companies = useCompanyOptions();
  const choices = useMemo<Choices>(
    () => ({
      fields: filterFieldsWith(customFields.data ?? []),
      refOptions: {
        ownerMemberId: (members.data ?? []).map((member) => ({ value: member.id, label: member.name || member.email })),
        companyId: (companies.data ?? []).map((company) => ({ value: company.id, label: company.name })),
      },
    }),
    [customFields.data, members.data, companies.data],
  );
  return <GroupEditor group={value} onChange={onChange} choices={choices} depth={0} />;
}

function GroupEditor({ group, onChange, onRemove, choices, depth }: { group: FilterGroup; onChange: (next: FilterGroup) => void; onRemove?: () => void; choices: Choices; depth: number }) {
  const setItem = (index: number, item: FilterCondition | FilterGroup) => onChange({ ...group, conditions: group.conditions.map((current, i) => (i === index ? item : current)) });
  const removeItem = (index: number) => onChange({ ...group, conditions: group.conditions.filter((_, i) => i !== index) });
  const first = choices.fields[0]!;
  const addCondition = () => onChange({ ...group, conditions: [...group.conditions, { field: first.field, op: operatorsFor(first)[0]! }] });
  const addGroup = () => onChange({ ...group, conditions: [...group.conditions, { match: group.match === 'all' ? 'any' : 'all', conditions: [{ field: first.field, op: operatorsFor(first)[0]! }] }] });

  const body = (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <Text size="sm">Match</Text>
          <SegmentedControl
            size="xs"
            aria-label={depth === 0 ? 'Match all or any condition' : 'Match all or any condition of this group'}
            value={group.match}
            onChange={(match) => onChange({ ...group, match: match === 'any' ? 'any' : 'all' })}
            data={[
              { value: 'all', label: 'all' },
              { value: 'any', label: 'any' },
            ]}
          />
          <Text size="sm">of these conditions</Text>
        </Group>
        {onRemove && (
          <Tooltip label="Remove group" withArrow>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label="Remove group">
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      {group.conditions.length === 0 && (
        <Text size="sm" c="dimmed">
          No condition yet: every contact matches.
        </Text>
      )}
      {group.conditions.map((item, index) =>
        isGroup(item) ? (
          <GroupEditor key={index} group={item} onChange={(next) => setItem(index, next)} onRemove={() => removeItem(index)} choices={choices} depth={depth + 1} />
        ) : (
          <ConditionRow key={index} index={index} condition={item} onChange={(next) => setItem(index, next)} onRemove={() => removeItem(index)} choices={choices} />
        ),
      )}
      <Group gap="xs">
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={addCondition}>
          Add condition
        </Button>
        {depth === 0 && (
          <Button size="xs" variant="subtle" leftSection={<IconSquarePlus size={14} />} onClick={addGroup}>
            Add group
          </Button>
        )}
      </Group>
    </Stack>
  );
  return depth === 0 ? body : (
    <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)">
      {body}
    </Paper>
  );
}

function ConditionRow({ condition, onChange, onRemove, choices, index }: { condition: FilterCondition; onChange: (next: FilterCondition) => void; onRemove: () => void; choices: Choices; index: number }) {
  const field = choices.fields.find((candidate) => candidate.field === condition.field);
  const operators = operatorsFor(field);
  const groups = [...new Set(choices.fields.map((f) => f.group))];
  const fieldData = groups.map((group) => ({ group, items: choices.fields.filter((f) => f.group === group).map((f) => ({ value: f.field, label: f.label })) }));
  // A custom field deleted since the segment was saved still shows, so it can be seen and removed.
  if (!field) fieldData.push({ group: 'Unknown', items: [{ value: condition.field, label: condition.field }] });

  const changeField = (next: string | null) => {
    const nextField = choices.fields.find((candidate) => candidate.field === next);
    if (!nextField) return;
    onChange({ field: nextField.field, op: operatorsFor(nextField)[0]! });
  };
  const changeOp = (op: FilterOperator) => {
    // A list value means nothing to a single-value operator and the other way round.
    const keep = takesList(op) === takesList(condition.op) && !needsNoValue(op);
    onChange({ field: condition.field, op, ...(keep && condition.value !== undefined ? { value: condition.value } : {}) });
  };
  const n = index + 1;

  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <Select aria-label={`Field of condition ${n}`} data={fieldData} value={condition.field} onChange={changeField} searchable allowDeselect={false} w={200} comboboxProps={{ withinPortal: true }} />
      <NativeSelect
        aria-label={`Operator of condition ${n}`}
        value={condition.op}
        data={operators.map((op) => ({ value: op, label: operatorLabels[op] }))}
        onChange={(event) => {
          const op = operators.find((candidate) => candidate === event.currentTarget.value);
          if (op) changeOp(op);
        }}
        w={190}
      />
      <div style={{ flex: '1 1 180px', minWidth: 160 }}>
        <ValueInput condition={condition} field={field} choices={choices} label={`Value of condition ${n}`} onChange={(value) => onChange({ ...condition, value })} />
      </div>
      <Tooltip label="Remove condition" withArrow>
        <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`Remove condition ${n}`} mt={4}>
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function ValueInput({ condition, field, choices, label, onChange }: { condition: FilterCondition; field: FilterField | undefined; choices: Choices; label: string; onChange: (value: unknown) => void }) {
  const { op, value } = condition;
  if (!field || needsNoValue(op)) return null;
  const options = field.options ?? choices.refOptions[field.field];

  if (field.kind === 'boolean') {
    return (
      <SegmentedControl
        aria-label={label}
        value={value === false ? 'false' : value === true ? 'true' : ''}
        onChange={(next) => onChange(next === 'true')}
        data={[
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]}
      />
    );
  }
  if (field.kind === 'number' || op === 'within_days') {
    return <NumberInput aria-label={label} value={asNumber(value)} onChange={(next) => onChange(typeof next === 'number' ? next : undefined)} placeholder={op === 'within_days' ? 'Days' : 'Number'} min={op === 'within_days' ? 1 : undefined} />;
  }
  if (field.kind === 'date') {
    return <TextInput aria-label={label} type="date" value={asText(value).slice(0, 10)} onChange={(event) => onChange(event.currentTarget.value || undefined)} />;
  }
  if (options && options.length > 0) {
    return takesList(op) ? (
      <MultiSelect aria-label={label} data={options} value={asList(value)} onChange={onChange} searchable placeholder="Choose…" />
    ) : (
      <Select aria-label={label} data={options} value={asText(value) || null} onChange={(next) => onChange(next ?? undefined)} searchable placeholder="Choose…" />
    );
  }
  if (takesList(op)) {
    return <TagsInput aria-label={label} value={asList(value)} onChange={onChange} placeholder={field.kind === 'tags' ? 'Tags, Enter after each' : 'Values, Enter after each'} />;
  }
  return (
    <TextInput
      aria-label={label}
      value={asText(value)}
      onChange={(event) => onChange(event.currentTarget.value)}
      placeholder={field.kind === 'tags' ? 'A tag' : field.field === 'identity.handle' ? '@handle' : 'Value'}
    />
  );
}
