// What to offer an agent beside a conversation: knowledge articles matching what the customer wrote
// recently (plus those routing rules attached) and canned responses matching their latest message.
// Two statements: the conversation with its words stemmed in its language, then both rankings.
import type { Executor } from '../../../db/client.js';
import { notFound } from '../../../server/errors.js';
import * as repo from '../tools/repository.js';

export type ContentSuggestions = { articles: repo.RankedArticle[]; replies: repo.RankedReply[] };

export async function suggestContent(db: Executor, workspaceId: string, conversationId: string, limits: { articles?: number; replies?: number } = {}): Promise<ContentSuggestions> {
  const source = await repo.findSuggestionSource(db, workspaceId, conversationId);
  if (!source) throw notFound('conversation', conversationId);
  return repo.rankSuggestions(db, workspaceId, {
    articleQuery: repo.termsQueryText(source.recent),
    replyQuery: repo.termsQueryText(source.latest),
    attachedIds: source.suggestedArticleIds,
    language: source.language,
    teamId: source.teamId,
    articleLimit: limits.articles ?? 5,
    replyLimit: limits.replies ?? 3,
  });
}
