// HTTP of the listening channel: a mention opened as a public conversation in the inbox (once: the
// same conversation answers every later call), and which conversation a mention is in.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { commandContext, dataOf, errorResponses, idParams, workspaceAccess } from '../../../server/http.js';
import { escalateMention, mentionConversation } from '../../inbox/commands/escalate-mention.js';

const tags = { tags: ['listening', 'inbox'] };

const escalationSchema = z.object({
  conversationId: z.string(),
  created: z.boolean().describe('Whether this call opened the conversation (false: the mention was already in one)'),
});

export const listeningChannelRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.post('/mentions/:id/conversation', {
    config: workspaceAccess('inbox.reply'),
    schema: {
      ...tags,
      summary: 'Open a mention as a public conversation',
      description:
        "The mention's author becomes the conversation's contact and the mention its first message, on the workspace's listening channel. The conversation is the mention's thread: calling again, or for another post of the thread, answers the same one. Replies go out through the mention's source when it can post (201 when opened, 200 when it existed).",
      params: idParams,
      response: { 200: dataOf(escalationSchema), 201: dataOf(escalationSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const escalated = await escalateMention(commandContext(db, request), request.params.id);
    reply.code(escalated.created ? 201 : 200);
    return { data: escalated };
  });

  app.get('/mentions/:id/conversation', {
    config: workspaceAccess('inbox.read'),
    schema: {
      ...tags,
      summary: 'The conversation a mention is in, and whether replies can go out',
      description: '`conversationId` is null until the mention is escalated (or joins an escalated thread); `cannotReply` says why replies could not go out through its source (no reply API, read-only credentials: what to add), null when they can.',
      params: idParams,
      response: { 200: dataOf(z.object({ conversationId: z.string().nullable(), cannotReply: z.string().nullable() })), ...errorResponses },
    },
  }, async (request) => ({ data: await mentionConversation(db, deps.secrets, request.workspaceAccess!.workspaceId, request.params.id) }));
};
