// Moves a deal on the board: to another stage (of any pipeline) and/or another place within it.
// Entering a won or lost stage closes the deal; going back to an open stage reopens it. Positions are
// fractional, so a move rewrites one row (and, rarely, renumbers one stage when halving runs out).
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { getContact } from '../../contacts/commands/get-contact.js';
import { setLifecycleStage } from '../../contacts/commands/set-lifecycle-stage.js';
import * as repo from '../repository.js';
import { recordDealChange } from './deal-changes.js';

export type MoveInput = { stageId: string; beforeDealId?: string; afterDealId?: string; position?: number; lostReason?: string | null };

const MIN_GAP = 1e-9;

/** Winning a deal makes its contact a customer (advocates stay advocates). */
export async function makeCustomerOfWonDeal(tx: Executor, ctx: Omit<CommandContext, 'db'>, deal: repo.DealRow): Promise<void> {
  if (!deal.contactId) return;
  const contact = await getContact(tx, ctx.workspace.workspaceId, deal.contactId);
  if (contact.lifecycleStage === 'customer' || contact.lifecycleStage === 'advocate') return;
  await setLifecycleStage(tx, ctx, contact.id, 'customer', { sourceModule: 'deals', sourceId: deal.id, summary: `Became a customer: deal “${deal.title}” won` });
}

async function positionBetween(tx: Executor, workspaceId: string, stageId: string, dealId: string, input: MoveInput, renumbered = false): Promise<number> {
  if (input.position !== undefined) return input.position;
  const anchorId = input.beforeDealId ?? input.afterDealId;
  if (!anchorId) {
    const last = await repo.lastPosition(tx, workspaceId, stageId, dealId);
    return last === null ? 1 : last + 1;
  }
  if (anchorId === dealId) throw new AppError('deal.invalid_anchor', 422, 'A deal cannot be placed next to itself.', { field: input.beforeDealId ? 'beforeDealId' : 'afterDealId' });
  const anchor = await repo.dealPosition(tx, workspaceId, stageId, anchorId);
  if (anchor === undefined) {
    throw new AppError('deal.anchor_not_in_stage', 422, 'The deal to place it next to is not in that stage.', { field: input.beforeDealId ? 'beforeDealId' : 'afterDealId', dealId: anchorId });
  }
  const side = input.beforeDealId ? 'before' : 'after';
  const neighbour = await repo.neighbourPosition(tx, workspaceId, stageId, anchor, side, dealId);
  if (neighbour === null) return side === 'before' ? anchor - 1 : anchor + 1;
  if (Math.abs(anchor - neighbour) < MIN_GAP && !renumbered) {
    await repo.renumberStage(tx, workspaceId, stageId);
    return positionBetween(tx, workspaceId, stageId, dealId, input, true);
  }
  return (anchor + neighbour) / 2;
}

export async function moveDeal(ctx: CommandContext, dealId: string, input: MoveInput): Promise<repo.DealRow> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findDeal(tx, workspaceId, dealId);
    if (!before) throw notFound('deal', dealId);
    const from = (await repo.findStage(tx, workspaceId, before.stageId))!;
    const stage = await repo.findStage(tx, workspaceId, input.stageId);
    if (!stage) throw notFound('pipeline_stage', input.stageId);

    const now = new Date();
    let closing: { status: repo.StageRow['kind']; closedAt: Date | null; lostReason: string | null };
    if (stage.kind === 'open') {
      closing = { status: 'open', closedAt: null, lostReason: null };
    } else {
      const reason = input.lostReason?.trim() || (before.status === 'lost' ? before.lostReason : null);
      if (stage.kind === 'lost' && !reason) {
        throw new AppError('deal.lost_reason_required', 422, 'Say why the deal was lost: a lost deal needs a reason.', { field: 'lostReason' });
      }
      const stillSame = before.status === stage.kind;
      closing = { status: stage.kind, closedAt: stillSame ? before.closedAt : now, lostReason: stage.kind === 'lost' ? reason : null };
    }
    const position = await positionBetween(tx, workspaceId, stage.id, dealId, input);
    await repo.updateDeal(tx, workspaceId, dealId, { pipelineId: stage.pipelineId, stageId: stage.id, position, ...closing });
    const after = (await repo.findDeal(tx, workspaceId, dealId))!;

    const statusChanged = before.status !== after.status;
    const action = !statusChanged ? 'deal.moved' : after.status === 'won' ? 'deal.won' : after.status === 'lost' ? 'deal.lost' : 'deal.reopened';
    const summary =
      action === 'deal.won'
        ? `Deal “${after.title}” won${after.amount ? ` (${after.amount} ${after.currency})` : ''}`
        : action === 'deal.lost'
          ? `Deal “${after.title}” lost: ${after.lostReason}`
          : from.id === stage.id
            ? `Deal “${after.title}” reordered in ${stage.name}`
            : `Deal “${after.title}” moved: ${from.name} → ${stage.name}`;
    await recordDealChange(tx, ctx, { action, event: 'deal.moved', before, after, summary });
    if (statusChanged && after.status === 'won') await makeCustomerOfWonDeal(tx, ctx, after);
    return after;
  });
}

async function closingStage(ctx: CommandContext, dealId: string, kind: 'won' | 'lost') {
  const workspaceId = ctx.workspace.workspaceId;
  const deal = await repo.findDeal(ctx.db, workspaceId, dealId);
  if (!deal) throw notFound('deal', dealId);
  const stage = (await repo.listStages(ctx.db, workspaceId, [deal.pipelineId])).find((candidate) => candidate.kind === kind);
  if (!stage) throw new AppError('pipeline.stages_invalid', 422, `The deal's pipeline has no ${kind} stage.`);
  return { deal, stageId: stage.id };
}

/** Moves the deal to its pipeline's won stage; a deal already won stays as it is. */
export async function markDealWon(ctx: CommandContext, dealId: string): Promise<repo.DealRow> {
  const { deal, stageId } = await closingStage(ctx, dealId, 'won');
  if (deal.status === 'won') return deal;
  return moveDeal(ctx, dealId, { stageId });
}

/** Moves the deal to its pipeline's lost stage with the reason (a deal already lost keeps its place). */
export async function markDealLost(ctx: CommandContext, dealId: string, reason: string): Promise<repo.DealRow> {
  const { deal, stageId } = await closingStage(ctx, dealId, 'lost');
  if (deal.status === 'lost') return moveDeal(ctx, dealId, { stageId: deal.stageId, position: deal.position, lostReason: reason });
  return moveDeal(ctx, dealId, { stageId, lostReason: reason });
}
