// What every deal write does besides the write itself, in the same transaction: the audit record
// (before/after), the workspace event, and a deal_change entry on the timeline of the deal's contact.
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import type { DealRow } from '../repository.js';

export type DealEvent = 'deal.created' | 'deal.updated' | 'deal.moved' | 'deal.deleted';

export const dealSnapshot = (deal: DealRow) => ({
  title: deal.title,
  pipelineId: deal.pipelineId,
  stageId: deal.stageId,
  status: deal.status,
  amount: deal.amount,
  currency: deal.currency,
  expectedCloseDate: deal.expectedCloseDate,
  contactId: deal.contactId,
  companyId: deal.companyId,
  ownerMemberId: deal.ownerMemberId,
  source: deal.source,
  sourceChannel: deal.sourceChannel,
  sourceRef: deal.sourceRef,
  lostReason: deal.lostReason,
  closedAt: deal.closedAt?.toISOString() ?? null,
});

export async function recordDealChange(
  tx: Executor,
  ctx: Omit<CommandContext, 'db'>,
  change: { action: string; event: DealEvent; before: DealRow | null; after: DealRow | null; summary: string },
): Promise<void> {
  const deal = (change.after ?? change.before)!;
  const workspaceId = ctx.workspace.workspaceId;
  await recordAuditEvent(tx, ctx, {
    action: change.action,
    entityType: 'deal',
    entityId: deal.id,
    before: change.before ? dealSnapshot(change.before) : null,
    after: change.after ? dealSnapshot(change.after) : null,
  });
  await emitEvent(tx, workspaceId, change.event, { id: deal.id, pipelineId: deal.pipelineId });
  // A deal that changed contact leaves a trace on both timelines.
  const contactIds = new Set([change.before?.contactId, change.after?.contactId].filter((id): id is string => Boolean(id)));
  for (const contactId of contactIds) {
    await recordInteraction(tx, {
      workspaceId,
      contactId,
      kind: 'deal_change',
      summary: change.summary,
      sourceModule: 'deals',
      sourceId: `${deal.id}:${newId('chg', 12)}`,
      actorMemberId: ctx.workspace.memberId,
      data: { dealId: deal.id, action: change.action, stageId: change.after?.stageId ?? null, status: change.after?.status ?? null },
    });
  }
}
