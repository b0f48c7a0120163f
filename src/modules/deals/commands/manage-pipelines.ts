// Pipelines and their stages. A pipeline always has open stages first, then exactly one won and one
// lost stage; configuration changes of a workspace are serialized by an advisory lock.
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { isUniqueViolation } from '../../../db/errors.js';

type StageKind = repo.StageRow['kind'];
export type StageInput = { name: string; kind?: StageKind; probability?: number };

export const DEFAULT_STAGES: StageInput[] = [
  { name: 'New lead', probability: 10 },
  { name: 'Qualified', probability: 25 },
  { name: 'Proposal', probability: 50 },
  { name: 'Negotiation', probability: 75 },
  { name: 'Won', kind: 'won', probability: 100 },
  { name: 'Lost', kind: 'lost', probability: 0 },
];

const defaultProbability = (kind: StageKind) => (kind === 'won' ? 100 : kind === 'lost' ? 0 : 10);

const nameTaken = (name: string) => new AppError('pipeline.name_taken', 409, `A pipeline named "${name}" already exists in this workspace.`, { name });

/** Open stages in order, then won, then lost — whatever order the caller gave. */
function arrangeStageInputs(stages: StageInput[]): Required<StageInput>[] {
  const withKind = stages.map((stage) => ({ name: stage.name.trim(), kind: stage.kind ?? 'open', probability: stage.probability ?? defaultProbability(stage.kind ?? 'open') }));
  const open = withKind.filter((stage) => stage.kind === 'open');
  const won = withKind.filter((stage) => stage.kind === 'won');
  const lost = withKind.filter((stage) => stage.kind === 'lost');
  if (open.length === 0) throw new AppError('pipeline.stages_invalid', 422, 'A pipeline needs at least one open stage.', { field: 'stages' });
  if (won.length > 1 || lost.length > 1) {
    throw new AppError('pipeline.stages_invalid', 422, 'A pipeline has exactly one won stage and one lost stage.', { field: 'stages', won: won.length, lost: lost.length });
  }
  return [...open, won[0] ?? { name: 'Won', kind: 'won', probability: 100 }, lost[0] ?? { name: 'Lost', kind: 'lost', probability: 0 }];
}

async function insertPipelineWithStages(tx: Executor, ctx: Omit<CommandContext, 'db'>, name: string, stages: StageInput[], isDefault: boolean) {
  const workspaceId = ctx.workspace.workspaceId;
  const arranged = arrangeStageInputs(stages);
  const pipeline = await repo.insertPipeline(tx, {
    id: newId('pipe'),
    workspaceId,
    name: name.trim(),
    position: await repo.nextPipelinePosition(tx, workspaceId),
    isDefault,
  });
  const stageRows = await repo.insertStages(
    tx,
    arranged.map((stage, index) => ({ id: newId('stage'), workspaceId, pipelineId: pipeline.id, name: stage.name, kind: stage.kind, probability: stage.probability, position: index })),
  );
  await recordAuditEvent(tx, ctx, {
    action: 'pipeline.created',
    entityType: 'pipeline',
    entityId: pipeline.id,
    after: { name: pipeline.name, isDefault, stages: arranged },
  });
  await emitEvent(tx, workspaceId, 'pipeline.created', { id: pipeline.id });
  return { pipeline, stages: stageRows.sort((a, b) => a.position - b.position) };
}

/**
 * A workspace without pipelines gets the default "Sales" pipeline on first use. The advisory lock
 * makes concurrent first reads create it once.
 */
export async function ensureDefaultPipeline(ctx: CommandContext): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  if ((await repo.findDefaultPipeline(ctx.db, workspaceId)) !== undefined) return;
  await ctx.db.transaction(async (tx) => {
    await repo.lockPipelines(tx, workspaceId);
    if ((await repo.findDefaultPipeline(tx, workspaceId)) !== undefined) return;
    await insertPipelineWithStages(tx, ctx, 'Sales', DEFAULT_STAGES, true);
  });
}

export async function createPipeline(ctx: CommandContext, input: { name: string; stages?: StageInput[] }) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      await repo.lockPipelines(tx, workspaceId);
      const isFirst = (await repo.findDefaultPipeline(tx, workspaceId)) === undefined;
      return insertPipelineWithStages(tx, ctx, input.name, input.stages ?? DEFAULT_STAGES, isFirst);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name.trim());
    throw error;
  }
}

