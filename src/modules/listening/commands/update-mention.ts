// A person's review of a mention: sentiment and relevance go through correctMention (so they train
// the workspace's model), a spam verdict and tags are marks of the mention itself. Marking spam also
// marks it irrelevant, which is what the relevance model should learn from it. bulkUpdateMentions
// applies one review to many mentions, each as if reviewed alone.
import type { RelevanceLabel, SentimentLabel } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { correctMention } from './correct-mention.js';

export type MentionReview = {
  sentiment?: SentimentLabel;
  relevance?: RelevanceLabel;
  spam?: boolean | null;
  /** replaces the tags */
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
};

export async function updateMention(ctx: CommandContext, mentionId: string, review: MentionReview): Promise<void> {
  const relevance = review.relevance ?? (review.spam === true ? 'irrelevant' : undefined);
  if (review.sentiment || relevance) await correctMention(ctx, mentionId, { sentiment: review.sentiment, relevance });
  const marks = { spam: review.spam, tags: review.tags, addTags: review.addTags, removeTags: review.removeTags };
  if (Object.values(marks).every((value) => value === undefined)) return;
  const workspaceId = ctx.workspace.workspaceId;
  if (!/^\d{1,18}$/.test(mentionId)) throw notFound('mention', mentionId);
  await ctx.db.transaction(async (tx) => {
    const changed = await repo.markMention(tx, workspaceId, mentionId, marks);
    if (!changed) throw notFound('mention', mentionId);
    await recordAuditEvent(tx, ctx, {
      action: 'mention.marked',
      entityType: 'mention',
      entityId: mentionId,
      before: { tags: changed.before.tags, spamMarked: changed.before.spamMarked },
      after: changed.after,
    });
    await emitEvent(tx, workspaceId, 'mention.updated', { mentionId });
  });
}

export async function bulkUpdateMentions(ctx: CommandContext, mentionIds: string[], review: MentionReview): Promise<{ updated: number; notFound: string[] }> {
  const ids = [...new Set(mentionIds)];
  const existing = new Set(await repo.existingMentionIds(ctx.db, ctx.workspace.workspaceId, ids));
  for (const id of ids) if (existing.has(id)) await updateMention(ctx, id, review);
  return { updated: existing.size, notFound: ids.filter((id) => !existing.has(id)) };
}
