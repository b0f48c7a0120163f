// Reads of the listening tables: topics, queries and the mention explorer's filtered, full-text
// searchable, cursor-paginated list.
import { and, asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { listeningModels, listeningQueries, mentions, savedViews, topics, type RelevanceLabel, type SentimentLabel } from '../../db/schema.js';
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
  /** the language the search words are in (ISO 639-1): only that language's forms of them are searched; by default, every language's */
  qLang?: string;
  /** authors with at least this many followers */
  minFollowers?: number;
  tag?: string;
  assignedTeamId?: string;
  externalId?: string;
  /** replies to the post with this id at its source (as each source records the parent in `data`) */
  repliesTo?: string;
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
  // A person's verdict, when there is one, overrides the machine's likelihood.
  if (filter.spam === 'exclude') where.push(sql`NOT coalesce(${mentions.spamMarked}, ${mentions.spamScore} >= ${SPAM_THRESHOLD})`);
  if (filter.spam === 'only') where.push(sql`coalesce(${mentions.spamMarked}, ${mentions.spamScore} >= ${SPAM_THRESHOLD})`);
  if (filter.minFollowers !== undefined) where.push(sql`${mentions.authorFollowers} >= ${filter.minFollowers}`);
  if (filter.tag) where.push(sql`${mentions.tags} @> ${textArray([filter.tag.toLowerCase()])}`);
  if (filter.assignedTeamId) where.push(eq(mentions.assignedTeamId, filter.assignedTeamId));
  if (filter.externalId) where.push(eq(mentions.externalId, filter.externalId));
  if (filter.repliesTo) {
    // Where the sources put the parent: Bluesky replyParent, Mastodon inReplyToId, X referencedTweets,
    // Reddit and YouTube parentId (a Reddit comment's parentId is the post itself for top-level ones).
    const id = filter.repliesTo;
    where.push(sql`(${mentions.data}->>'replyParent' = ${id} OR ${mentions.data}->>'inReplyToId' = ${id} OR ${mentions.data}->>'parentId' = ${id}
      OR ${mentions.data}->'referencedTweets' @> jsonb_build_array(jsonb_build_object('type', 'replied_to', 'id', ${id}::text)))`);
  }
  if (filter.author) where.push(sql`lower(${mentions.authorHandle}) = ${filter.author.replace(/^@/, '').toLowerCase()}`);
  if (filter.contactId) where.push(eq(mentions.contactId, filter.contactId));
  if (filter.from) where.push(sql`${mentions.publishedAt} >= ${filter.from.toISOString()}`);
  if (filter.to) where.push(sql`${mentions.publishedAt} < ${filter.to.toISOString()}`);
  if (filter.q) {
    // Each mention's vector is in its own language, so a search is that language's analysis of
    // the words. The index finds the mentions that match the search analyzed in any language (a
    // superset), then each is checked in its own (so that `-word` excludes in every language).
    // With qLang: the words in that language, and as they are.
    where.push(
      filter.qLang
        ? sql`${mentions.search} @@ (websearch_to_tsquery(parley_ts_config(${filter.qLang}), ${filter.q}) || websearch_to_tsquery('simple', ${filter.q}))`
        : sql`${mentions.search} @@ parley_search_query(${filter.q}) AND ${mentions.search} @@ websearch_to_tsquery(parley_ts_config(${mentions.lang}), ${filter.q})`,
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
  tags: mentions.tags,
  spamMarked: mentions.spamMarked,
  assignedTeamId: mentions.assignedTeamId,
  assignedMemberId: mentions.assignedMemberId,
  assignmentNote: mentions.assignmentNote,
  assignedByMemberId: mentions.assignedByMemberId,
  assignedAt: mentions.assignedAt,
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

/** The fields a query sees, of one page of the workspace's mentions published since `since`, newest first. */
export async function listMentionsForPreview(db: Executor, workspaceId: string, since: Date, cursor: Cursor | null, limit: number) {
  const where = [eq(mentions.workspaceId, workspaceId), sql`${mentions.publishedAt} > ${since.toISOString()}::timestamptz`];
  if (cursor) where.push(sql`(${mentions.publishedAt}, ${mentions.id}) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`);
  return db
    .select({
      id: mentions.id,
      source: mentions.source,
      channel: mentions.channel,
      url: mentions.url,
      title: mentions.title,
      text: mentions.text,
      lang: mentions.lang,
      country: mentions.country,
      publishedAt: mentions.publishedAt,
      authorHandle: mentions.authorHandle,
      authorName: mentions.authorName,
      topicIds: mentions.topicIds,
    })
    .from(mentions)
    .where(and(...where))
    .orderBy(desc(mentions.publishedAt), desc(mentions.id))
    .limit(limit);
}

/** The mentions' ids that exist in the workspace, of those given. */
export async function existingMentionIds(db: Executor, workspaceId: string, mentionIds: string[]): Promise<string[]> {
  const numeric = mentionIds.filter((id) => /^\d{1,18}$/.test(id));
  if (numeric.length === 0) return [];
  const result = await db.execute<{ id: string }>(
    sql`SELECT id::text FROM mentions WHERE workspace_id = ${workspaceId} AND id = ANY(${textArray(numeric)}::bigint[])`,
  );
  return result.rows.map((row) => row.id);
}

/** Sets a person's spam verdict and changes tags (lower-cased, no duplicates); returns the row before, locked. */
export async function markMention(
  tx: Executor,
  workspaceId: string,
  mentionId: string,
  marks: { spam?: boolean | null; tags?: string[]; addTags?: string[]; removeTags?: string[] },
) {
  const [before] = await tx
    .select({ id: mentions.id, tags: mentions.tags, spamMarked: mentions.spamMarked })
    .from(mentions)
    .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.id, Number(mentionId))))
    .for('update');
  if (!before) return undefined;
  const remove = new Set(marks.removeTags ?? []);
  const tags = [...new Set([...(marks.tags ?? before.tags), ...(marks.addTags ?? [])])].filter((tag) => !remove.has(tag));
  await tx
    .update(mentions)
    .set({ tags, ...(marks.spam !== undefined ? { spamMarked: marks.spam } : {}) })
    .where(eq(mentions.id, before.id));
  return { before, after: { tags, spamMarked: marks.spam !== undefined ? marks.spam : before.spamMarked } };
}

