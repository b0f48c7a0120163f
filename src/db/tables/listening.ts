// Listening tables: topics and their queries, the mentions the pipeline stores, people's corrections
// and the per-workspace models learned from them.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { labelSources, relevanceLabels, sentimentLabels, topicKinds } from '../../shared/vocabulary.js';
import { contacts } from './crm.js';
import { createdAt, memberRef, ts, updatedAt, workspaceRef, workspaces } from './platform.js';

export { labelSources, relevanceLabels, sentimentLabels, topicKinds };
export type TopicKind = (typeof topicKinds)[number];
export type SentimentLabel = (typeof sentimentLabels)[number];
export type RelevanceLabel = (typeof relevanceLabels)[number];
export type LabelSource = (typeof labelSources)[number];

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
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`to_tsvector(parley_ts_config(lang), coalesce(title, '') || ' ' || text) || to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text)`,
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
  ],
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
