import { ActionIcon, Button, Group, MultiSelect, NativeSelect, NumberInput, Paper, SegmentedControl, Select, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconSquarePlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useCustomFields } from '../contacts/hooks';
import { useSegments } from '../segments/hooks';
import type { RoutingCondition, RoutingConditionGroup, RoutingField, RoutingOperator } from './api';

export const operatorLabels: Record<RoutingOperator, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is any of',
  not_in: 'is none of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains any of',
  not_contains: 'contains none of',
  has: 'has',
  has_any: 'has any of',
  has_none: 'has none of',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
};

const LIST_OPS: RoutingOperator[] = ['in', 'not_in', 'has_any', 'has_none'];
const NO_VALUE: RoutingOperator[] = ['is_empty', 'is_not_empty'];
const valueLabels: Record<string, string> = { webchat: 'Web chat', listening: 'Listening mention', x: 'X', whatsapp: 'WhatsApp' };

const asText = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const asList = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' && value ? value.split(',') : []);
const asNumber = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : '');
export const isGroup = (node: RoutingCondition | RoutingConditionGroup): node is RoutingConditionGroup => 'conditions' in node;

type Choices = { fields: RoutingField[]; segments: { value: string; label: string }[] };

/** Conditions of a routing rule: match all/any of rows "field → operator → value", with one level of nested groups. */
export function ConditionBuilder({ fields, value, onChange }: { fields: RoutingField[]; value: RoutingConditionGroup; onChange: (next: RoutingConditionGroup) => void }) {
  const customFields = useCustomFields('contact');
  const segments = useSegments();
  const choices = useMemo<Choices>(
    () => ({
      fields: [
        ...fields,
        ...(customFields.data ?? []).map((field): RoutingField => ({
          field: `contact.custom.${field.key}`,
          label: field.label,
          kind: field.type === 'number' ? 'number' : 'custom',
          operators: field.type === 'number' ? ['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'is_empty', 'is_not_empty'] : ['eq', 'neq', 'in', 'not_in', 'contains', 'is_empty', 'is_not_empty'],
          values: field.options.length > 0 ? field.options : undefined,
        })),
      ],
      segments: (segments.data ?? []).map((segment) => ({ value: segment.id, label: segment.name })),
    }),
    [fields, customFields.data, segments.data],
  );
  if (fields.length === 0) return null;
  return <GroupEditor group={value} onChange={onChange} choices={choices} depth={0} />;
}

function GroupEditor({ group, onChange, onRemove, choices, depth }: { group: RoutingConditionGroup; onChange: (next: RoutingConditionGroup) => void; onRemove?: () => void; choices: Choices; depth: number }) {
  const setItem = (index: number, item: RoutingCondition | RoutingConditionGroup) => onChange({ ...group, conditions: group.conditions.map((current, i) => (i === index ? item : current)) });
  const removeItem = (index: number) => onChange({ ...group, conditions: group.conditions.filter((_, i) => i !== index) });
  const first = choices.fields[0]!;
  const fresh = (): RoutingCondition => ({ field: first.field, op: first.operators[0]! });
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
          No condition yet: every conversation matches.
        </Text>
      )}
      {group.conditions.map((item, index) =>
        isGroup(item) ? (
          <GroupEditor key={index} group={item} onChange={(next) => setItem(index, next)} onRemove={() => removeItem(index)} choices={choices} depth={depth + 1} />
        ) : (
          <ConditionRow key={index} label={depth === 0 ? `${index + 1}` : `${index + 1} of the group`} condition={item} onChange={(next) => setItem(index, next)} onRemove={() => removeItem(index)} choices={choices} />
        ),
      )}
      <Group gap="xs">
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange({ ...group, conditions: [...group.conditions, fresh()] })}>
          Add condition
        </Button>
        {depth === 0 && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconSquarePlus size={14} />}
            onClick={() => onChange({ ...group, conditions: [...group.conditions, { match: group.match === 'all' ? 'any' : 'all', conditions: [fresh()] }] })}
          >
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

