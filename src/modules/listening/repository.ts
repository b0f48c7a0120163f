// Reads of the listening tables: topics, queries and the mention explorer's filtered, full-text
// searchable, cursor-paginated list.
import { and, asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { listeningModels, listeningQueries, mentions, topics, type RelevanceLabel, type SentimentLabel } from '../../db/schema.js';
import type { Cursor } from '../../lib/pagination.js';
import { textArray } from '../../lib/sql.js';

export type TopicRow = typeof topics.$inferSelect;
export type QueryRow = typeof listeningQueries.$inferSelect;
export type MentionRow = Omit<typeof mentions.$inferSelect, 'search'>;

/** Topics with their query count and mentions of the last 7 days, by name; one topic when `topicId` is given. */
export async function listTopics(db: Executor, workspaceId: string, topicId?: string) {
  return db
    .select({
      ...getTableColumns(topics),
      // Written out with the table name: Drizzle leaves columns of a one-table select unqualified,
      // which inside these subqueries would name the subquery's own columns.
      queryCount: sql<number>`(SELECT count(*)::int FROM listening_queries q WHERE q.topic_id = "topics"."id")`,
      mentions7d: sql<number>`(SELECT count(*)::int FROM mentions m WHERE m.workspace_id = "topics"."workspace_id" AND m.topic_ids @> ARRAY["topics"."id"]
                                  AND m.published_at > now() - interval '7 days')`,
    })
    .from(topics)
    .where(and(eq(topics.workspaceId, workspaceId), topicId ? eq(topics.id, topicId) : undefined))
    .orderBy(asc(topics.name));
}

export async function listQueries(db: Executor, workspaceId: string, topicId: string | undefined) {
  return db
    .select()
    .from(listeningQueries)
    .where(and(eq(listeningQueries.workspaceId, workspaceId), topicId ? eq(listeningQueries.topicId, topicId) : undefined))
    .orderBy(asc(listeningQueries.createdAt), asc(listeningQueries.id));
}

export async function findQuery(db: Executor, workspaceId: string, queryId: string) {
  const [query] = await db.select().from(listeningQueries).where(and(eq(listeningQueries.workspaceId, workspaceId), eq(listeningQueries.id, queryId)));
  return query;
}

export type MentionFilter = {
  topicId?: string;
  queryId?: string;
  channel?: string;
  source?: string;
  lang?: string;
  sentiment?: SentimentLabel;
  relevance?: RelevanceLabel | 'unreviewed';
  spam?: 'exclude' | 'only';
  author?: string;
  contactId?: string;
  clusterOf?: string;
  from?: Date;
  to?: Date;
  q?: string;
  /** the language the search words are in (ISO 639-1), for stemming; exact words match in any language */
  qLang?: string;
};

/** Spam likelihood at or above which a mention counts as spam in filters. */
export const SPAM_THRESHOLD = 0.5;

function mentionConditions(workspaceId: string, filter: MentionFilter): SQL[] {
  const where: SQL[] = [sql`${mentions.workspaceId} = ${workspaceId}`];
  if (filter.topicId) where.push(sql`${mentions.topicIds} @> ${textArray([filter.topicId])}`);
  if (filter.queryId) where.push(sql`${mentions.queryIds} @> ${textArray([filter.queryId])}`);
  if (filter.channel) where.push(eq(mentions.channel, filter.channel));
  if (filter.source) where.push(eq(mentions.source, filter.source));
  if (filter.lang) where.push(eq(mentions.lang, filter.lang));
  if (filter.sentiment) where.push(eq(mentions.sentimentLabel, filter.sentiment));
  if (filter.relevance === 'unreviewed') where.push(sql`${mentions.relevance} IS NULL`);
  else if (filter.relevance) where.push(eq(mentions.relevance, filter.relevance));
  if (filter.spam === 'exclude') where.push(sql`${mentions.spamScore} < ${SPAM_THRESHOLD}`);
  if (filter.spam === 'only') where.push(sql`${mentions.spamScore} >= ${SPAM_THRESHOLD}`);
  if (filter.author) where.push(sql`lower(${mentions.authorHandle}) = ${filter.author.replace(/^@/, '').toLowerCase()}`);
  if (filter.contactId) where.push(eq(mentions.contactId, filter.contactId));
  if (filter.from) where.push(sql`${mentions.publishedAt} >= ${filter.from.toISOString()}`);
  if (filter.to) where.push(sql`${mentions.publishedAt} < ${filter.to.toISOString()}`);
  if (filter.q) {
    const simple = sql`websearch_to_tsquery('simple', ${filter.q})`;
    where.push(
      filter.qLang
        ? sql`${mentions.search} @@ (${simple} || websearch_to_tsquery(parley_ts_config(${filter.qLang}), ${filter.q}))`
        : sql`${mentions.search} @@ ${simple}`,
    );
  }
  return where;
}

// Every column but the generated search vector, which nobody needs to read back.
const selectMention = {
  id: mentions.id,
  workspaceId: mentions.workspaceId,
  source: mentions.source,
  externalId: mentions.externalId,
  channel: mentions.channel,
  url: mentions.url,
  title: mentions.title,
  text: mentions.text,
  lang: mentions.lang,
  langConfidence: mentions.langConfidence,
  country: mentions.country,
  publishedAt: mentions.publishedAt,
  receivedAt: mentions.receivedAt,
  authorHandle: mentions.authorHandle,
  authorExternalId: mentions.authorExternalId,
  authorName: mentions.authorName,
  authorFollowers: mentions.authorFollowers,
  authorVerified: mentions.authorVerified,
  authorProfileUrl: mentions.authorProfileUrl,
  authorAvatarUrl: mentions.authorAvatarUrl,
  topicIds: mentions.topicIds,
  queryIds: mentions.queryIds,
  sentimentScore: mentions.sentimentScore,
  sentimentLabel: mentions.sentimentLabel,
  sentimentBy: mentions.sentimentBy,
  machineSentimentLabel: mentions.machineSentimentLabel,
  relevance: mentions.relevance,
  relevanceBy: mentions.relevanceBy,
  spamScore: mentions.spamScore,
  botScore: mentions.botScore,
  simhash: mentions.simhash,
  clusterKey: mentions.clusterKey,
  contactId: mentions.contactId,
  linkedAt: mentions.linkedAt,
  data: mentions.data,
};

export async function listMentions(db: Executor, workspaceId: string, filter: MentionFilter, cursor: Cursor | null, limit: number): Promise<MentionRow[]> {
  const where = mentionConditions(workspaceId, filter);
  if (filter.clusterOf) where.push(sql`(${mentions.clusterKey} = ${filter.clusterOf} OR (${mentions.source} || ':' || ${mentions.externalId}) = ${filter.clusterOf})`);
  if (cursor) where.push(sql`(${mentions.publishedAt}, ${mentions.id}) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`);
  return db
    .select(selectMention)
    .from(mentions)
    .where(and(...where))
    .orderBy(desc(mentions.publishedAt), desc(mentions.id))
    .limit(limit + 1);
}

export async function findMention(db: Executor, workspaceId: string, mentionId: string): Promise<MentionRow | undefined> {
  if (!/^\d{1,18}$/.test(mentionId)) return undefined;
  const [row] = await db
    .select(selectMention)
    .from(mentions)
    .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.id, Number(mentionId))));
  return row;
}

export async function listModels(db: Executor, workspaceId: string) {
  return db.select().from(listeningModels).where(eq(listeningModels.workspaceId, workspaceId)).orderBy(asc(listeningModels.kind));
}
