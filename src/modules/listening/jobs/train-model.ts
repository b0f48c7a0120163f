// Trains a workspace's sentiment or relevance model from its people's corrections (learn/), measures
// it on held-out corrections against the machine, and stores it with that measure. The pipeline
// applies it to new mentions only when it beat the machine; either way the workspace sees what it
// learned (GET /api/v1/listening-models). Queued 30 seconds after a correction.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import type { Database } from '../../../db/client.js';
import { emitEvent } from '../../../server/events.js';
import { scoreSentiment } from '../enrich/sentiment.js';
import { trainWithHoldout } from '../learn/evaluate.js';
import { extractFeatures } from '../learn/features.js';
import { RELEVANCE_CLASSES, SENTIMENT_CLASSES, serializeModel, type CorrectionExample } from '../learn/model.js';
import { bumpModelRevision } from '../pipeline/engine.js';
import { analyzePost } from '../text/analyze.js';

/** The most recent corrections a model learns from. */
export const MAX_EXAMPLES = 20_000;
const SPLIT_SEED = 20_261_126;

type Correction = {
  mention_id: string;
  value: string;
  machine_value: string | null;
  text: string;
  title: string | null;
  lang: string | null;
  channel: string | null;
  url: string | null;
  author_handle: string | null;
  country: string | null;
};

export async function trainWorkspaceModel(db: Database, workspaceId: string, kind: 'sentiment' | 'relevance') {
  const corrections = await db.execute<Correction>(sql`
    SELECT c.mention_id::text, c.value, c.machine_value, m.text, m.title, m.lang, m.channel, m.url, m.author_handle, m.country
      FROM mention_corrections c JOIN mentions m ON m.id = c.mention_id
     WHERE c.workspace_id = ${workspaceId} AND c.field = ${kind}
     ORDER BY c.created_at DESC LIMIT ${MAX_EXAMPLES}`);
  const examples: CorrectionExample[] = corrections.rows.map((row) => {
    const analyzed = analyzePost({
      id: row.mention_id,
      text: row.text,
      title: row.title ?? undefined,
      lang: row.lang ?? undefined,
      channel: row.channel ?? undefined,
      url: row.url ?? undefined,
      author: row.author_handle ?? undefined,
      country: row.country ?? undefined,
    });
    const sentiment = scoreSentiment(row.text, row.lang ?? undefined);
    const machineLabel = kind === 'sentiment' ? (row.machine_value ?? sentiment.label) : (row.machine_value ?? 'relevant');
    return { id: row.mention_id, features: extractFeatures(analyzed, sentiment, row.lang), machineLabel, label: row.value };
  });
  const result = trainWithHoldout(examples, { classes: kind === 'sentiment' ? SENTIMENT_CLASSES : RELEVANCE_CLASSES, seed: SPLIT_SEED });
  const heldOut = { n: result.heldOut.n, before: result.heldOut.before, after: result.heldOut.after };
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO listening_models (workspace_id, kind, model, deployed, reason, examples, held_out, trained_at)
      VALUES (${workspaceId}, ${kind}, ${JSON.stringify(serializeModel(result.model))}::jsonb, ${result.deploy.use}, ${result.deploy.message},
              ${examples.length}, ${JSON.stringify(heldOut)}::jsonb, now())
      ON CONFLICT (workspace_id, kind) DO UPDATE SET model = excluded.model, deployed = excluded.deployed, reason = excluded.reason,
        examples = excluded.examples, held_out = excluded.held_out, trained_at = excluded.trained_at`);
    await bumpModelRevision(tx, workspaceId);
    await emitEvent(tx, workspaceId, 'listening_model.trained', { kind, deployed: result.deploy.use, examples: examples.length, heldOut });
  });
  return { examples: examples.length, heldOut, deployed: result.deploy.use, reason: result.deploy.message };
}

export const trainModel = defineJob({
  id: 'listening.train_model',
  payload: z.object({ workspaceId: z.string(), kind: z.enum(['sentiment', 'relevance']) }),
  handler: async ({ workspaceId, kind }, { db }, helpers) => {
    const result = await trainWorkspaceModel(db, workspaceId, kind);
    helpers.logger.info(`trained the ${kind} model of ${workspaceId} on ${result.examples} correction(s): ${result.reason}`);
  },
});
