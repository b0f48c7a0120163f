// Listening tables: topics and their queries, the mentions the pipeline stores, people's corrections
// and the per-workspace models learned from them, and the sources posts come from.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { labelSources, relevanceLabels, sentimentLabels, sourceErrorKinds, sourceHealthStates, sourceTypes, topicKinds } from '../../shared/vocabulary.js';
import { contacts } from './crm.js';
import { createdAt, memberRef, members, teams, ts, updatedAt, workspaceRef, workspaces } from './platform.js';

export { labelSources, relevanceLabels, sentimentLabels, sourceErrorKinds, sourceHealthStates, sourceTypes, topicKinds };
export type TopicKind = (typeof topicKinds)[number];
export type SentimentLabel = (typeof sentimentLabels)[number];
export type RelevanceLabel = (typeof relevanceLabels)[number];
export type LabelSource = (typeof labelSources)[number];
export type SourceType = (typeof sourceTypes)[number];
export type SourceHealthState = (typeof sourceHealthStates)[number];
export type SourceErrorKindName = (typeof sourceErrorKinds)[number];

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const topics = pgTable(
  'topics',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    kind: text('kind').$type<TopicKind>().notNull().default('brand'),
    description: text('description'),
    color: text('color'),
    createdByMemberId: memberRef('created_by_member_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('topics_name_uq').on(t.workspaceId, sql`lower(${t.name})`)],
);

export const listeningQueries = pgTable(
  'listening_queries',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    topicId: text('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The query text as written (specs/query-language.md) */
    query: text('query').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** false when the matcher cannot index it (it is then evaluated against every post) */
    indexable: boolean('indexable').notNull().default(true),
    warnings: jsonb('warnings').$type<{ message: string; position: number }[]>().notNull().default([]),
    createdByMemberId: memberRef('created_by_member_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('listening_queries_topic_idx').on(t.workspaceId, t.topicId)],
);

/**
 * Per workspace, counters bumped in the same transaction as a change of its queries or models, so
 * every pipeline process notices the change with one primary-key read per batch.
 */
export const listeningState = pgTable('listening_state', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  queryRevision: bigint('query_revision', { mode: 'number' }).notNull().default(0),
  modelRevision: bigint('model_revision', { mode: 'number' }).notNull().default(0),
});

export const mentions = pgTable(
  'mentions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceRef(),
    /** Where the post came from (a source id, "api", "demo"…); with externalId, what makes a re-delivery a duplicate */
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    /** The network or kind of site (twitter, mastodon, reddit, news, blog, review…) */
    channel: text('channel'),
    url: text('url'),
    title: text('title'),
    text: text('text').notNull(),
    lang: text('lang'),
    langConfidence: real('lang_confidence'),
    country: text('country'),
    publishedAt: ts('published_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    authorHandle: text('author_handle'),
    authorExternalId: text('author_external_id'),
    authorName: text('author_name'),
    authorFollowers: integer('author_followers'),
    authorVerified: boolean('author_verified'),
    authorProfileUrl: text('author_profile_url'),
    authorAvatarUrl: text('author_avatar_url'),
    topicIds: text('topic_ids').array().notNull(),
    queryIds: text('query_ids').array().notNull(),
    sentimentScore: real('sentiment_score').notNull(),
    sentimentLabel: text('sentiment_label').$type<SentimentLabel>().notNull(),
    sentimentBy: text('sentiment_by').$type<LabelSource>().notNull().default('machine'),
    /** The lexicon's label, kept so corrections can be measured against the machine */
    machineSentimentLabel: text('machine_sentiment_label').$type<SentimentLabel>().notNull(),
    relevance: text('relevance').$type<RelevanceLabel>(),
    relevanceBy: text('relevance_by').$type<LabelSource>(),
    spamScore: real('spam_score').notNull(),
    botScore: real('bot_score').notNull(),
    simhash: bigint('simhash', { mode: 'bigint' }).notNull(),
    /** source:externalId of the first post of its near-duplicate cluster; null when it is the first */
    clusterKey: text('cluster_key'),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** When the author was resolved to a contact (or found not to be linkable); null while pending */
    linkedAt: ts('linked_at'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** People's tags (lower case), set from the explorer */
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    /** A person's spam verdict; null leaves it to the machine's spamScore */
    spamMarked: boolean('spam_marked'),
    /** Who should handle it: a team and/or a member, with a note, by whom and when */
    assignedTeamId: text('assigned_team_id').references(() => teams.id, { onDelete: 'set null' }),
    assignedMemberId: memberRef('assigned_member_id'),
    assignmentNote: text('assignment_note'),
    assignedByMemberId: memberRef('assigned_by_member_id'),
    assignedAt: ts('assigned_at'),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`to_tsvector(parley_ts_config(lang), coalesce(title, '') || ' ' || text)`,
      ),
  },
  (t) => [
    uniqueIndex('mentions_source_uq').on(t.workspaceId, t.source, t.externalId),
    index('mentions_recent_idx').on(t.workspaceId, t.publishedAt.desc(), t.id.desc()),
    index('mentions_topics_idx').using('gin', t.topicIds),
    index('mentions_search_idx').using('gin', t.search),
    index('mentions_cluster_idx')
      .on(t.workspaceId, t.clusterKey)
      .where(sql`${t.clusterKey} IS NOT NULL`),
    index('mentions_unlinked_idx')
      .on(t.id)
      .where(sql`${t.linkedAt} IS NULL`),
    index('mentions_contact_idx')
      .on(t.contactId)
      .where(sql`${t.contactId} IS NOT NULL`),
    index('mentions_tags_idx').using('gin', t.tags),
  ],
);

/** A member's saved explorer filters; shared ones are listed to the whole workspace. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The explorer's filters, as the query parameters of GET /mentions */
    filters: jsonb('filters').$type<Record<string, string>>().notNull().default({}),
    shared: boolean('shared').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('saved_views_workspace_idx').on(t.workspaceId, t.memberId)],
);

