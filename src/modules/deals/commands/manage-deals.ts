// Creating, editing and deleting deals. Stage moves (and won/lost) live in move-deal.ts.
import type { AcquisitionSource } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { newId } from '../../../lib/ids.js';
import { normalizeAmount } from '../money.js';
import * as repo from '../repository.js';
import type { Money } from '../schema.js';
import { recordDealChange } from './deal-changes.js';
import { ensureDefaultPipeline } from './manage-pipelines.js';
import { makeCustomerOfWonDeal } from './move-deal.js';
import { resolveDealLinks } from './resolve-deal-links.js';

export type DealInput = {
  title: string;
  pipelineId?: string;
  stageId?: string;
  contactId?: string | null;
  companyId?: string | null;
  amount?: Money | null;
  expectedCloseDate?: string | null;
  ownerMemberId?: string | null;
  source: AcquisitionSource;
  sourceChannel?: string | null;
  sourceRef?: string | null;
  lostReason?: string | null;
};

const lostReasonRequired = () =>
  new AppError('deal.lost_reason_required', 422, 'Say why the deal was lost: a lost deal needs a reason.', { field: 'lostReason' });

const emptyToNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value.trim() === '' ? null : value.trim());

export async function createDeal(ctx: CommandContext, input: DealInput): Promise<repo.DealRow> {
  const workspaceId = ctx.workspace.workspaceId;
  if (!input.pipelineId && !input.stageId) await ensureDefaultPipeline(ctx);
  return ctx.db.transaction(async (tx) => {
    let stage: repo.StageRow | undefined;
    if (input.stageId) {
      stage = await repo.findStage(tx, workspaceId, input.stageId);
      if (!stage) throw notFound('pipeline_stage', input.stageId);
      if (input.pipelineId && stage.pipelineId !== input.pipelineId) {
        throw new AppError('deal.stage_not_in_pipeline', 422, 'The stage belongs to another pipeline.', { field: 'stageId' });
      }
    } else {
      const pipeline = input.pipelineId ? await repo.findPipeline(tx, workspaceId, input.pipelineId) : await repo.findDefaultPipeline(tx, workspaceId);
      if (!pipeline) throw notFound('pipeline', input.pipelineId);
      stage = (await repo.listStages(tx, workspaceId, [pipeline.id])).find((candidate) => candidate.kind === 'open');
      if (!stage) throw new AppError('pipeline.stages_invalid', 422, 'The pipeline has no open stage.');
    }
    const lostReason = emptyToNull(input.lostReason) ?? null;
    if (stage.kind === 'lost' && !lostReason) throw lostReasonRequired();
    const links = await resolveDealLinks(tx, workspaceId, input);
    const last = await repo.lastPosition(tx, workspaceId, stage.id, '');
    const id = newId('deal');
    await repo.insertDeal(tx, {
      id,
      workspaceId,
      pipelineId: stage.pipelineId,
      stageId: stage.id,
      title: input.title.trim(),
      contactId: links.contactId ?? null,
      companyId: links.companyId ?? null,
      ownerMemberId: links.ownerMemberId ?? null,
      amount: input.amount ? normalizeAmount(input.amount.amount) : null,
      currency: input.amount?.currency ?? null,
      expectedCloseDate: input.expectedCloseDate ?? null,
      source: input.source,
      sourceChannel: emptyToNull(input.sourceChannel) ?? null,
      sourceRef: emptyToNull(input.sourceRef) ?? null,
      status: stage.kind,
      lostReason: stage.kind === 'lost' ? lostReason : null,
      closedAt: stage.kind === 'open' ? null : new Date(),
      position: last === null ? 1 : last + 1,
    });
    const deal = (await repo.findDeal(tx, workspaceId, id))!;
    await recordDealChange(tx, ctx, { action: 'deal.created', event: 'deal.created', before: null, after: deal, summary: `Deal “${deal.title}” created in ${stage.name}` });
    if (deal.status === 'won') await makeCustomerOfWonDeal(tx, ctx, deal);
    return deal;
  });
}

export type DealPatch = Partial<Omit<DealInput, 'pipelineId' | 'stageId' | 'source'>> & { source?: AcquisitionSource };

const fieldLabels: Record<string, string> = {
  title: 'title',
  contactId: 'contact',
  companyId: 'company',
  amount: 'amount',
  currency: 'amount',
  expectedCloseDate: 'expected close',
  ownerMemberId: 'owner',
  source: 'source',
  sourceChannel: 'source',
  sourceRef: 'source',
  lostReason: 'lost reason',
};

export async function updateDeal(ctx: CommandContext, dealId: string, patch: DealPatch): Promise<repo.DealRow> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findDeal(tx, workspaceId, dealId);
    if (!before) throw notFound('deal', dealId);
    const links = await resolveDealLinks(tx, workspaceId, patch);
    const lostReason = emptyToNull(patch.lostReason);
    if (lostReason !== undefined && before.status !== 'lost') {
      throw new AppError('deal.not_lost', 422, 'Only a lost deal has a lost reason.', { field: 'lostReason' });
    }
    if (lostReason === null && before.status === 'lost') throw lostReasonRequired();
    const changes = {
      ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
      ...links,
      ...(patch.amount !== undefined
        ? { amount: patch.amount ? normalizeAmount(patch.amount.amount) : null, currency: patch.amount?.currency ?? null }
        : {}),
      ...(patch.expectedCloseDate !== undefined ? { expectedCloseDate: patch.expectedCloseDate } : {}),
      ...(patch.source !== undefined ? { source: patch.source } : {}),
      ...(patch.sourceChannel !== undefined ? { sourceChannel: emptyToNull(patch.sourceChannel) } : {}),
      ...(patch.sourceRef !== undefined ? { sourceRef: emptyToNull(patch.sourceRef) } : {}),
      ...(lostReason !== undefined ? { lostReason } : {}),
    };
    const changed = Object.entries(changes).filter(([key, value]) => before[key as keyof repo.DealRow] !== value);
    if (changed.length === 0) return before;
    await repo.updateDeal(tx, workspaceId, dealId, Object.fromEntries(changed));
    const after = (await repo.findDeal(tx, workspaceId, dealId))!;
    const what = [...new Set(changed.map(([key]) => fieldLabels[key] ?? key))].join(', ');
    await recordDealChange(tx, ctx, { action: 'deal.updated', event: 'deal.updated', before, after, summary: `Deal “${after.title}” updated: ${what}` });
    return after;
  });
}

export async function deleteDeal(ctx: CommandContext, dealId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findDeal(tx, workspaceId, dealId);
    if (!before) throw notFound('deal', dealId);
    await repo.deleteDeal(tx, workspaceId, dealId);
    await recordDealChange(tx, ctx, { action: 'deal.deleted', event: 'deal.deleted', before, after: null, summary: `Deal “${before.title}” deleted` });
  });
}
