// A workspace's listening engine as one pipeline process holds it: its queries in matchers, which
// topic each query belongs to, and the near-duplicate index of recent mentions. Queries that look at
// the language (lang:) live in a matcher of their own, so that a post's language — the costliest
// enrichment — is detected before matching only when one of those queries could match it. Processes share
// nothing but PostgreSQL: each checks the workspace's revision counters (one primary-key read, at most
// once per `refreshMs`) and applies only the queries that changed, so a query edit takes effect
// everywhere within about a second without rebuilding the matcher.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { listeningQueries, listeningState } from '../../../db/schema.js';
import { NearDuplicateIndex } from '../enrich/near-duplicates.js';
import { anchorsOf, QueryMatcher } from '../matcher/matcher.js';
import type { AnalyzedPost } from '../text/types.js';
import { parseQuery } from '../query/parser.js';
import type { QueryNode } from '../query/ast.js';

type LoadedQuery = { text: string; topicId: string };

/** Whether the query looks at the post's language: then the language must be known before matching. */
function usesLanguage(node: QueryNode): boolean {
  switch (node.type) {
    case 'meta':
      return node.field === 'lang';
    case 'and':
    case 'or':
      return node.children.some(usesLanguage);
    case 'not':
      return usesLanguage(node.child);
    default:
      return false;
  }
}

export class WorkspaceEngine {
  /** queries that do not depend on the language */
  private readonly plain = new QueryMatcher();
  /** queries with lang: */
  private readonly byLanguage = new QueryMatcher();
  readonly nearDuplicates = new NearDuplicateIndex({ maxEntries: 50_000 });
  private readonly queries = new Map<string, LoadedQuery>();
  /** lang: queries whose only index keys are languages (or that have none): every post is their candidate */
  private readonly languageAnchored = new Set<string>();
  queryRevision = -1;
  modelRevision = -1;
  checkedAt = 0;

  constructor(readonly workspaceId: string) {}

  topicOf(queryId: string): string | undefined {
    return this.queries.get(queryId)?.topicId;
  }

  /**
   * True when the post's language must be known before matching: a lang: query could match it
   * (it is among that matcher's candidates, which do not need the language unless the query is
   * anchored on it).
   */
  needsLanguage(post: AnalyzedPost): boolean {
    if (this.byLanguage.size === 0) return false;
    return this.languageAnchored.size > 0 || this.byLanguage.candidates(post).size > 0;
  }

  /**
   * The ids of the queries the post matches, sorted. `languageNeeded` is what needsLanguage said; when
   * true, the post's language must have been detected (or found undetectable) first.
   */
  match(post: AnalyzedPost, languageNeeded: boolean): string[] {
    const plain = this.plain.match(post);
    if (!languageNeeded) return plain;
    const withLanguage = this.byLanguage.match(post);
    return withLanguage.length === 0 ? plain : [...plain, ...withLanguage].sort();
  }

  get queryCount(): number {
    return this.queries.size;
  }

  /** Makes the matcher hold exactly `rows` (enabled queries), touching only what changed. */
  apply(rows: { id: string; query: string; topicId: string }[]): void {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const current = this.queries.get(row.id);
      if (current && current.text === row.query) {
        current.topicId = row.topicId;
        continue;
      }
      this.remove(row.id);
      const parsed = parseQuery(row.query);
      // Stored queries were validated when saved; one that no longer parses (a grammar change) is skipped, not fatal.
      if (!parsed.ok) continue;
      if (usesLanguage(parsed.ast)) {
        this.byLanguage.set(row.id, parsed.ast);
        const anchors = anchorsOf(parsed.ast);
        if (anchors === null || [...anchors].some((key) => key.startsWith('l:'))) this.languageAnchored.add(row.id);
      } else {
        this.plain.set(row.id, parsed.ast);
      }
      this.queries.set(row.id, { text: row.query, topicId: row.topicId });
    }
    for (const id of [...this.queries.keys()]) if (!seen.has(id)) this.remove(id);
  }

  private remove(id: string): void {
    this.plain.remove(id);
    this.byLanguage.remove(id);
    this.queries.delete(id);
    this.languageAnchored.delete(id);
  }
}

export type Revisions = { queryRevision: number; modelRevision: number };

export async function readRevisions(db: Executor, workspaceId: string): Promise<Revisions> {
  const [row] = await db
    .select({ queryRevision: listeningState.queryRevision, modelRevision: listeningState.modelRevision })
    .from(listeningState)
    .where(eq(listeningState.workspaceId, workspaceId));
  return row ?? { queryRevision: 0, modelRevision: 0 };
}

export async function loadEnabledQueries(db: Executor, workspaceId: string) {
  return db
    .select({ id: listeningQueries.id, query: listeningQueries.query, topicId: listeningQueries.topicId })
    .from(listeningQueries)
    .where(sql`${listeningQueries.workspaceId} = ${workspaceId} AND ${listeningQueries.enabled}`);
}

async function bumpRevision(tx: Executor, workspaceId: string, column: 'query_revision' | 'model_revision'): Promise<void> {
  const name = sql.raw(column);
  await tx.execute(sql`
    INSERT INTO listening_state (workspace_id, ${name}) VALUES (${workspaceId}, 1)
    ON CONFLICT (workspace_id) DO UPDATE SET ${name} = listening_state.${name} + 1`);
}

/** Called in the transaction of any change to a workspace's queries or topics. */
export const bumpQueryRevision = (tx: Executor, workspaceId: string) => bumpRevision(tx, workspaceId, 'query_revision');

/** Called in the transaction that stores a newly trained model. */
export const bumpModelRevision = (tx: Executor, workspaceId: string) => bumpRevision(tx, workspaceId, 'model_revision');
