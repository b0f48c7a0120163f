import { request, withQuery, type One, type Page } from '../../lib/api';
import type { FilterGroup } from '../segments/filter-fields';
import type { AcquisitionSource, ContactSort, CustomFieldEntity, CustomFieldType, IdentityChannel, InteractionKind, LifecycleStage, LoggableKind } from './constants';

export type CustomValue = string | number | boolean | string[] | null;
export type CustomValues = Record<string, CustomValue>;

export type ContactSignals = {
  vip: boolean;
  communityMember: boolean;
  followersTotal: number;
  engagementScore: number;
  influenceScore: number;
  sentimentAvg: number | null;
  sentimentCount: number;
  interactionCount: number;
  lastInteractionAt: string | null;
};

export type Contact = {
  id: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  jobTitle: string | null;
  companyId: string | null;
  ownerMemberId: string | null;
  lifecycleStage: LifecycleStage;
  source: AcquisitionSource;
  sourceChannel: string | null;
  tags: string[];
  customFields: CustomValues;
  avatarUrl: string | null;
  bio: string | null;
  location: string | null;
  language: string | null;
  signals: ContactSignals;
  channels: { channel: IdentityChannel; handle: string | null; followers: number | null }[];
  createdAt: string;
  updatedAt: string;
};

export type Identity = {
  id: string;
  channel: IdentityChannel;
  externalId: string;
  handle: string | null;
  displayName: string | null;
  profileUrl: string | null;
  avatarUrl: string | null;
  bio: string | null;
  followers: number | null;
  verified: boolean;
  lastSeenAt: string | null;
  createdAt: string;
};

export type Consent = { channel: string; status: 'granted' | 'denied'; method: string; note: string; recordedAt: string; recordedBy: string | null };

export type ContactDetail = Contact & {
  identities: Identity[];
  consents: Consent[];
  company: { id: string; name: string } | null;
  reach: { channel: IdentityChannel; followers: number }[];
  mergedContactIds: string[];
};

export type Interaction = {
  id: string;
  contactId: string;
  kind: InteractionKind;
  channel: string | null;
  direction: 'inbound' | 'outbound' | 'internal';
  occurredAt: string;
  summary: string;
  body: string | null;
  sentiment: number | null;
  sourceModule: string;
  sourceId: string;
  actorMemberId: string | null;
  data: Record<string, unknown>;
};

export type ContactSummary = {
  channels: { channel: string; count: number; lastAt: string; sentiment: number | null }[];
  sentimentTrend: { week: string; average: number; count: number }[];
};

export type Merge = {
  id: string;
  winnerId: string;
  loserId: string;
  fieldChoices: Record<string, 'winner' | 'loser'>;
  mergedBy: string | null;
  createdAt: string;
  unmergedAt: string | null;
};

export type CustomField = {
  id: string;
  entity: CustomFieldEntity;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  position: number;
};

/** The list's filters, as the API's query parameters (minus paging and sort). */
export type ContactFilters = {
  q?: string;
  lifecycleStage?: LifecycleStage | null;
  source?: AcquisitionSource | null;
  tag?: string | null;
  ownerMemberId?: string | null;
  companyId?: string | null;
  vip?: boolean | null;
  segmentId?: string | null;
  filter?: FilterGroup | null;
};

export type ContactSortState = { sort: ContactSort; order: 'asc' | 'desc' };

/** Query parameters for /contacts and /contacts/count; also what export links carry. */
export function contactQuery(filters: ContactFilters): Record<string, string | undefined> {
  return {
    q: filters.q || undefined,
    lifecycleStage: filters.lifecycleStage ?? undefined,
    source: filters.source ?? undefined,
    tag: filters.tag ?? undefined,
    ownerMemberId: filters.ownerMemberId ?? undefined,
    companyId: filters.companyId ?? undefined,
    vip: filters.vip === null || filters.vip === undefined ? undefined : String(filters.vip),
    segmentId: filters.segmentId ?? undefined,
    // An empty group filters nothing; leaving it out keeps URLs and cache keys short.
    filter: filters.filter && filters.filter.conditions.length > 0 ? JSON.stringify(filters.filter) : undefined,
  };
}

const id = encodeURIComponent;

export function listContacts(workspaceId: string, filters: ContactFilters, sort: ContactSortState, cursor: string | null, limit = 50, signal?: AbortSignal): Promise<Page<Contact>> {
  return request<Page<Contact>>('/contacts', { workspaceId, signal, query: { ...contactQuery(filters), ...sort, limit, cursor } });
}

export async function countContacts(workspaceId: string, filters: ContactFilters, signal?: AbortSignal): Promise<number> {
  return (await request<One<{ count: number }>>('/contacts/count', { workspaceId, signal, query: contactQuery(filters) })).data.count;
}

export type ContactInput = {
  name?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  jobTitle?: string | null;
  companyId?: string | null;
  ownerMemberId?: string | null;
  lifecycleStage?: LifecycleStage;
  source?: AcquisitionSource;
  tags?: string[];
  customFields?: Record<string, unknown>;
  bio?: string | null;
  location?: string | null;
  language?: string | null;
  vip?: boolean;
  communityMember?: boolean;
};

export type IdentityInput = { channel: IdentityChannel; handle?: string; externalId?: string; displayName?: string; profileUrl?: string; followers?: number };

export async function createContact(workspaceId: string, input: ContactInput & { identities?: IdentityInput[] }): Promise<ContactDetail> {
  return (await request<One<ContactDetail>>('/contacts', { method: 'POST', body: input, workspaceId })).data;
}