export async function updatePipeline(ctx: CommandContext, pipelineId: string, patch: { name?: string; position?: number; isDefault?: true }) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      await repo.lockPipelines(tx, workspaceId);
      const before = await repo.findPipeline(tx, workspaceId, pipelineId);
      if (!before) throw notFound('pipeline', pipelineId);
      if (patch.isDefault) await repo.clearDefaultPipeline(tx, workspaceId);
      const after = (await repo.updatePipeline(tx, workspaceId, pipelineId, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.isDefault ? { isDefault: true } : {}),
      }))!;
      await recordAuditEvent(tx, ctx, {
        action: 'pipeline.updated',
        entityType: 'pipeline',
        entityId: pipelineId,
        before: { name: before.name, position: before.position, isDefault: before.isDefault },
        after: { name: after.name, position: after.position, isDefault: after.isDefault },
      });
      await emitEvent(tx, workspaceId, 'pipeline.updated', { id: pipelineId });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error) && patch.name) throw nameTaken(patch.name.trim());
    throw error;
  }
}

/**
 * Deletes a pipeline. Its deals would go with it, so a pipeline that still has deals (open or closed:
 * closed ones feed the conversion report) is refused unless `moveTo` names a pipeline to receive them.
 */
export async function deletePipeline(ctx: CommandContext, pipelineId: string, moveTo?: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    await repo.lockPipelines(tx, workspaceId);
    const pipeline = await repo.findPipeline(tx, workspaceId, pipelineId);
    if (!pipeline) throw notFound('pipeline', pipelineId);
    const all = await repo.listPipelines(tx, workspaceId);
    if (all.length === 1) throw new AppError('pipeline.last', 422, 'A workspace keeps at least one pipeline; create another one before deleting this one.');
    if (moveTo !== undefined) {
      if (moveTo === pipelineId) throw new AppError('pipeline.move_to_self', 422, 'Choose another pipeline to receive the deals.', { moveTo });
      const target = await repo.findPipeline(tx, workspaceId, moveTo);
      if (!target) throw notFound('pipeline', moveTo);
      const stages = await repo.listStages(tx, workspaceId, [target.id]);
      const openStage = stages.find((stage) => stage.kind === 'open');
      const won = stages.find((stage) => stage.kind === 'won');
      const lost = stages.find((stage) => stage.kind === 'lost');
      if (!openStage || !won || !lost) throw new AppError('pipeline.stages_invalid', 422, 'The receiving pipeline lacks an open, won or lost stage.');
      await repo.moveDealsToPipeline(tx, workspaceId, pipelineId, { pipelineId: target.id, openStageId: openStage.id, wonStageId: won.id, lostStageId: lost.id });
    } else {
      const openDeals = await repo.countDeals(tx, workspaceId, { pipelineId, status: 'open' });
      const allDeals = await repo.countDeals(tx, workspaceId, { pipelineId });
      if (allDeals > 0) {
        throw new AppError(
          'pipeline.has_deals',
          422,
          `This pipeline still has ${allDeals} deal${allDeals === 1 ? '' : 's'} (${openDeals} open). Pass ?moveTo=<pipeline id> to move them first.`,
          { openDeals, deals: allDeals },
        );
      }
    }
    await repo.deletePipeline(tx, workspaceId, pipelineId);
    if (pipeline.isDefault) {
      const next = all.find((candidate) => candidate.id !== pipelineId)!;
      await repo.updatePipeline(tx, workspaceId, next.id, { isDefault: true });
    }
    await recordAuditEvent(tx, ctx, {
      action: 'pipeline.deleted',
      entityType: 'pipeline',
      entityId: pipelineId,
      before: { name: pipeline.name, isDefault: pipeline.isDefault },
      after: moveTo ? { dealsMovedTo: moveTo } : null,
    });
    await emitEvent(tx, workspaceId, 'pipeline.deleted', { id: pipelineId });
  });
}

