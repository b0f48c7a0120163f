// HTTP routes of the demo: "try it with demo data" at first run (or later) creates the signed-in
// user's demo workspace and seeds it through the real pipeline; screens ask whether the workspace
// they show is the demo, to say so.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { created, dataOf, errorResponses, requireUser, userAccess, workspaceAccess } from '../../../server/http.js';
import { createDemoWorkspace, isDemoWorkspace } from './seed-demo.js';

const demoCreatedSchema = z.object({
  workspaceId: z.string(),
  created: z.boolean().describe('false when your demo workspace already existed'),
  mentionsStored: z.number().int(),
});

export const demoRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.post('/demo-workspace', {
    config: userAccess,
    schema: {
      tags: ['listening'],
      summary: 'Create (or find) your demo workspace: a fictional coffee brand, its competitors and a week of sample mentions',
      response: { 201: dataOf(demoCreatedSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const result = await createDemoWorkspace(db, deps.pipeline, user.id);
    return created(reply, { data: { workspaceId: result.workspaceId, created: result.created, mentionsStored: result.seeded.stored } });
  });

  app.get('/demo', {
    config: workspaceAccess('listening.read'),
    schema: { tags: ['listening'], summary: 'Whether this workspace is the demo, filled with sample data', response: { 200: dataOf(z.object({ demo: z.boolean() })), ...errorResponses } },
  }, async (request) => ({ data: { demo: await isDemoWorkspace(db, request.workspaceAccess!.workspaceId) } }));
};