export async function getContact(workspaceId: string, contactId: string): Promise<ContactDetail> {
  return (await request<One<ContactDetail>>(`/contacts/${id(contactId)}`, { workspaceId })).data;
}

export async function updateContact(workspaceId: string, contactId: string, input: ContactInput): Promise<ContactDetail> {
  return (await request<One<ContactDetail>>(`/contacts/${id(contactId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export type BulkEdit = { ids: string[]; ownerMemberId?: string | null; lifecycleStage?: LifecycleStage; addTags?: string[]; removeTags?: string[] };

export async function bulkEditContacts(workspaceId: string, input: BulkEdit): Promise<number> {
  return (await request<One<{ updated: number }>>('/contacts/bulk', { method: 'POST', body: input, workspaceId })).data.updated;
}

export async function getSignalFormulas(workspaceId: string): Promise<{ influence: string; engagement: string }> {
  return (await request<One<{ influence: string; engagement: string }>>('/contacts/signals', { workspaceId })).data;
}

export async function addIdentity(workspaceId: string, contactId: string, input: IdentityInput): Promise<Identity> {
  return (await request<One<Identity>>(`/contacts/${id(contactId)}/identities`, { method: 'POST', body: input, workspaceId })).data;
}

export async function removeIdentity(workspaceId: string, contactId: string, identityId: string): Promise<void> {
  await request<void>(`/contacts/${id(contactId)}/identities/${id(identityId)}`, { method: 'DELETE', workspaceId });
}

export async function setConsent(workspaceId: string, contactId: string, channel: string, input: { status: 'granted' | 'denied'; method: string; note?: string }): Promise<void> {
  await request<void>(`/contacts/${id(contactId)}/consents/${id(channel)}`, { method: 'PUT', body: input, workspaceId });
}

export type TimelineFilters = { kinds: InteractionKind[]; channels: string[] };

export function listInteractions(workspaceId: string, contactId: string, filters: TimelineFilters, cursor: string | null): Promise<Page<Interaction>> {
  return request<Page<Interaction>>(`/contacts/${id(contactId)}/interactions`, {
    workspaceId,
    query: { kind: filters.kinds.join(','), channel: filters.channels.join(','), cursor, limit: 30 },
  });
}

export type LogInteractionInput = { kind: LoggableKind; channel?: string; direction?: 'inbound' | 'outbound' | 'internal'; occurredAt?: string; summary: string; body?: string; sentiment?: number };

export async function logInteraction(workspaceId: string, contactId: string, input: LogInteractionInput): Promise<void> {
  await request<unknown>(`/contacts/${id(contactId)}/interactions`, { method: 'POST', body: input, workspaceId });
}

export async function getContactSummary(workspaceId: string, contactId: string): Promise<ContactSummary> {
  return (await request<One<ContactSummary>>(`/contacts/${id(contactId)}/summary`, { workspaceId })).data;
}

export async function listMerges(workspaceId: string, contactId: string): Promise<Merge[]> {
  return (await request<Page<Merge>>(`/contacts/${id(contactId)}/merges`, { workspaceId })).data;
}

export async function mergeContacts(workspaceId: string, input: { winnerId: string; loserId: string; fieldChoices: Record<string, 'winner' | 'loser'> }): Promise<Merge> {
  return (await request<One<Merge>>('/contacts/merge', { method: 'POST', body: input, workspaceId })).data;
}

export async function unmerge(workspaceId: string, mergeId: string): Promise<{ winnerId: string; loserId: string }> {
  return (await request<One<{ winnerId: string; loserId: string }>>(`/merges/${id(mergeId)}/unmerge`, { method: 'POST', workspaceId })).data;
}

export async function findDuplicatesOf(workspaceId: string, contactId: string): Promise<number> {
  return (await request<One<{ found: number }>>(`/contacts/${id(contactId)}/find-duplicates`, { method: 'POST', workspaceId })).data.found;
}

// --- custom fields ---

export async function listCustomFields(workspaceId: string, entity?: CustomFieldEntity): Promise<CustomField[]> {
  return (await request<Page<CustomField>>(withQuery('/custom-fields', { entity }), { workspaceId })).data;
}

export type CustomFieldInput = { entity: CustomFieldEntity; label: string; type: CustomFieldType; options?: string[]; required?: boolean; key?: string };
export type CustomFieldUpdate = { label?: string; options?: string[]; required?: boolean; position?: number };

export async function createCustomField(workspaceId: string, input: CustomFieldInput): Promise<CustomField> {
  return (await request<One<CustomField>>('/custom-fields', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateCustomField(workspaceId: string, fieldId: string, input: CustomFieldUpdate): Promise<CustomField> {
  return (await request<One<CustomField>>(`/custom-fields/${id(fieldId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteCustomField(workspaceId: string, fieldId: string): Promise<void> {
  await request<void>(`/custom-fields/${id(fieldId)}`, { method: 'DELETE', workspaceId });
}

// --- deals of a contact (the deals module owns them; the profile only lists them) ---

export type ContactDeal = {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  status: string;
  amount: { amount: string; currency: string } | null;
  expectedCloseDate: string | null;
};
export type PipelineStages = { id: string; name: string; stages: { id: string; name: string; kind: string }[] };

export async function listContactDeals(workspaceId: string, contactId: string): Promise<ContactDeal[]> {
  return (await request<Page<ContactDeal>>('/deals', { workspaceId, query: { contactId, limit: 50 } })).data;
}

export async function listPipelines(workspaceId: string): Promise<PipelineStages[]> {
  return (await request<Page<PipelineStages>>('/pipelines', { workspaceId })).data;
}
