// HTTP routes of the inbox: conversations, their messages and notes, and the parts of the contact
// center (routing, SLAs, agent tools, metrics), each in its own file under routes/.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { replyFileRoutes } from './routes/reply-file-routes.js';
import { routingRoutes } from './routes/routing-routes.js';
import { slaRoutes } from './routes/sla-routes.js';
import { toolsRoutes } from './routes/tools-routes.js';

export const inboxRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  await app.register(conversationRoutes, deps);
  await app.register(replyFileRoutes, deps);
  await app.register(routingRoutes, deps);
  await app.register(slaRoutes, deps);
  await app.register(toolsRoutes, deps);
  await app.register(metricsRoutes, deps);
};
