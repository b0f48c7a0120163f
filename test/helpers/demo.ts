// The demo workspace (a week of the made-up coffee brand's mentions, through the real pipeline), for
// screenshots that need realistic data.
import { createDemoWorkspace } from '../../src/modules/listening/demo/seed-demo.js';
import { ListeningPipeline } from '../../src/modules/listening/pipeline/pipeline.js';
import type { TestApp } from './app.js';

export async function seedDemoWorkspace(t: TestApp, ownerUserId: string, historyPosts = 600): Promise<string> {
  const pipeline = new ListeningPipeline(t.db.database.db);
  try {
    return (await createDemoWorkspace(t.db.database.db, pipeline, ownerUserId, { seed: 7, historyPosts })).workspaceId;
  } finally {
    await pipeline.close();
  }
}
