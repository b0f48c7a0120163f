// CRM tables: contacts and companies with custom fields, identities, duplicates and merges, the
// interaction timeline, pipelines and deals, activities, segments and imports.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  acquisitionSources,
  customFieldEntities,
  customFieldTypes,
  identityChannels,
  interactionKinds,
  lifecycleStages,
} from '../../shared/vocabulary.js';
import { createdAt, memberRef, members, ts, updatedAt, workspaceOf, workspaceRef } from './platform.js';

export { acquisitionSources, customFieldEntities, customFieldTypes, identityChannels, interactionKinds, lifecycleStages };


export type LifecycleStage = (typeof lifecycleStages)[number];

export type AcquisitionSource = (typeof acquisitionSources)[number];

export type CustomFieldValues = Record<string, string | number | boolean | string[] | null>;

// --- custom fields ---

export type CustomFieldType = (typeof customFieldTypes)[number];
export type CustomFieldEntity = (typeof customFieldEntities)[number];

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    entity: text('entity').$type<CustomFieldEntity>().notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').$type<CustomFieldType>().notNull(),
    options: text('options').array().notNull().default(sql`'{}'::text[]`),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('custom_field_definitions_key_uq').on(t.workspaceId, t.entity, t.key)],
);

// --- companies and contacts ---

