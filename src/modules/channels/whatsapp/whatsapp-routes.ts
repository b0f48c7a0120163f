// HTTP of the WhatsApp channel: its message templates (synced from the business account, listed for
// the composer) and a template sent in a conversation — what may go out once the 24-hour window shut.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import { presentMessage, messageSchema } from '../../inbox/schema.js';
import * as repo from './repository.js';
import * as s from './schema.js';
import { sendTemplateMessage } from './send-template.js';
import { syncWhatsAppTemplates, whatsAppChannel } from './sync-templates.js';

const tags = { tags: ['channels', 'whatsapp'] };

export const whatsAppRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.get('/channels/:id/whatsapp/templates', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: "A WhatsApp channel's message templates, by name", params: idParams, querystring: s.templateListQuerySchema, response: { 200: listOf(s.templateSchema), ...errorResponses } },
  }, async (request) => {
    const ctx = commandContext(db, request);
    const channel = await whatsAppChannel(ctx, request.params.id);
    const rows = await repo.listTemplates(db, ctx.workspace.workspaceId, channel.id, { ...(request.query.status ? { status: request.query.status.toUpperCase() } : {}), ...(request.query.search ? { search: request.query.search } : {}) });
    return { data: rows.map(s.presentTemplate), nextCursor: null };
  });

  app.post('/channels/:id/whatsapp/templates/sync', {
    config: workspaceAccess('channels.manage'),
    schema: {
      ...tags,
      summary: "Sync a WhatsApp channel's message templates from its business account",
      description: "Reads every page of GET /{version}/{businessAccountId}/message_templates with the channel's access token; templates no longer listed are removed.",
      params: idParams,
      response: { 200: dataOf(s.templateSyncResultSchema), ...errorResponses },
    },
  }, async (request) => ({ data: await syncWhatsAppTemplates(commandContext(db, request), deps.secrets, request.params.id) }));

  app.post('/conversations/:id/whatsapp/template-messages', {
    config: workspaceAccess('inbox.reply'),
    schema: {
      ...tags,
      summary: 'Send an approved WhatsApp message template in a conversation',
      description: 'Every header and body variable must be filled (a 400 names those left empty). Stored as queued with the text the customer will read, and sent in the background; allowed when the 24-hour customer-service window is shut.',
      params: idParams,
      body: s.templateMessageSchema,
      response: { 201: dataOf(messageSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { templateId, variables, clientMessageId } = request.body;
    const message = await sendTemplateMessage(commandContext(db, request), request.params.id, {
      templateId,
      ...(variables ? { variables: Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined)) } : {}),
      ...(clientMessageId ? { clientMessageId } : {}),
    });
    return created(reply, { data: presentMessage(message) });
  });
};
