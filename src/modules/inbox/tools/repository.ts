// SQL of the agent tools: canned responses, the knowledge library, conversation participants and
// the suggestions read beside a conversation. Every function takes the workspace id.
import { and, asc, desc, eq, ilike, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { cannedResponses, conversationParticipants, knowledgeArticles, members, teams, users, type WorkspaceRole } from '../../../db/schema.js';

export type CannedResponseRow = typeof cannedResponses.$inferSelect;
export type KnowledgeArticleRow = Omit<typeof knowledgeArticles.$inferSelect, 'search'>;
export type ParticipantRow = { memberId: string; name: string; role: 'participant' | 'expert'; createdAt: Date };

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// --- canned responses ---

export type CannedResponseFilter = { q?: string; teamId?: string };

/**
 * Canned responses by name (or, with `q`, best match first: shortcut prefix, then name, then body,
 * then the most used). `teamId` keeps the team's own and the workspace-wide ones.
 */
export async function listCannedResponses(db: Executor, workspaceId: string, filter: CannedResponseFilter, after: { name: string; id: string } | null, limit: number) {
  const conditions: (SQL | undefined)[] = [eq(cannedResponses.workspaceId, workspaceId)];
  if (filter.teamId) conditions.push(or(eq(cannedResponses.teamId, filter.teamId), isNull(cannedResponses.teamId)));
  if (filter.q) {
    const pattern = likePattern(filter.q.replace(/^\//, ''));
    conditions.push(or(ilike(cannedResponses.shortcut, pattern), ilike(cannedResponses.name, pattern), ilike(cannedResponses.body, pattern)));
    const prefix = `${filter.q.replace(/^\//, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return db
      .select()
      .from(cannedResponses)
      .where(and(...conditions))
      .orderBy(
        desc(sql`${cannedResponses.shortcut} ILIKE ${prefix}`),
        desc(sql`${cannedResponses.name} ILIKE ${pattern}`),
        desc(cannedResponses.usageCount),
        asc(cannedResponses.name),
        asc(cannedResponses.id),
      )
      .limit(limit + 1);
  }
  if (after) conditions.push(sql`(lower(${cannedResponses.name}), ${cannedResponses.id}) > (lower(${after.name}), ${after.id})`);
  return db
    .select()
    .from(cannedResponses)
    .where(and(...conditions))
    .orderBy(sql`lower(${cannedResponses.name})`, asc(cannedResponses.id))
    .limit(limit + 1);
}

export async function findCannedResponse(db: Executor, workspaceId: string, id: string): Promise<CannedResponseRow | undefined> {
  const [row] = await db.select().from(cannedResponses).where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)));
  return row;
}

export async function insertCannedResponse(db: Executor, row: typeof cannedResponses.$inferInsert): Promise<CannedResponseRow> {
  const [inserted] = await db.insert(cannedResponses).values(row).returning();
  return inserted!;
}

export async function updateCannedResponse(db: Executor, workspaceId: string, id: string, patch: Partial<Pick<CannedResponseRow, 'name' | 'shortcut' | 'body' | 'teamId'>>) {
  const [row] = await db
    .update(cannedResponses)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)))
    .returning();
  return row;
}

export async function deleteCannedResponse(db: Executor, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.delete(cannedResponses).where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id))).returning({ id: cannedResponses.id });
  return rows.length > 0;
}

export async function bumpCannedResponseUsage(db: Executor, workspaceId: string, id: string): Promise<void> {
  await db
    .update(cannedResponses)
    .set({ usageCount: sql`${cannedResponses.usageCount} + 1` })
    .where(and(eq(cannedResponses.workspaceId, workspaceId), eq(cannedResponses.id, id)));
}

export async function teamExists(db: Executor, workspaceId: string, teamId: string): Promise<boolean> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return Boolean(row);
}

/** What a template's variables need besides the contact: the conversation's contact id, the agent's and the workspace's names. */
export async function findRenderContext(db: Executor, workspaceId: string, conversationId: string | null, memberId: string | null) {
  const result = await db.execute<{ workspace_name: string; agent_name: string | null; conversation_id: string | null; contact_id: string | null }>(sql`
    SELECT w.name AS workspace_name,
      (SELECT u.name FROM members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = w.id AND m.id = ${memberId}::text) AS agent_name,
      c.id AS conversation_id, c.contact_id
    FROM workspaces w
    LEFT JOIN conversations c ON c.workspace_id = w.id AND c.id = ${conversationId}::text
    WHERE w.id = ${workspaceId}`);
  const row = result.rows[0]!;
  return { workspaceName: row.workspace_name, agentName: row.agent_name, conversationId: row.conversation_id, contactId: row.contact_id };
}

// --- knowledge library ---

const articleColumns = {
  id: knowledgeArticles.id,
  workspaceId: knowledgeArticles.workspaceId,
  kind: knowledgeArticles.kind,
  title: knowledgeArticles.title,
  body: knowledgeArticles.body,
  url: knowledgeArticles.url,
  language: knowledgeArticles.language,
  tags: knowledgeArticles.tags,
  createdByMemberId: knowledgeArticles.createdByMemberId,
  createdAt: knowledgeArticles.createdAt,
  updatedAt: knowledgeArticles.updatedAt,
};

export type KnowledgeFilter = { q?: string; kind?: 'article' | 'video'; tag?: string; language?: string };

/** Newest first; with `q`, by full-text rank over title, body and tags (the GIN-indexed `search` column). */
export async function listKnowledgeArticles(db: Executor, workspaceId: string, filter: KnowledgeFilter, after: { at: string; id: string } | null, limit: number) {
  const conditions: (SQL | undefined)[] = [eq(knowledgeArticles.workspaceId, workspaceId)];
  if (filter.kind) conditions.push(eq(knowledgeArticles.kind, filter.kind));
  if (filter.tag) conditions.push(sql`${knowledgeArticles.tags} @> ARRAY[${filter.tag.toLowerCase()}]::text[]`);
  if (filter.language) conditions.push(eq(knowledgeArticles.language, filter.language));
  if (filter.q) {
    // Words are matched as prefixes too, so "refund" finds "refunds". Tags are not in the search
    // column (array_to_string is not immutable), so they are searched as a vector of their own.
    const query = sql`websearch_to_tsquery('simple', ${filter.q})`;
    const prefixQuery = sql`to_tsquery('simple', ${prefixQueryText(filter.q)})`;
    const tags = sql`array_to_tsvector(${knowledgeArticles.tags})`;
    conditions.push(or(sql`${knowledgeArticles.search} @@ ${query}`, sql`${knowledgeArticles.search} @@ ${prefixQuery}`, sql`${tags} @@ ${prefixQuery}`));
    return db
      .select(articleColumns)
      .from(knowledgeArticles)
      .where(and(...conditions))
      .orderBy(
        desc(sql`ts_rank(${knowledgeArticles.search}, ${query}) + ts_rank(${knowledgeArticles.search}, ${prefixQuery}) + ts_rank(${tags}, ${prefixQuery})`),
        desc(knowledgeArticles.createdAt),
        desc(knowledgeArticles.id),
      )
      .limit(limit + 1);
  }
  if (after) conditions.push(or(lt(knowledgeArticles.createdAt, new Date(after.at)), and(eq(knowledgeArticles.createdAt, new Date(after.at)), lt(knowledgeArticles.id, after.id))));
  return db
    .select(articleColumns)
    .from(knowledgeArticles)
    .where(and(...conditions))
    .orderBy(desc(knowledgeArticles.createdAt), desc(knowledgeArticles.id))
    .limit(limit + 1);
}

/** The lower-cased words of a search (letters and digits only, so a query built of them always parses). */
const searchWords = (q: string) => (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);

/** The words of a search as prefixes joined by AND (`ref:* & card:*`). */
export function prefixQueryText(q: string): string {
  return searchWords(q)
    .map((word) => `${word}:*`)
    .join(' & ');
}

// A JSON parameter: drizzle would spread a JS array into one parameter per element.
const textArray = (values: string[]) => sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

export async function findKnowledgeArticle(db: Executor, workspaceId: string, id: string): Promise<KnowledgeArticleRow | undefined> {
  const [row] = await db.select(articleColumns).from(knowledgeArticles).where(and(eq(knowledgeArticles.workspaceId, workspaceId), eq(knowledgeArticles.id, id)));
  return row;
}

export async function insertKnowledgeArticle(db: Executor, row: Omit<typeof knowledgeArticles.$inferInsert, 'search'>): Promise<KnowledgeArticleRow> {
  const [inserted] = await db.insert(knowledgeArticles).values(row).returning(articleColumns);
  return inserted!;
}

export async function updateKnowledgeArticle(
  db: Executor,
  workspaceId: string,
  id: string,
  patch: Partial<Pick<KnowledgeArticleRow, 'kind' | 'title' | 'body' | 'url' | 'language' | 'tags'>>,
): Promise<KnowledgeArticleRow | undefined> {
  const [row] = await db
    .update(knowledgeArticles)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(knowledgeArticles.workspaceId, workspaceId), eq(knowledgeArticles.id, id)))
    .returning(articleColumns);
  return row;
}

export async function deleteKnowledgeArticle(db: Executor, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db.delete(knowledgeArticles).where(and(eq(knowledgeArticles.workspaceId, workspaceId), eq(knowledgeArticles.id, id))).returning({ id: knowledgeArticles.id });
  return rows.length > 0;
}

// --- participants ---

export async function listParticipants(db: Executor, workspaceId: string, conversationId: string): Promise<ParticipantRow[]> {
  return db
    .select({ memberId: conversationParticipants.memberId, name: users.name, role: conversationParticipants.role, createdAt: conversationParticipants.createdAt })
    .from(conversationParticipants)
    .innerJoin(members, eq(members.id, conversationParticipants.memberId))
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(conversationParticipants.workspaceId, workspaceId), eq(conversationParticipants.conversationId, conversationId)))
    .orderBy(asc(conversationParticipants.createdAt), asc(conversationParticipants.memberId));
}

/** Adds the member, or upgrades a participant to expert; answers whether anything changed. */
export async function upsertParticipant(db: Executor, workspaceId: string, conversationId: string, memberId: string, role: 'participant' | 'expert'): Promise<boolean> {
  const rows = await db
    .insert(conversationParticipants)
    .values({ workspaceId, conversationId, memberId, role })
    .onConflictDoUpdate({
      target: [conversationParticipants.conversationId, conversationParticipants.memberId],
      set: { role },
      // Only an upgrade changes anything: asking someone already an expert again, or adding them as a
      // plain participant, leaves the row as it is.
      setWhere: sql`${conversationParticipants.role} = 'participant' AND excluded.role = 'expert'`,
    })
    .returning({ memberId: conversationParticipants.memberId });
  return rows.length > 0;
}

export async function deleteParticipant(db: Executor, workspaceId: string, conversationId: string, memberId: string): Promise<boolean> {
  const rows = await db
    .delete(conversationParticipants)
    .where(and(eq(conversationParticipants.workspaceId, workspaceId), eq(conversationParticipants.conversationId, conversationId), eq(conversationParticipants.memberId, memberId)))
    .returning({ memberId: conversationParticipants.memberId });
  return rows.length > 0;
}

/** A member of the workspace with their name and role (who can be asked for help, and what they may do). */
export async function findMemberBrief(db: Executor, workspaceId: string, memberId: string): Promise<{ id: string; name: string; role: WorkspaceRole } | undefined> {
  const [row] = await db
    .select({ id: members.id, name: users.name, role: members.role })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId)));
  return row;
}

// --- suggestions ---

/** PostgreSQL text-search configurations by language code; others are read as English (stop words, stems). */
const searchConfigs: Record<string, string> = {
  da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish', fr: 'french', de: 'german', hu: 'hungarian', it: 'italian',
  no: 'norwegian', nb: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sv: 'swedish', tr: 'turkish',
};
const configOf = (language: SQL) =>
  sql`CASE split_part(lower(coalesce(${language}, '')), '-', 1) ${sql.raw(Object.entries(searchConfigs).map(([code, config]) => `WHEN '${code}' THEN '${config}'::regconfig`).join(' '))} ELSE 'english'::regconfig END`;

/** Stem and word pairs of the text, at the same positions: `["charg", "charged"]`. */
export type TermPair = [stem: string, word: string];

export type SuggestionSource = {
  id: string;
  language: string | null;
  suggestedArticleIds: string[];
  teamId: string | null;
  /** Terms of the latest inbound message (for suggested replies) */
  latest: TermPair[];
  /** Terms of the last few inbound messages (for articles) */
  recent: TermPair[];
};

/**
 * One statement: the conversation (scoped to the workspace) and the words of its recent inbound
 * messages, stemmed in the conversation's language and paired with the word as written.
 */
export async function findSuggestionSource(db: Executor, workspaceId: string, conversationId: string): Promise<SuggestionSource | undefined> {
  const pairs = (text: SQL) => sql`(
    SELECT json_agg(DISTINCT jsonb_build_array(s.lexeme, w.lexeme))
    FROM unnest(to_tsvector(c.cfg, ${text})) s, unnest(to_tsvector('simple', ${text})) w
    WHERE s.positions && w.positions)`;
  const result = await db.execute<{ id: string; language: string | null; suggested_article_ids: string[]; team_id: string | null; latest: TermPair[] | null; recent: TermPair[] | null }>(sql`
    WITH c AS (
      SELECT id, language, suggested_article_ids, team_id, ${configOf(sql`language`)} AS cfg
      FROM conversations WHERE workspace_id = ${workspaceId} AND id = ${conversationId}
    ), recent AS (
      SELECT left(m.text, 2000) AS text, row_number() OVER (ORDER BY m.id DESC) AS n
      FROM messages m
      WHERE m.conversation_id = ${conversationId} AND m.workspace_id = ${workspaceId} AND m.direction = 'inbound' AND m.kind = 'message'
      ORDER BY m.id DESC LIMIT 5
    ), texts AS (
      SELECT string_agg(text, E'\n') FILTER (WHERE n = 1) AS latest, string_agg(text, E'\n' ORDER BY n DESC) AS everything FROM recent
    )
    SELECT c.id, c.language, c.suggested_article_ids, c.team_id, ${pairs(sql`texts.latest`)} AS latest, ${pairs(sql`texts.everything`)} AS recent
    FROM c, texts`);
  const row = result.rows[0];
  if (!row) return undefined;
  return { id: row.id, language: row.language, suggestedArticleIds: row.suggested_article_ids, teamId: row.team_id, latest: row.latest ?? [], recent: row.recent ?? [] };
}

/**
 * An OR query of the terms for the `simple`-configured search columns: each stem as a prefix (so
 * "charged" finds "charge" and "charges") and each word as written (stems like "happi" match no
 * written word). Letters and digits only, so it always parses; null when nothing is left.
 */
export function termsQueryText(pairs: TermPair[], max = 64): string | null {
  const clean = /^[\p{L}\p{N}]+$/u;
  const terms = new Set<string>();
  for (const [stem, word] of pairs) {
    if (clean.test(stem) && stem.length >= 3) terms.add(`${stem}:*`);
    if (clean.test(word) && word.length >= 2) terms.add(word);
    if (terms.size >= max) break;
  }
  return terms.size > 0 ? [...terms].join(' | ') : null;
}

export type RankedArticle = KnowledgeArticleRow & { rank: number; attached: boolean };
export type RankedReply = CannedResponseRow & { rank: number };

/**
 * One statement: the articles routing rules attached, then the articles and the canned responses
 * (the conversation's team's and workspace-wide) that best match the terms. Articles in another
 * language than the conversation's count half.
 */
export async function rankSuggestions(
  db: Executor,
  workspaceId: string,
  input: { articleQuery: string | null; replyQuery: string | null; attachedIds: string[]; language: string | null; teamId: string | null; articleLimit: number; replyLimit: number },
): Promise<{ articles: RankedArticle[]; replies: RankedReply[] }> {
  const articleQuery = sql`to_tsquery('simple', ${input.articleQuery ?? ''})`;
  const replyQuery = sql`to_tsquery('simple', ${input.replyQuery ?? ''})`;
  const language = input.language ? input.language.split('-')[0]!.toLowerCase() : null;
  const attached = textArray(input.attachedIds);
  // Tags are not in the search column (array_to_string is not immutable): ranked as their own vector.
  const tags = sql`array_to_tsvector(k.tags)`;
  const result = await db.execute<{ articles: Record<string, unknown>[] | null; replies: Record<string, unknown>[] | null }>(sql`
    SELECT
      (SELECT json_agg(a ORDER BY a.attached DESC, a.rank DESC, a.created_at DESC) FROM (
        SELECT k.id, k.workspace_id, k.kind, k.title, k.body, k.url, k.language, k.tags, k.created_by_member_id, k.created_at, k.updated_at,
          k.id = ANY(${attached}) AS attached,
          CASE WHEN ${input.articleQuery}::text IS NOT NULL THEN ts_rank(k.search, ${articleQuery}) + ts_rank(${tags}, ${articleQuery}) ELSE 0 END
            * CASE WHEN k.language IS NULL OR ${language}::text IS NULL OR split_part(lower(k.language), '-', 1) = ${language}::text THEN 1 ELSE 0.5 END AS rank
        FROM knowledge_articles k
        WHERE k.workspace_id = ${workspaceId}
          AND (k.id = ANY(${attached}) OR (${input.articleQuery}::text IS NOT NULL AND (k.search @@ ${articleQuery} OR ${tags} @@ ${articleQuery})))
        ORDER BY attached DESC, rank DESC, k.created_at DESC
        LIMIT ${input.articleLimit + input.attachedIds.length}
      ) a) AS articles,
      (SELECT json_agg(r ORDER BY r.rank DESC, r.usage_count DESC) FROM (
        SELECT cr.*, ts_rank(to_tsvector('simple', cr.name || ' ' || cr.body), ${replyQuery}) AS rank
        FROM canned_responses cr
        WHERE ${input.replyQuery}::text IS NOT NULL AND cr.workspace_id = ${workspaceId}
          AND (cr.team_id IS NULL OR cr.team_id = ${input.teamId}::text)
          AND to_tsvector('simple', cr.name || ' ' || cr.body) @@ ${replyQuery}
        ORDER BY rank DESC, cr.usage_count DESC
        LIMIT ${input.replyLimit}
      ) r) AS replies`);
  const row = result.rows[0];
  const date = (value: unknown) => new Date(value as string);
  const articles = (row?.articles ?? []).map((a) => ({
    id: a.id as string,
    workspaceId: a.workspace_id as string,
    kind: a.kind as 'article' | 'video',
    title: a.title as string,
    body: a.body as string,
    url: a.url as string | null,
    language: a.language as string | null,
    tags: a.tags as string[],
    createdByMemberId: a.created_by_member_id as string | null,
    createdAt: date(a.created_at),
    updatedAt: date(a.updated_at),
    rank: Number(a.rank),
    attached: Boolean(a.attached),
  }));
  const replies = (row?.replies ?? []).map((r) => ({
    id: r.id as string,
    workspaceId: r.workspace_id as string,
    name: r.name as string,
    shortcut: r.shortcut as string,
    body: r.body as string,
    teamId: r.team_id as string | null,
    usageCount: Number(r.usage_count),
    createdByMemberId: r.created_by_member_id as string | null,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    rank: Number(r.rank),
  }));
  return { articles, replies };
}