function ConditionRow({ condition, onChange, onRemove, choices, label }: { condition: RoutingCondition; onChange: (next: RoutingCondition) => void; onRemove: () => void; choices: Choices; label: string }) {
  const field = choices.fields.find((candidate) => candidate.field === condition.field);
  const operators = field?.operators ?? [condition.op];
  const fieldData = (['conversation', 'contact'] as const).map((prefix) => ({
    group: prefix === 'conversation' ? 'Conversation' : 'Contact',
    items: choices.fields.filter((f) => f.field.startsWith(`${prefix}.`)).map((f) => ({ value: f.field, label: f.label })),
  }));
  if (!field) fieldData.push({ group: 'Unknown', items: [{ value: condition.field, label: condition.field }] });

  const changeField = (next: string | null) => {
    const nextField = choices.fields.find((candidate) => candidate.field === next);
    if (nextField) onChange({ field: nextField.field, op: nextField.operators[0]!, ...(nextField.kind === 'boolean' ? { value: true } : {}) });
  };
  const changeOp = (op: RoutingOperator) => {
    const keep = LIST_OPS.includes(op) === LIST_OPS.includes(condition.op) && !NO_VALUE.includes(op);
    onChange({ field: condition.field, op, ...(keep && condition.value !== undefined ? { value: condition.value } : {}) });
  };

  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <Select aria-label={`Field of condition ${label}`} data={fieldData} value={condition.field} onChange={changeField} searchable allowDeselect={false} w={210} comboboxProps={{ withinPortal: true }} />
      <NativeSelect
        aria-label={`Operator of condition ${label}`}
        value={condition.op}
        data={operators.map((op) => ({ value: op, label: operatorLabels[op] }))}
        onChange={(event) => {
          const op = operators.find((candidate) => candidate === event.currentTarget.value);
          if (op) changeOp(op);
        }}
        w={170}
      />
      <div style={{ flex: '1 1 180px', minWidth: 160 }}>
        <ValueInput condition={condition} field={field} choices={choices} label={`Value of condition ${label}`} onChange={(value) => onChange({ ...condition, value })} />
      </div>
      <Tooltip label="Remove condition" withArrow>
        <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`Remove condition ${label}`} mt={4}>
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function ValueInput({ condition, field, choices, label, onChange }: { condition: RoutingCondition; field: RoutingField | undefined; choices: Choices; label: string; onChange: (value: unknown) => void }) {
  const { op, value } = condition;
  if (!field || NO_VALUE.includes(op)) return null;
  if (field.kind === 'boolean') {
    return (
      <SegmentedControl
        aria-label={label}
        value={value === false ? 'false' : 'true'}
        onChange={(next) => onChange(next === 'true')}
        data={[
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]}
      />
    );
  }
  if (field.kind === 'number' || (field.kind === 'custom' && ['gt', 'gte', 'lt', 'lte'].includes(op))) {
    return <NumberInput aria-label={label} value={asNumber(value)} onChange={(next) => onChange(typeof next === 'number' ? next : undefined)} placeholder="Number" thousandSeparator="," decimalScale={2} />;
  }
  if (field.kind === 'keywords') {
    return <TagsInput aria-label={label} value={asList(value)} onChange={onChange} placeholder="Words or phrases, Enter after each" />;
  }
  const options = field.kind === 'segment' ? choices.segments : field.values?.map((item) => ({ value: item, label: valueLabels[item] ?? item.replace(/_/g, ' ') }));
  if (options && options.length > 0) {
    return LIST_OPS.includes(op) || field.kind === 'segment' ? (
      <MultiSelect aria-label={label} data={options} value={asList(value)} onChange={onChange} searchable placeholder="Choose…" comboboxProps={{ withinPortal: true }} />
    ) : (
      <Select aria-label={label} data={options} value={asText(value) || null} onChange={(next) => onChange(next ?? undefined)} searchable placeholder="Choose…" comboboxProps={{ withinPortal: true }} />
    );
  }
  if (LIST_OPS.includes(op)) return <TagsInput aria-label={label} value={asList(value)} onChange={onChange} placeholder="Values, Enter after each" />;
  return <TextInput aria-label={label} value={asText(value)} onChange={(event) => onChange(event.currentTarget.value)} placeholder={field.field === 'conversation.language' ? 'en' : 'Value'} />;
}
