// The board of one pipeline: its stages in order, each with its deals in board order and totals
// (count and amount per currency). Two queries, run together, whatever the size of the pipeline.
import type { Executor } from '../../../db/client.js';
import { notFound } from '../../../server/errors.js';
import { sumByCurrency } from '../money.js';
import * as repo from '../repository.js';
import { presentDeal, presentPipeline, presentStage } from '../schema.js';

export async function getPipelineBoard(db: Executor, workspaceId: string, pipelineId: string) {
  const [found, deals] = await Promise.all([repo.findPipelineWithStages(db, workspaceId, pipelineId), repo.listBoardDeals(db, workspaceId, pipelineId)]);
  if (!found) throw notFound('pipeline', pipelineId);
  const { pipeline, stages } = found;
  return {
    pipeline: presentPipeline(pipeline, stages),
    stages: stages.map((stage) => {
      const inStage = deals.filter((deal) => deal.stageId === stage.id);
      return { ...presentStage(stage), deals: inStage.map(presentDeal), totals: { count: inStage.length, amounts: sumByCurrency(inStage) } };
    }),
  };
}
