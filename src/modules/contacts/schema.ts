// Request and response schemas of the contacts routes, and the presenters.
import { z } from 'zod';
import { acquisitionSources, customFieldEntities, customFieldTypes, identityChannels, interactionKinds, lifecycleStages } from '../../db/schema.js';
import type { CustomFieldDefinition } from './custom-fields.js';
import type { CompanyRow, ContactRow, IdentityRow, InteractionRow } from './repository.js';

const timestamp = z.iso.datetime();
const customValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]));

export const identitySchema = z
  .object({
    id: z.string(),
    channel: z.enum(identityChannels),
    externalId: z.string(),
    handle: z.string().nullable(),
    displayName: z.string().nullable(),
    profileUrl: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    bio: z.string().nullable(),
    followers: z.number().int().nullable(),
    verified: z.boolean(),
    lastSeenAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Identity' });

export const contactSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    jobTitle: z.string().nullable(),
    companyId: z.string().nullable(),
    ownerMemberId: z.string().nullable(),
    lifecycleStage: z.enum(lifecycleStages),
    source: z.enum(acquisitionSources),
    sourceChannel: z.string().nullable(),
    tags: z.array(z.string()),
    customFields: customValues,
    avatarUrl: z.string().nullable(),
    bio: z.string().nullable(),
    location: z.string().nullable(),
    language: z.string().nullable(),
    signals: z.object({
      vip: z.boolean(),
      communityMember: z.boolean(),
      followersTotal: z.number().int(),
      engagementScore: z.number(),
      influenceScore: z.number(),
      sentimentAvg: z.number().nullable(),
      sentimentCount: z.number().int(),
      interactionCount: z.number().int(),
      lastInteractionAt: timestamp.nullable(),
    }),
    channels: z.array(z.object({ channel: z.enum(identityChannels), handle: z.string().nullable(), followers: z.number().int().nullable() })),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Contact' });

export const contactDetailSchema = contactSchema
  .extend({
    identities: z.array(identitySchema),
    consents: z.array(z.object({ channel: z.string(), status: z.enum(['granted', 'denied']), method: z.string(), note: z.string(), recordedAt: timestamp, recordedBy: z.string().nullable() })),
    company: z.object({ id: z.string(), name: z.string() }).nullable(),
    reach: z.array(z.object({ channel: z.enum(identityChannels), followers: z.number().int() })),
    mergedContactIds: z.array(z.string()).describe('Contacts merged into this one (their timelines are included)'),
  })
  .meta({ id: 'ContactDetail' });

export const interactionSchema = z
  .object({
    id: z.string(),
    contactId: z.string(),
    kind: z.enum(interactionKinds),
    channel: z.string().nullable(),
    direction: z.enum(['inbound', 'outbound', 'internal']),
    occurredAt: timestamp,
    summary: z.string(),
    body: z.string().nullable(),
    sentiment: z.number().nullable(),
    sourceModule: z.string(),
    sourceId: z.string(),
    actorMemberId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Interaction' });

export const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    website: z.string().nullable(),
    industry: z.string().nullable(),
    size: z.string().nullable(),
    description: z.string(),
    ownerMemberId: z.string().nullable(),
    tags: z.array(z.string()),
    customFields: customValues,
    contactCount: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Company' });

export const customFieldSchema = z
  .object({
    id: z.string(),
    entity: z.enum(customFieldEntities),
    key: z.string(),
    label: z.string(),
    type: z.enum(customFieldTypes),
    options: z.array(z.string()),
    required: z.boolean(),
    position: z.number().int(),
  })
  .meta({ id: 'CustomField' });

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export function presentContact(row: ContactRow, channels: Pick<IdentityRow, 'channel' | 'handle' | 'followers'>[] = []) {
  return {
    id: row.id,
    name: row.name,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phone,
    jobTitle: row.jobTitle,
    companyId: row.companyId,
    ownerMemberId: row.ownerMemberId,
    lifecycleStage: row.lifecycleStage,
    source: row.source,
    sourceChannel: row.sourceChannel,
    tags: row.tags,
    customFields: row.customFields,
    avatarUrl: row.avatarUrl,
    bio: row.bio,
    location: row.location,
    language: row.language,
    signals: {
      vip: row.vip,
      communityMember: row.communityMember,
      followersTotal: row.followersTotal,
      engagementScore: row.engagementScore,
      influenceScore: row.influenceScore,
      sentimentAvg: row.sentimentAvg,
      sentimentCount: row.sentimentCount,
      interactionCount: row.interactionCount,
      lastInteractionAt: iso(row.lastInteractionAt),
    },
    channels: channels.map((identity) => ({ channel: identity.channel, handle: identity.handle, followers: identity.followers })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const presentIdentity = (row: IdentityRow) => ({
  id: row.id,
  channel: row.channel,
  externalId: row.externalId,
  handle: row.handle,
  displayName: row.displayName,
  profileUrl: row.profileUrl,
  avatarUrl: row.avatarUrl,
  bio: row.bio,
  followers: row.followers,
  verified: row.verified,
  lastSeenAt: iso(row.lastSeenAt),
  createdAt: row.createdAt.toISOString(),
});

export const presentInteraction = (row: InteractionRow) => ({
  id: String(row.id),
  contactId: row.contactId,
  kind: row.kind,
  channel: row.channel,
  direction: row.direction,
  occurredAt: row.occurredAt.toISOString(),
  summary: row.summary,
  body: row.body,
  sentiment: row.sentiment,
  sourceModule: row.sourceModule,
  sourceId: row.sourceId,
  actorMemberId: row.actorMemberId,
  data: row.data,
});

export const presentCompany = (row: CompanyRow, contactCount = 0) => ({
  id: row.id,
  name: row.name,
  domain: row.domain,
  website: row.website,
  industry: row.industry,
  size: row.size,
  description: row.description,
  ownerMemberId: row.ownerMemberId,
  tags: row.tags,
  customFields: row.customFields,
  contactCount,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const presentCustomField = (row: CustomFieldDefinition) => ({
  id: row.id,
  entity: row.entity,
  key: row.key,
  label: row.label,
  type: row.type,
  options: row.options,
  required: row.required,
  position: row.position,
});

export const logInteractionSchema = z.object({
  kind: z.enum(['call', 'email', 'message', 'note', 'mention', 'order', 'shipping_update', 'community_post', 'loyalty_event', 'campaign_touch']),
  channel: z.string().max(50).optional(),
  direction: z.enum(['inbound', 'outbound', 'internal']).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  summary: z.string().trim().min(1).max(500),
  body: z.string().max(20_000).optional(),
  sentiment: z.number().min(-1).max(1).optional(),
  sourceId: z.string().max(200).optional().describe('Your id for this event: sending it twice records it once'),
  data: z.record(z.string(), z.unknown()).optional(),
});