export async function assignMention(
  tx: Executor,
  workspaceId: string,
  mentionId: string,
  assignment: { teamId: string | null; memberId: string | null; note: string | null; byMemberId: string | null },
) {
  const [row] = await tx
    .update(mentions)
    .set({
      assignedTeamId: assignment.teamId,
      assignedMemberId: assignment.memberId,
      assignmentNote: assignment.note,
      assignedByMemberId: assignment.byMemberId,
      assignedAt: assignment.teamId || assignment.memberId ? new Date() : null,
    })
    .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.id, Number(mentionId))))
    .returning({ id: mentions.id });
  return row;
}

export async function setMentionContact(tx: Executor, workspaceId: string, mentionId: string, contactId: string) {
  await tx
    .update(mentions)
    .set({ contactId, linkedAt: sql`now()` })
    .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.id, Number(mentionId))));
}

// --- saved views ---

export type SavedViewRow = typeof savedViews.$inferSelect;

/** The member's own views and the ones shared in the workspace, by name. */
export async function listSavedViews(db: Executor, workspaceId: string, memberId: string | null): Promise<SavedViewRow[]> {
  return db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.workspaceId, workspaceId), memberId ? sql`(${savedViews.shared} OR ${savedViews.memberId} = ${memberId})` : eq(savedViews.shared, true)))
    .orderBy(asc(sql`lower(${savedViews.name})`), asc(savedViews.id));
}

export async function findSavedView(db: Executor, workspaceId: string, viewId: string): Promise<SavedViewRow | undefined> {
  const [row] = await db.select().from(savedViews).where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, viewId)));
  return row;
}

export async function insertSavedView(db: Executor, row: typeof savedViews.$inferInsert): Promise<SavedViewRow> {
  const [created] = await db.insert(savedViews).values(row).returning();
  return created!;
}

export async function updateSavedView(db: Executor, workspaceId: string, viewId: string, patch: { name?: string; filters?: Record<string, string>; shared?: boolean }) {
  const [row] = await db
    .update(savedViews)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, viewId)))
    .returning();
  return row;
}

export async function deleteSavedView(db: Executor, workspaceId: string, viewId: string) {
  await db.delete(savedViews).where(and(eq(savedViews.workspaceId, workspaceId), eq(savedViews.id, viewId)));
}
