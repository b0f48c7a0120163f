// Turns a mention into a lead: a deal in the pipeline whose source is the mention (its channel and id),
// for the author's contact when the author is linked. The deals module writes the audit and the event.
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { createDeal } from '../../deals/commands/manage-deals.js';
import type { Money } from '../../deals/schema.js';
import * as repo from '../repository.js';

export async function createDealFromMention(ctx: CommandContext, mentionId: string, input: { title?: string; pipelineId?: string; amount?: Money | null }) {
  const mention = await repo.findMention(ctx.db, ctx.workspace.workspaceId, mentionId);
  if (!mention) throw notFound('mention', mentionId);
  const who = mention.authorName ?? (mention.authorHandle ? `@${mention.authorHandle}` : null);
  return createDeal(ctx, {
    title: input.title ?? (who ? `Lead: ${who}` : `Lead from a ${mention.channel ?? 'web'} mention`),
    pipelineId: input.pipelineId,
    amount: input.amount ?? null,
    contactId: mention.contactId,
    ownerMemberId: ctx.workspace.memberId,
    source: 'mention',
    sourceChannel: mention.channel,
    sourceRef: mentionId,
  });
}
