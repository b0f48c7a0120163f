// The models a workspace learned from its people's corrections, as the pipeline applies them.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { listeningModels, type RelevanceLabel, type SentimentLabel } from '../../../db/schema.js';
import type { AnalyzedPost } from '../text/types.js';
import type { Enrichment } from './enrich-post.js';

export type LearnedLabels = { sentiment: { label: SentimentLabel; score: number } | null; relevance: RelevanceLabel | null };

export type WorkspaceModels = {
  apply(analyzed: AnalyzedPost, enrichment: Enrichment): LearnedLabels | null;
};

const NONE: WorkspaceModels = { apply: () => null };

export async function loadDeployedModels(db: Executor, workspaceId: string): Promise<WorkspaceModels> {
  const rows = await db
    .select()
    .from(listeningModels)
    .where(and(eq(listeningModels.workspaceId, workspaceId), eq(listeningModels.deployed, true)));
  if (rows.length === 0) return NONE;
  return NONE;
}
