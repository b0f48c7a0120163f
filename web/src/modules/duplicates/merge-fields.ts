// Which fields a merge decides on, mirrored from mergeableFields in
// src/modules/contacts/commands/merge-contacts.ts, and the default choice per field.
import type { ContactDetail, CustomField, CustomValue } from '../contacts/api';
import { channelLabels, isOneOf, IDENTITY_CHANNELS, lifecycleLabels, sourceLabels } from '../contacts/constants';

export const MERGEABLE_FIELDS = [
  'name', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'companyId', 'ownerMemberId', 'lifecycleStage',
  'source', 'sourceChannel', 'avatarUrl', 'bio', 'location', 'language', 'vip', 'communityMember',
] as const;
export type MergeableField = (typeof MERGEABLE_FIELDS)[number];

export const mergeFieldLabels: Record<MergeableField, string> = {
  name: 'Name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  jobTitle: 'Job title',
  companyId: 'Company',
  ownerMemberId: 'Owner',
  lifecycleStage: 'Lifecycle stage',
  source: 'Source',
  sourceChannel: 'Source channel',
  avatarUrl: 'Avatar',
  bio: 'Bio',
  location: 'Location',
  language: 'Language',
  vip: 'VIP',
  communityMember: 'Community member',
};

export type Side = 'left' | 'right';
export type MergeRow = { key: string; label: string; left: unknown; right: unknown };

export function rawValue(contact: ContactDetail, field: MergeableField): unknown {
  if (field === 'vip') return contact.signals.vip;
  if (field === 'communityMember') return contact.signals.communityMember;
  return contact[field];
}

export const isEmptyValue = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Fields whose values differ between the two contacts: only those need a decision. */
export function differingRows(left: ContactDetail, right: ContactDetail, customFields: CustomField[]): MergeRow[] {
  const rows: MergeRow[] = [];
  for (const field of MERGEABLE_FIELDS) {
    const a = rawValue(left, field);
    const b = rawValue(right, field);
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) rows.push({ key: field, label: mergeFieldLabels[field], left: a, right: b });
  }
  const keys = new Set([...Object.keys(left.customFields), ...Object.keys(right.customFields)]);
  for (const key of keys) {
    const a: CustomValue | undefined = left.customFields[key];
    const b: CustomValue | undefined = right.customFields[key];
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) {
      rows.push({ key: `custom.${key}`, label: customFields.find((f) => f.key === key)?.label ?? key, left: a, right: b });
    }
  }
  return rows;
}

/** The older contact's value, unless it is empty and the other one has a value. */
export function defaultChoice(row: MergeRow, older: Side): Side {
  const newer: Side = older === 'left' ? 'right' : 'left';
  const olderValue = older === 'left' ? row.left : row.right;
  const newerValue = older === 'left' ? row.right : row.left;
  return isEmptyValue(olderValue) && !isEmptyValue(newerValue) ? newer : older;
}

export function displayValue(key: string, value: unknown, names: { companies: Map<string, string>; members: Map<string, string> }): string {
  if (isEmptyValue(value)) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.join(', ');
  const text = String(value);
  if (key === 'companyId') return names.companies.get(text) ?? 'A company';
  if (key === 'ownerMemberId') return names.members.get(text) ?? 'A member';
  if (key === 'lifecycleStage' && text in lifecycleLabels) return lifecycleLabels[text as keyof typeof lifecycleLabels];
  if (key === 'source' && text in sourceLabels) return sourceLabels[text as keyof typeof sourceLabels];
  if (key === 'sourceChannel' && isOneOf(IDENTITY_CHANNELS, text)) return channelLabels[text];
  return text;
}
