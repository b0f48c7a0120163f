// A person corrects a mention's sentiment or relevance. The mention takes the person's label at once;
// the correction is kept (the latest per mention and field) as a training example for the workspace's
// model, and the training job is queued to run 30 seconds later; corrections made meanwhile join
// that run rather than queueing more.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { enqueueJob } from '../../../jobs/enqueue.js';
import { mentionCorrections, mentions, type RelevanceLabel, type SentimentLabel } from '../../../db/schema.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';

export type MentionCorrection = { sentiment?: SentimentLabel; relevance?: RelevanceLabel };

/** Seconds to wait after a correction before training, so a reviewing session trains once. */
export const TRAIN_DELAY_SECONDS = 30;

const SCORE_OF: Record<SentimentLabel, number> = { negative: -0.6, neutral: 0, positive: 0.6 };

export async function correctMention(ctx: CommandContext, mentionId: string, correction: MentionCorrection): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  if (!/^\d{1,18}$/.test(mentionId)) throw notFound('mention', mentionId);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: mentions.id, sentimentLabel: mentions.sentimentLabel, sentimentScore: mentions.sentimentScore, machineSentimentLabel: mentions.machineSentimentLabel, relevance: mentions.relevance })
      .from(mentions)
      .where(and(eq(mentions.workspaceId, workspaceId), eq(mentions.id, Number(mentionId))))
      .for('update');
    if (!before) throw notFound('mention', mentionId);

    const kinds: ('sentiment' | 'relevance')[] = [];
    if (correction.sentiment) {
      kinds.push('sentiment');
      // Keep the machine's score when it already agrees in sign; otherwise a typical score of the label.
      const keepsScore = (correction.sentiment === 'positive' && before.sentimentScore >= 0.05) || (correction.sentiment === 'negative' && before.sentimentScore <= -0.05);
      await tx
        .update(mentions)
        .set({ sentimentLabel: correction.sentiment, sentimentBy: 'person', sentimentScore: keepsScore ? before.sentimentScore : SCORE_OF[correction.sentiment] })
        .where(eq(mentions.id, before.id));
      await upsertCorrection(tx, workspaceId, before.id, 'sentiment', correction.sentiment, before.machineSentimentLabel, ctx.workspace.memberId);
    }
    if (correction.relevance) {
      kinds.push('relevance');
      await tx.update(mentions).set({ relevance: correction.relevance, relevanceBy: 'person' }).where(eq(mentions.id, before.id));
      // Unreviewed mentions were matched by a query, which is the machine saying "relevant".
      await upsertCorrection(tx, workspaceId, before.id, 'relevance', correction.relevance, before.relevance ?? 'relevant', ctx.workspace.memberId);
    }
    for (const kind of kinds) {
      await enqueueJob(tx, 'listening.train_model', { workspaceId, kind }, {
        jobKey: `listening.train_model:${workspaceId}:${kind}`,
        jobKeyMode: 'preserve_run_at',
        runAt: new Date(Date.now() + TRAIN_DELAY_SECONDS * 1000),
      });
    }
    await recordAuditEvent(tx, ctx, {
      action: 'mention.corrected',
      entityType: 'mention',
      entityId: mentionId,
      before: { sentiment: before.sentimentLabel, relevance: before.relevance },
      after: { ...correction },
    });
    await emitEvent(tx, workspaceId, 'mention.updated', { mentionId, ...correction });
  });
}

async function upsertCorrection(
  tx: Executor,
  workspaceId: string,
  mentionId: number,
  field: 'sentiment' | 'relevance',
  value: string,
  machineValue: string | null,
  memberId: string | null,
) {
  await tx
    .insert(mentionCorrections)
    .values({ workspaceId, mentionId, field, value, machineValue, memberId })
    .onConflictDoUpdate({
      target: [mentionCorrections.mentionId, mentionCorrections.field],
      set: { value, memberId, createdAt: sql`now()` },
    });
}
