// The models a workspace learned from its people's corrections (learn/), as the pipeline applies
// them: only deployed ones, that is, those that beat the machine on held-out corrections.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { listeningModels, type RelevanceLabel, type SentimentLabel } from '../../../db/schema.js';
import { extractFeatures } from '../learn/features.js';
import { deserializeModel, predict, type CorrectionModel } from '../learn/model.js';
import type { AnalyzedPost } from '../text/types.js';
import type { Enrichment } from './enrich-post.js';

export type LearnedLabels = { sentiment: { label: SentimentLabel; score: number } | null; relevance: RelevanceLabel | null };

export type WorkspaceModels = {
  apply(analyzed: AnalyzedPost, enrichment: Enrichment): LearnedLabels | null;
};

const NONE: WorkspaceModels = { apply: () => null };

/** The model's sentiment with a score in [-1, 1]: the lexicon's when they agree, else P(positive) − P(negative). */
function sentimentOf(model: CorrectionModel, enrichment: Enrichment, features: ReturnType<typeof extractFeatures>) {
  const prediction = predict(model, features, enrichment.sentimentLabel);
  const label = prediction.label as SentimentLabel;
  if (label === enrichment.sentimentLabel) return { label, score: enrichment.sentimentScore };
  const p = prediction.probabilities;
  const raw = (p.positive ?? 0) - (p.negative ?? 0);
  // Keep the score on the side of the label the model chose, whatever the margin.
  const score = label === 'positive' ? Math.max(0.05, raw) : label === 'negative' ? Math.min(-0.05, raw) : Math.max(-0.04, Math.min(0.04, raw));
  return { label, score: Math.round(score * 1000) / 1000 };
}

export function workspaceModels(models: { sentiment?: CorrectionModel; relevance?: CorrectionModel }): WorkspaceModels {
  const { sentiment, relevance } = models;
  if (!sentiment && !relevance) return NONE;
  return {
    apply(analyzed, enrichment) {
      const features = extractFeatures(analyzed, { label: enrichment.sentimentLabel, score: enrichment.sentimentScore }, enrichment.lang);
      return {
        sentiment: sentiment ? sentimentOf(sentiment, enrichment, features) : null,
        relevance: relevance ? (predict(relevance, features, 'relevant').label as RelevanceLabel) : null,
      };
    },
  };
}

/** The serialized deployed models of a workspace, as stored (and as sent to pipeline threads). */
export type ModelRows = { sentiment?: unknown; relevance?: unknown };

export async function loadDeployedModelRows(db: Executor, workspaceId: string): Promise<ModelRows> {
  const rows = await db
    .select({ kind: listeningModels.kind, model: listeningModels.model })
    .from(listeningModels)
    .where(and(eq(listeningModels.workspaceId, workspaceId), eq(listeningModels.deployed, true)));
  const models: ModelRows = {};
  for (const row of rows) if (row.model) models[row.kind] = row.model;
  return models;
}

export function workspaceModelsFrom(rows: ModelRows): WorkspaceModels {
  return workspaceModels({
    sentiment: rows.sentiment ? deserializeModel(rows.sentiment) : undefined,
    relevance: rows.relevance ? deserializeModel(rows.relevance) : undefined,
  });
}