/** Renumbers a pipeline's stages: open ones (with `move` applied), then won, then lost. */
async function arrangeStages(tx: Executor, workspaceId: string, pipelineId: string, move?: { stageId: string; index: number }) {
  const stages = await repo.listStages(tx, workspaceId, [pipelineId]);
  const open = stages.filter((stage) => stage.kind === 'open');
  if (move) {
    const from = open.findIndex((stage) => stage.id === move.stageId);
    if (from >= 0) {
      const [moved] = open.splice(from, 1);
      open.splice(Math.min(move.index, open.length), 0, moved!);
    }
  }
  const ordered = [...open, ...stages.filter((stage) => stage.kind === 'won'), ...stages.filter((stage) => stage.kind === 'lost')];
  for (const [index, stage] of ordered.entries()) {
    if (stage.position !== index) await repo.updateStage(tx, workspaceId, stage.id, { position: index });
  }
}

const stageAudit = (stage: repo.StageRow) => ({ pipelineId: stage.pipelineId, name: stage.name, kind: stage.kind, position: stage.position, probability: stage.probability });

export async function createStage(ctx: CommandContext, pipelineId: string, input: { name: string; probability?: number; position?: number }) {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    await repo.lockPipelines(tx, workspaceId);
    const pipeline = await repo.findPipeline(tx, workspaceId, pipelineId);
    if (!pipeline) throw notFound('pipeline', pipelineId);
    const [stage] = await repo.insertStages(tx, [
      { id: newId('stage'), workspaceId, pipelineId, name: input.name.trim(), kind: 'open', probability: input.probability ?? 10, position: 10_000 },
    ]);
    await arrangeStages(tx, workspaceId, pipelineId, { stageId: stage!.id, index: input.position ?? Number.MAX_SAFE_INTEGER });
    const after = (await repo.findStage(tx, workspaceId, stage!.id))!;
    await recordAuditEvent(tx, ctx, { action: 'pipeline.stage_created', entityType: 'pipeline_stage', entityId: after.id, after: stageAudit(after) });
    await emitEvent(tx, workspaceId, 'pipeline.updated', { id: pipelineId });
    return after;
  });
}

export async function updateStage(ctx: CommandContext, stageId: string, patch: { name?: string; probability?: number; position?: number }) {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    await repo.lockPipelines(tx, workspaceId);
    const before = await repo.findStage(tx, workspaceId, stageId);
    if (!before) throw notFound('pipeline_stage', stageId);
    if (patch.position !== undefined && before.kind !== 'open') {
      throw new AppError('stage.fixed_position', 422, 'The won and lost stages stay at the end of the pipeline.', { kind: before.kind });
    }
    await repo.updateStage(tx, workspaceId, stageId, {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.probability !== undefined ? { probability: patch.probability } : {}),
    });
    if (patch.position !== undefined) await arrangeStages(tx, workspaceId, before.pipelineId, { stageId, index: patch.position });
    const after = (await repo.findStage(tx, workspaceId, stageId))!;
    await recordAuditEvent(tx, ctx, { action: 'pipeline.stage_updated', entityType: 'pipeline_stage', entityId: stageId, before: stageAudit(before), after: stageAudit(after) });
    await emitEvent(tx, workspaceId, 'pipeline.updated', { id: before.pipelineId });
    return after;
  });
}

export async function deleteStage(ctx: CommandContext, stageId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    await repo.lockPipelines(tx, workspaceId);
    const stage = await repo.findStage(tx, workspaceId, stageId);
    if (!stage) throw notFound('pipeline_stage', stageId);
    if (stage.kind !== 'open') throw new AppError('stage.required', 422, `A pipeline always keeps its ${stage.kind} stage.`, { kind: stage.kind });
    const dealCount = await repo.countDeals(tx, workspaceId, { stageId });
    if (dealCount > 0) {
      throw new AppError('stage.has_deals', 422, `Move the ${dealCount} deal${dealCount === 1 ? '' : 's'} of this stage elsewhere before deleting it.`, { deals: dealCount });
    }
    const openStages = (await repo.listStages(tx, workspaceId, [stage.pipelineId])).filter((candidate) => candidate.kind === 'open');
    if (openStages.length === 1) throw new AppError('stage.last_open', 422, 'A pipeline needs at least one open stage.');
    await repo.deleteStage(tx, workspaceId, stageId);
    await arrangeStages(tx, workspaceId, stage.pipelineId);
    await recordAuditEvent(tx, ctx, { action: 'pipeline.stage_deleted', entityType: 'pipeline_stage', entityId: stageId, before: stageAudit(stage) });
    await emitEvent(tx, workspaceId, 'pipeline.updated', { id: stage.pipelineId });
  });
}