/** A person's correction of a mention's label; the latest per mention and field counts. */
export const mentionCorrections = pgTable(
  'mention_corrections',
  {
    workspaceId: workspaceRef(),
    mentionId: bigint('mention_id', { mode: 'number' })
      .notNull()
      .references(() => mentions.id, { onDelete: 'cascade' }),
    field: text('field').$type<'sentiment' | 'relevance'>().notNull(),
    value: text('value').notNull(),
    /** What the machine (lexicon, or the model for relevance) had said */
    machineValue: text('machine_value'),
    memberId: memberRef('member_id'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.mentionId, t.field] }), index('mention_corrections_workspace_idx').on(t.workspaceId, t.field, t.createdAt)],
);

export type HeldOutMeasure = { n: number; before: { accuracy: number; macroF1: number }; after: { accuracy: number; macroF1: number } };

/** A workspace's model learned from its corrections, with its measured effect. */
export const listeningModels = pgTable(
  'listening_models',
  {
    workspaceId: workspaceRef(),
    kind: text('kind').$type<'sentiment' | 'relevance'>().notNull(),
    /** Serialized model; null while there are too few corrections to train one */
    model: jsonb('model').$type<unknown>(),
    /** Whether the pipeline applies it (only when it beat the machine on held-out corrections) */
    deployed: boolean('deployed').notNull().default(false),
    reason: text('reason').notNull(),
    examples: integer('examples').notNull(),
    heldOut: jsonb('held_out').$type<HeldOutMeasure | null>(),
    trainedAt: ts('trained_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind] })],
);

/**
 * A configured listening source of a workspace (a feed, a Mastodon timeline, a generic webhook…):
 * its settings, sealed credentials, the driver's checkpoint and the health the user sees.
 */
export const listeningSources = pgTable(
  'listening_sources',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    /** One of sourceTypes; text so that a driver can be tried before it joins the vocabulary */
    type: text('type').notNull(),
    /** How its posts arrive, decided by the type and its config: polled, streamed or pushed to its webhook */
    mode: text('mode').$type<'polling' | 'streaming' | 'webhook'>().notNull(),
    name: text('name').notNull(),
    /** Non-secret settings, validated by the type's schema */
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    /** The credentials as JSON, sealed with the instance's SecretBox; never returned or logged */
    credentials: text('credentials'),
    /** Which credential fields are set (the API shows these, never the values) */
    credentialFields: text('credential_fields').array().notNull().default(sql`'{}'::text[]`),
    /** A generic webhook's signing secret, sealed */
    webhookSecret: text('webhook_secret'),
    enabled: boolean('enabled').notNull().default(true),
    /** Bumped when config, credentials or enabled change: a running stream restarts on it */
    revision: integer('revision').notNull().default(1),
    /** The driver's checkpoint, persisted only once the posts before it are stored */
    cursor: text('cursor'),
    state: text('state').$type<SourceHealthState>().notNull().default('new'),
    lastError: text('last_error'),
    lastErrorKind: text('last_error_kind').$type<SourceErrorKindName>(),
    lastErrorAt: ts('last_error_at'),
    /** Failures in a row; 0 after a success */
    failures: integer('failures').notNull().default(0),
    lastSuccessAt: ts('last_success_at'),
    /** When it is polled (or a stream reconnects) next; null while stopped */
    nextPollAt: ts('next_poll_at'),
    postsReceived: bigint('posts_received', { mode: 'number' }).notNull().default(0),
    mentionsStored: bigint('mentions_stored', { mode: 'number' }).notNull().default(0),
    /** The worker process streaming it, until when (streaming sources) */
    leaseOwner: text('lease_owner'),
    leaseUntil: ts('lease_until'),
    createdByMemberId: memberRef('created_by_member_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('listening_sources_workspace_idx').on(t.workspaceId, t.createdAt, t.id),
    index('listening_sources_due_idx')
      .on(t.nextPollAt)
      .where(sql`${t.enabled}`),
  ],
);

/** Correctly signed generic-webhook bodies that did not parse or validate, kept as received for inspection. */
export const listeningDeadLetters = pgTable(
  'listening_dead_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceRef(),
    sourceId: text('source_id')
      .notNull()
      .references(() => listeningSources.id, { onDelete: 'cascade' }),
    contentType: text('content_type'),
    body: text('body').notNull(),
    error: text('error').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('listening_dead_letters_source_idx').on(t.sourceId, t.createdAt.desc(), t.id.desc())],
);

export const listeningImportFormats = ['ndjson', 'csv'] as const;
export type ListeningImportFormat = (typeof listeningImportFormats)[number];
export const listeningImportStates = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type ListeningImportState = (typeof listeningImportStates)[number];
/** A rejected line of an import file, as shown to people. */
export type ListeningImportLineError = { line: number; message: string };
/** How a CSV file is read: its delimiter, its header row, and each column's post field. */
export type ListeningImportCsvLayout = { delimiter: string; headers: string[]; mapping: Record<string, string> };

/**
 * A historical backfill: a file of posts (NDJSON or CSV) fed to the pipeline by a job in chunks of
 * lines, with a checkpoint (byte offset and line) committed after each chunk so a restart resumes there.
 */
export const listeningImports = pgTable(
  'listening_imports',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    /** The source the stored mentions carry; null for a standalone "import:<id>" source */
    sourceId: text('source_id').references(() => listeningSources.id, { onDelete: 'set null' }),
    /** The pipeline's source name, fixed at upload so a re-run stays idempotent even if the source goes */
    pipelineSource: text('pipeline_source').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').$type<ListeningImportFormat>().notNull(),
    /** CSV only */
    csvLayout: jsonb('csv_layout').$type<ListeningImportCsvLayout>(),
    state: text('state').$type<ListeningImportState>().notNull().default('queued'),
    totalBytes: bigint('total_bytes', { mode: 'number' }).notNull().default(0),
    /** The checkpoint: bytes and physical lines of the file consumed by committed chunks */
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    lineCheckpoint: integer('line_checkpoint').notNull().default(0),
    /** Posts (records) read, valid or not, blank lines excluded */
    linesRead: integer('lines_read').notNull().default(0),
    postsAccepted: integer('posts_accepted').notNull().default(0),
    postsMatched: integer('posts_matched').notNull().default(0),
    mentionsStored: integer('mentions_stored').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    rejectedLines: integer('rejected_lines').notNull().default(0),
    /** The first rejected lines with their reasons */
    errorsSample: jsonb('errors_sample').$type<ListeningImportLineError[]>().notNull().default([]),
    error: text('error'),
    createdByMemberId: memberRef('created_by_member_id'),
    createdBy: text('created_by'),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('listening_imports_workspace_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc())],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** An import's file while it is processed, in fixed-size pieces: every process reaches PostgreSQL, none shares a disk. */
export const listeningImportChunks = pgTable(
  'listening_import_chunks',
  {
    importId: text('import_id')
      .notNull()
      .references(() => listeningImports.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);
