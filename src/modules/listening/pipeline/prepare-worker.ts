// A pipeline thread: holds its own copy of each workspace's matchers and models (kept in step by the
// pipeline's messages, which arrive in order) and prepares the batches it is given.
import { parentPort } from 'node:worker_threads';
import { WorkspaceEngine } from './engine.js';
import { workspaceModelsFrom, type WorkspaceModels } from './models.js';
import { prepareBatch } from './prepare.js';
import type { ThreadReply, ThreadRequest } from './threads.js';

const engines = new Map<string, WorkspaceEngine>();
const models = new Map<string, WorkspaceModels>();

const engineOf = (workspaceId: string) => {
  let engine = engines.get(workspaceId);
  if (!engine) engines.set(workspaceId, (engine = new WorkspaceEngine(workspaceId)));
  return engine;
};

parentPort!.on('message', (request: ThreadRequest) => {
  switch (request.kind) {
    case 'queries':
      engineOf(request.workspaceId).apply(request.rows);
      return;
    case 'models':
      models.set(request.workspaceId, workspaceModelsFrom(request.models));
      return;
    case 'prepare': {
      let reply: ThreadReply;
      try {
        reply = { id: request.id, rows: prepareBatch(engineOf(request.workspaceId), models.get(request.workspaceId), request.posts, request.now) };
      } catch (error) {
        reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      parentPort!.postMessage(reply);
    }
  }
});
