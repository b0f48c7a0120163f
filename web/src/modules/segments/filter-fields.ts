// The contact filter's vocabulary (operators and tree from src/shared/vocabulary.ts): which fields exist,
// what kind each is, and which operators the server accepts for that kind. The builder offers only
// those, so a saved segment never fails validation on the server.
import { ACQUISITION_SOURCES, IDENTITY_CHANNELS, LIFECYCLE_STAGES, channelLabels, lifecycleLabels, sourceLabels } from '../contacts/constants';
import type { CustomField } from '../contacts/api';
import { filterOperators, type FilterCondition, type FilterGroup, type FilterOperator } from '../../../../src/shared/vocabulary';

export const FILTER_OPERATORS = filterOperators;
export type { FilterCondition, FilterGroup, FilterOperator };

export type FieldKind = 'text' | 'enum' | 'ref' | 'number' | 'date' | 'boolean' | 'tags' | 'identity';

export type FieldOption = { value: string; label: string };

export type FilterField = {
  field: string;
  label: string;
  kind: FieldKind;
  group: string;
  /** Fixed choices for enum fields; ref fields get theirs (members, companies) from the builder. */
  options?: FieldOption[];
};

export const operatorsByKind: Record<FieldKind, FilterOperator[]> = {
  text: ['eq', 'neq', 'contains', 'starts_with', 'is_empty', 'is_not_empty'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'],
  ref: ['eq', 'neq', 'in', 'not_in', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'],
  date: ['before', 'after', 'within_days', 'is_empty', 'is_not_empty'],
  boolean: ['eq'],
  tags: ['has', 'has_any', 'has_none', 'is_empty', 'is_not_empty'],
  identity: ['has', 'neq'],
};

export const operatorLabels: Record<FilterOperator, string> = {
  eq: 'is',
  neq: 'is not',
  contains: 'contains',
  starts_with: 'starts with',
  in: 'is any of',
  not_in: 'is none of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  before: 'is before',
  after: 'is after',
  within_days: 'is within the last (days)',
  has: 'has',
  has_any: 'has any of',
  has_none: 'has none of',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
};

const opts = <T extends string>(values: readonly T[], labels: Record<T, string>): FieldOption[] => values.map((value) => ({ value, label: labels[value] }));

export const BUILT_IN_FIELDS: FilterField[] = [
  { field: 'name', label: 'Name', kind: 'text', group: 'Contact' },
  { field: 'email', label: 'Email', kind: 'text', group: 'Contact' },
  { field: 'phone', label: 'Phone', kind: 'text', group: 'Contact' },
  { field: 'jobTitle', label: 'Job title', kind: 'text', group: 'Contact' },
  { field: 'location', label: 'Location', kind: 'text', group: 'Contact' },
  { field: 'language', label: 'Language', kind: 'enum', group: 'Contact' },
  { field: 'lifecycleStage', label: 'Lifecycle stage', kind: 'enum', group: 'Contact', options: opts(LIFECYCLE_STAGES, lifecycleLabels) },
  { field: 'source', label: 'Source', kind: 'enum', group: 'Contact', options: opts(ACQUISITION_SOURCES, sourceLabels) },
  { field: 'sourceChannel', label: 'Source channel', kind: 'enum', group: 'Contact' },
  { field: 'ownerMemberId', label: 'Owner', kind: 'ref', group: 'Contact' },
  { field: 'companyId', label: 'Company', kind: 'ref', group: 'Contact' },
  { field: 'tags', label: 'Tags', kind: 'tags', group: 'Contact' },
  { field: 'createdAt', label: 'Created', kind: 'date', group: 'Contact' },
  { field: 'becameCustomerAt', label: 'Became customer', kind: 'date', group: 'Contact' },
  { field: 'vip', label: 'VIP', kind: 'boolean', group: 'Signals' },
  { field: 'communityMember', label: 'Community member', kind: 'boolean', group: 'Signals' },
  { field: 'followersTotal', label: 'Followers (total)', kind: 'number', group: 'Signals' },
  { field: 'influenceScore', label: 'Influence score', kind: 'number', group: 'Signals' },
  { field: 'engagementScore', label: 'Engagement score', kind: 'number', group: 'Signals' },
  { field: 'sentimentAvg', label: 'Average sentiment', kind: 'number', group: 'Signals' },
  { field: 'interactionCount', label: 'Interactions', kind: 'number', group: 'Signals' },
  { field: 'lastInteractionAt', label: 'Last interaction', kind: 'date', group: 'Signals' },
  { field: 'identity.channel', label: 'Is on network', kind: 'identity', group: 'Identities', options: opts(IDENTITY_CHANNELS, channelLabels) },
  { field: 'identity.handle', label: 'Handle', kind: 'identity', group: 'Identities' },
];

/** Custom fields map to the kinds the server infers for custom.<key> from the operator. */
function customKind(field: CustomField): FieldKind {
  switch (field.type) {
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'select':
      return 'enum';
    case 'multiselect':
      return 'tags';
    default:
      return 'text';
  }
}

// custom.<key> is compiled as text unless the operator implies a number or a date, so the choice per
// kind is narrower than for built-in columns (no in/not_in; "has" for multi-selects).
export const customOperators: Record<FieldKind, FilterOperator[]> = {
  ...operatorsByKind,
  text: ['eq', 'neq', 'contains', 'starts_with', 'is_empty', 'is_not_empty'],
  enum: ['eq', 'neq', 'is_empty', 'is_not_empty'],
  tags: ['has', 'is_empty', 'is_not_empty'],
  number: ['eq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'],
};

export function filterFieldsWith(customFields: CustomField[]): FilterField[] {
  return [
    ...BUILT_IN_FIELDS,
    ...customFields.map((field) => ({
      field: `custom.${field.key}`,
      label: field.label,
      kind: customKind(field),
      group: 'Custom fields',
      options: field.options.length > 0 ? field.options.map((option) => ({ value: option, label: option })) : undefined,
    })),
  ];
}

export function operatorsFor(field: FilterField | undefined): FilterOperator[] {
  if (!field) return [];
  if (field.field.startsWith('custom.')) return customOperators[field.kind];
  if (field.field === 'identity.handle') return ['eq', 'contains', 'neq'];
  return operatorsByKind[field.kind];
}

export const needsNoValue = (op: FilterOperator) => op === 'is_empty' || op === 'is_not_empty';
export const takesList = (op: FilterOperator) => op === 'in' || op === 'not_in' || op === 'has_any' || op === 'has_none';

export function isGroup(item: FilterCondition | FilterGroup): item is FilterGroup {
  return 'conditions' in item;
}

export const emptyFilter = (): FilterGroup => ({ match: 'all', conditions: [] });

/** Conditions still missing a value would be rejected by the server; the builder drops them before sending. */
export function completeFilter(group: FilterGroup): FilterGroup {
  const conditions: (FilterCondition | FilterGroup)[] = [];
  for (const item of group.conditions) {
    if (isGroup(item)) {
      const inner = completeFilter(item);
      if (inner.conditions.length > 0) conditions.push(inner);
      continue;
    }
    if (needsNoValue(item.op)) conditions.push({ field: item.field, op: item.op });
    else if (Array.isArray(item.value) ? item.value.length > 0 : item.value !== undefined && item.value !== '' && item.value !== null) conditions.push(item);
  }
  return { match: group.match, conditions };
}

export function countConditions(group: FilterGroup): number {
  return group.conditions.reduce((total, item) => total + (isGroup(item) ? countConditions(item) : 1), 0);
}
