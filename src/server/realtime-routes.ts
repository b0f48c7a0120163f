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
        description:
          'Upgrade to a WebSocket; each message is {"type", "workspaceId", "data", "at"}. Pass the workspace as ?workspace=ID. A member may send {"type": "presence", "conversationId", "state": "viewing" | "typing" | "left"}: the workspace\'s other people receive it as a "conversation.presence" event {conversationId, memberId, name, state}.',
        querystring: z.object({ workspace: z.string().optional() }),
      },
    },
    (socket, request) => {
      const workspaceId = request.workspaceAccess!.workspaceId;
      deps.hub.add(workspaceId, socket, request.user?.id ?? null);
      const { memberId } = request.workspaceAccess!;
      const author = request.user && memberId ? { userId: request.user.id, memberId, name: request.user.name } : null;
      socket.on('message', (raw) => deps.hub.receive(workspaceId, socket, author, String(raw)));
      socket.send(JSON.stringify({ type: 'realtime.connected', workspaceId, data: {}, at: new Date().toISOString() }));
    },
  );
};