export const companies = pgTable(
  'companies',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    domain: text('domain'),
    website: text('website'),
    industry: text('industry'),
    size: text('size'),
    description: text('description').notNull().default(''),
    ownerMemberId: memberRef('owner_member_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<CustomFieldValues>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('companies_workspace_name_idx').on(t.workspaceId, sql`lower(${t.name})`),
    uniqueIndex('companies_workspace_domain_uq').on(t.workspaceId, t.domain),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    phone: text('phone'),
    jobTitle: text('job_title'),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'set null' }),
    ownerMemberId: memberRef('owner_member_id'),
    lifecycleStage: text('lifecycle_stage').$type<LifecycleStage>().notNull().default('subscriber'),
    source: text('source').$type<AcquisitionSource>().notNull().default('manual'),
    sourceChannel: text('source_channel'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<CustomFieldValues>().notNull().default({}),
    avatarUrl: text('avatar_url'),
    bio: text('bio'),
    location: text('location'),
    language: text('language'),
    // Social signals (maintained by commands; the formulas live in modules/contacts/signals.ts).
    vip: boolean('vip').notNull().default(false),
    communityMember: boolean('community_member').notNull().default(false),
    followersTotal: integer('followers_total').notNull().default(0),
    engagementScore: real('engagement_score').notNull().default(0),
    influenceScore: real('influence_score').notNull().default(0),
    sentimentAvg: real('sentiment_avg'),
    sentimentCount: integer('sentiment_count').notNull().default(0),
    interactionCount: integer('interaction_count').notNull().default(0),
    lastInteractionAt: ts('last_interaction_at'),
    lifecycleChangedAt: ts('lifecycle_changed_at'),
    becameCustomerAt: ts('became_customer_at'),
    /** Set when this contact was merged into another; it then disappears from lists until unmerged. */
    mergedIntoId: text('merged_into_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One index per sort of the contact list (filters/sortExpressions), so a page is an index walk.
    index('contacts_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('contacts_sort_name_idx').on(t.workspaceId, sql`lower(${t.name})`, t.id),
    index('contacts_sort_followers_idx').on(t.workspaceId, t.followersTotal, t.id),
    index('contacts_sort_last_interaction_idx').on(t.workspaceId, sql`coalesce(${t.lastInteractionAt}, '1970-01-01 00:00:00+00'::timestamptz)`, t.id),
    index('contacts_workspace_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('contacts_workspace_name_idx').on(t.workspaceId, sql`lower(${t.name}) text_pattern_ops`),
    index('contacts_workspace_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
    index('contacts_workspace_phone_idx').on(t.workspaceId, t.phone),
    index('contacts_workspace_influence_idx').on(t.workspaceId, t.influenceScore, t.id),
    index('contacts_tags_idx').using('gin', t.tags),
    index('contacts_company_idx').on(t.companyId),
    // Few contacts are ever merged: a partial index keeps merge-family lookups cheap for every write.
    index('contacts_merged_into_idx').on(t.mergedIntoId).where(sql`${t.mergedIntoId} IS NOT NULL`),
  ],
);

export const consentStatuses = ['granted', 'denied'] as const;
export const contactConsents = pgTable(
  'contact_consents',
  {
    workspaceId: workspaceRef(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    status: text('status').$type<(typeof consentStatuses)[number]>().notNull(),
    method: text('method').notNull(),
    note: text('note').notNull().default(''),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
    recordedBy: text('recorded_by'),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.channel] })],
);

// --- identities ---

export type IdentityChannel = (typeof identityChannels)[number];

export const identities = pgTable(
  'identities',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceOf(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<IdentityChannel>().notNull(),
    /** Normalized: lower-cased email, E.164 phone, user@instance, DID, platform id… */
    externalId: text('external_id').notNull(),
    handle: text('handle'),
    displayName: text('display_name'),
    profileUrl: text('profile_url'),
    avatarUrl: text('avatar_url'),
    bio: text('bio'),
    followers: integer('followers'),
    following: integer('following'),
    verified: boolean('verified').notNull().default(false),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    lastSeenAt: ts('last_seen_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('identities_workspace_channel_external_uq').on(t.workspaceId, t.channel, t.externalId),
    index('identities_contact_idx').on(t.contactId),
    index('identities_workspace_handle_idx').on(t.workspaceId, sql`lower(${t.handle}) text_pattern_ops`),
    index('identities_workspace_external_idx').on(t.workspaceId, t.externalId),
    // "Same handle on another network" (the probable-duplicate search): the handle's local part.
    index('identities_handle_local_idx').on(t.workspaceId, sql`split_part(lower(${t.handle}), '@', 1)`),
    // "Same phone in another format": the national number's last nine digits, across country codes.
    index('identities_phone_suffix_idx')
      .on(t.workspaceId, sql`right(${t.externalId}, 9)`)
      .where(sql`${t.channel} IN ('phone', 'whatsapp')`),
  ],
);

// --- duplicates and merges ---

export type DuplicateReason = { kind: string; detail: string; weight: number };

export const duplicateSuggestions = pgTable(
  'duplicate_suggestions',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    /** The pair is stored with contactAId < contactBId so that it is unique whichever side was seen first. */
    contactAId: text('contact_a_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    contactBId: text('contact_b_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
    reasons: jsonb('reasons').$type<DuplicateReason[]>().notNull(),
    status: text('status').$type<'open' | 'merged' | 'dismissed'>().notNull().default('open'),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('duplicate_suggestions_pair_uq').on(t.workspaceId, t.contactAId, t.contactBId),
    index('duplicate_suggestions_open_idx').on(t.workspaceId, t.status, t.score),
  ],
);

/** Contacts waiting for the probable-duplicate search (drained every minute by contacts.find_duplicates). */
export const duplicateChecks = pgTable(
  'duplicate_checks',
  {
    contactId: text('contact_id')
      .primaryKey()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    workspaceId: workspaceOf(),
    enqueuedAt: ts('enqueued_at').notNull().defaultNow(),
  },
  (t) => [index('duplicate_checks_enqueued_idx').on(t.enqueuedAt)],
);

export const contactMerges = pgTable(
  'contact_merges',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    winnerId: text('winner_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    loserId: text('loser_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    /** Everything unmerge needs to restore both contacts as they were. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    fieldChoices: jsonb('field_choices').$type<Record<string, 'winner' | 'loser'>>().notNull(),
    mergedBy: text('merged_by'),
    unmergedAt: ts('unmerged_at'),
    unmergedBy: text('unmerged_by'),
    createdAt: createdAt(),
  },
  (t) => [index('contact_merges_winner_idx').on(t.workspaceId, t.winnerId), index('contact_merges_loser_idx').on(t.workspaceId, t.loserId)],
);

// --- the interaction timeline (append-only) ---

export type InteractionKind = (typeof interactionKinds)[number];

export const interactions = pgTable(
  'interactions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceOf(),
    /** The contact it happened with; after a merge the winner's timeline includes the loser's rows. */
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<InteractionKind>().notNull(),
    channel: text('channel'),
    direction: text('direction').$type<'inbound' | 'outbound' | 'internal'>().notNull().default('internal'),
    occurredAt: ts('occurred_at').notNull(),
    summary: text('summary').notNull(),
    body: text('body'),
    sentiment: real('sentiment'),
    /** module + id of what this row records, for idempotent writes from webhooks and jobs */
    sourceModule: text('source_module').notNull(),
    sourceId: text('source_id').notNull(),
    actorMemberId: memberRef('actor_member_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('interactions_source_uq').on(t.workspaceId, t.sourceModule, t.sourceId),
    index('interactions_contact_idx').on(t.contactId, t.occurredAt),
  ],
);

// --- pipelines and deals ---

export const pipelines = pgTable(
  'pipelines',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('pipelines_workspace_name_uq').on(t.workspaceId, sql`lower(${t.name})`)],
);

export const stageKinds = ['open', 'won', 'lost'] as const;
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    pipelineId: text('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').$type<(typeof stageKinds)[number]>().notNull().default('open'),
    probability: integer('probability').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('pipeline_stages_pipeline_idx').on(t.pipelineId, t.position)],
);

