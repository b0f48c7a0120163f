// GET /api/v1/realtime: the browser's WebSocket for workspace events.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from './app.js';
import { workspaceAccess } from './http.js';

export const realtimeRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  app.get(
    '/realtime',
    {
      websocket: true,
      config: workspaceAccess('workspace.read'),
      schema: {
        tags: ['realtime'],
        summary: 'WebSocket of workspace events',
        description: 'Upgrade to a WebSocket; each message is {"type", "workspaceId", "data", "at"}. Pass the workspace as ?workspace=ID.',
        querystring: z.object({ workspace: z.string().optional() }),
      },
    },
    (socket, request) => {
      const workspaceId = request.workspaceAccess!.workspaceId;
      deps.hub.add(workspaceId, socket, request.user?.id ?? null);
      socket.send(JSON.stringify({ type: 'realtime.connected', workspaceId, data: {}, at: new Date().toISOString() }));
    },
  );
};