export const dealStatuses = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof dealStatuses)[number];

export const deals = pgTable(
  'deals',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    pipelineId: text('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    stageId: text('stage_id')
      .notNull()
      .references(() => pipelineStages.id),
    title: text('title').notNull(),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'set null' }),
    amount: numeric('amount', { precision: 14, scale: 2 }),
    currency: text('currency'),
    expectedCloseDate: date('expected_close_date'),
    ownerMemberId: memberRef('owner_member_id'),
    source: text('source').$type<AcquisitionSource>().notNull().default('manual'),
    sourceChannel: text('source_channel'),
    sourceRef: text('source_ref'),
    status: text('status').$type<DealStatus>().notNull().default('open'),
    lostReason: text('lost_reason'),
    closedAt: ts('closed_at'),
    /** Order within its stage on the board (fractional, so a move rewrites one row). */
    position: doublePrecision('position').notNull().default(0),
    customFields: jsonb('custom_fields').$type<CustomFieldValues>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('deals_board_idx').on(t.workspaceId, t.pipelineId, t.stageId, t.position),
    index('deals_contact_idx').on(t.contactId),
    index('deals_workspace_status_idx').on(t.workspaceId, t.status, t.closedAt),
  ],
);

// --- activities: tasks, notes, notifications ---

export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    dueAt: ts('due_at'),
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    assigneeMemberId: memberRef('assignee_member_id'),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    dealId: text('deal_id').references(() => deals.id, { onDelete: 'cascade' }),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    status: text('status').$type<'open' | 'done'>().notNull().default('open'),
    completedAt: ts('completed_at'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tasks_assignee_idx').on(t.workspaceId, t.assigneeMemberId, t.status, t.dueAt),
    index('tasks_contact_idx').on(t.contactId),
    index('tasks_remind_idx').on(t.remindAt).where(sql`${t.remindedAt} IS NULL AND ${t.status} = 'open'`),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    body: text('body').notNull(),
    mentionedMemberIds: text('mentioned_member_ids').array().notNull().default(sql`'{}'::text[]`),
    authorMemberId: memberRef('author_member_id'),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    dealId: text('deal_id').references(() => deals.id, { onDelete: 'cascade' }),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('notes_contact_idx').on(t.contactId, t.createdAt)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    readAt: ts('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_member_idx').on(t.workspaceId, t.memberId, t.createdAt)],
);

// --- segments ---

export const segments = pgTable(
  'segments',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('segments_workspace_name_uq').on(t.workspaceId, sql`lower(${t.name})`)],
);

// --- imports ---

export const importStatuses = ['uploaded', 'importing', 'completed', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const contactImports = pgTable(
  'contact_imports',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    filename: text('filename').notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('uploaded'),
    /** The CSV as uploaded (PostgreSQL holds all state; files are capped in size). */
    content: text('content').notNull(),
    headers: text('headers').array().notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    rowErrors: jsonb('row_errors').$type<{ row: number; field?: string; message: string }[]>().notNull().default([]),
    error: text('error'),
    createdBy: text('created_by'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('contact_imports_workspace_idx').on(t.workspaceId, t.createdAt)],
);

/** The batches of an import already written: each is written once, by whichever worker claims it first. */
export const contactImportBatches = pgTable(
  'contact_import_batches',
  {
    importId: text('import_id')
      .notNull()
      .references(() => contactImports.id, { onDelete: 'cascade' }),
    batch: integer('batch').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.batch] })],
);
