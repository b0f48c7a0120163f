// HTTP routes of the agent tools: canned responses (with their variables rendered for a
// conversation), the knowledge library, the suggestions shown beside a conversation, and
// collaboration (participants, "ask an expert" and its return).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { notFound } from '../../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import { decodeCursor, page } from '../../../lib/pagination.js';
import { createCannedResponse, deleteCannedResponse, previewCannedResponse, renderCannedResponse, updateCannedResponse } from '../commands/manage-canned-responses.js';
import { addExpertNote, handOffConversation, returnConversation, type HandoffResult } from '../commands/hand-off-conversation.js';
import { addParticipant, listConversationParticipants, removeParticipant } from '../commands/manage-participants.js';
import { createKnowledgeArticle, deleteKnowledgeArticle, updateKnowledgeArticle } from '../commands/manage-knowledge.js';
import { suggestContent } from '../commands/suggest-content.js';
import * as repo from '../tools/repository.js';
import * as s from '../tools/schema.js';

const tags = (tag: string) => ({ tags: [tag] });

// Canned responses page by name: the cursor is the last (name, id).
const encodeNameCursor = (row: { name: string; id: string }) => Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');
function decodeNameCursor(cursor: string | undefined): { name: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    return typeof name === 'string' && typeof id === 'string' ? { name, id } : null;
  } catch {
    return null;
  }
}

const presentHandoff = (result: HandoffResult) => ({
  conversationId: result.conversation.id,
  assigneeMemberId: result.conversation.assigneeMemberId,
  handoffReturnMemberId: result.conversation.handoffReturnMemberId,
  participants: result.participants.map(s.presentParticipant),
});

export const toolsRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  // --- canned responses ---

  app.get('/canned-responses', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('canned responses'), summary: 'List canned responses by name, or search them (?q=, best match first)', querystring: s.cannedResponseListQuery, response: { 200: listOf(s.cannedResponseSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const rows = await repo.listCannedResponses(db, request.workspaceAccess!.workspaceId, filter, filter.q ? null : decodeNameCursor(cursor), limit);
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(s.presentCannedResponse), nextCursor: !filter.q && rows.length > limit && last ? encodeNameCursor(last) : null };
  });

  app.get('/canned-responses/:id', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('canned responses'), summary: 'One canned response', params: idParams, response: { 200: dataOf(s.cannedResponseSchema), ...errorResponses } },
  }, async (request) => {
    const row = await repo.findCannedResponse(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!row) throw notFound('canned_response', request.params.id);
    return { data: s.presentCannedResponse(row) };
  });

  app.post('/canned-responses', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('canned responses'), summary: 'Create a canned response; unknown variables are refused with where they are and how to fix them', body: s.cannedResponseCreateSchema, response: { 201: dataOf(s.cannedResponseSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentCannedResponse(await createCannedResponse(commandContext(db, request), request.body)) }));

  app.patch('/canned-responses/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('canned responses'), summary: 'Change a canned response', params: idParams, body: s.cannedResponseUpdateSchema, response: { 200: dataOf(s.cannedResponseSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentCannedResponse(await updateCannedResponse(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/canned-responses/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('canned responses'), summary: 'Delete a canned response', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteCannedResponse(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/canned-responses/:id/render', {
    config: workspaceAccess('inbox.reply'),
    schema: { ...tags('canned responses'), summary: "Fill a canned response's variables for a conversation (counts as a use)", params: idParams, body: s.renderBodySchema, response: { 200: dataOf(s.renderedSchema), ...errorResponses } },
  }, async (request) => ({ data: { text: await renderCannedResponse(commandContext(db, request), request.params.id, request.body.conversationId) } }));

  app.post('/canned-responses/preview', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('canned responses'), summary: "The editor's live preview: a text rendered against a conversation or a sample contact, with the problems saving it would report", body: s.previewBodySchema, response: { 200: dataOf(s.previewSchema), ...errorResponses } },
  }, async (request) => ({ data: await previewCannedResponse(commandContext(db, request), request.body.body, request.body.conversationId) }));

  // --- knowledge library ---

  app.get('/knowledge-articles', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('knowledge library'), summary: 'List articles and video demos, newest first, or search them (?q=, best match first)', querystring: s.knowledgeListQuery, response: { 200: listOf(s.knowledgeArticleSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const rows = await repo.listKnowledgeArticles(db, request.workspaceAccess!.workspaceId, filter, filter.q ? null : decodeCursor(cursor), limit);
    if (filter.q) return { data: rows.slice(0, limit).map(s.presentKnowledgeArticle), nextCursor: null };
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(s.presentKnowledgeArticle), nextCursor: result.nextCursor };
  });

  app.get('/knowledge-articles/:id', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('knowledge library'), summary: 'One article or video demo', params: idParams, response: { 200: dataOf(s.knowledgeArticleSchema), ...errorResponses } },
  }, async (request) => {
    const row = await repo.findKnowledgeArticle(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!row) throw notFound('knowledge_article', request.params.id);
    return { data: s.presentKnowledgeArticle(row) };
  });

  app.post('/knowledge-articles', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('knowledge library'), summary: 'Add an article or a video demo (a video needs its URL)', body: s.knowledgeCreateSchema, response: { 201: dataOf(s.knowledgeArticleSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentKnowledgeArticle(await createKnowledgeArticle(commandContext(db, request), request.body)) }));

  app.patch('/knowledge-articles/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('knowledge library'), summary: 'Change an article or video demo', params: idParams, body: s.knowledgeUpdateSchema, response: { 200: dataOf(s.knowledgeArticleSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentKnowledgeArticle(await updateKnowledgeArticle(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/knowledge-articles/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('knowledge library'), summary: 'Delete an article or video demo', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteKnowledgeArticle(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- suggestions ---

  app.get('/conversations/:id/suggestions', {
    config: workspaceAccess('inbox.read'),
    schema: {
      ...tags('conversations'),
      summary: 'Articles matching what the customer wrote recently (and those routing rules attached), and canned responses matching their latest message',
      params: idParams,
      response: { 200: dataOf(s.suggestionsSchema), ...errorResponses },
    },
  }, async (request) => ({ data: s.presentSuggestions(await suggestContent(db, request.workspaceAccess!.workspaceId, request.params.id)) }));

  // --- collaboration ---

  app.get('/conversations/:id/participants', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('conversations'), summary: 'People pulled into the conversation besides its assignee', params: idParams, response: { 200: listOf(s.participantSchema), ...errorResponses } },
  }, async (request) => ({ data: (await listConversationParticipants(db, request.workspaceAccess!.workspaceId, request.params.id)).map(s.presentParticipant), nextCursor: null }));

  app.post('/conversations/:id/participants', {
    config: workspaceAccess('inbox.reply'),
    schema: {
      ...tags('conversations'),
      summary: 'Pull a member of any team or department into the conversation (they are notified); answers the participants',
      params: idParams,
      body: s.participantBodySchema,
      response: { 200: listOf(s.participantSchema), ...errorResponses },
    },
  }, async (request) => ({ data: (await addParticipant(commandContext(db, request), request.params.id, request.body.memberId)).map(s.presentParticipant), nextCursor: null }));

  app.delete('/conversations/:id/participants/:memberId', {
    config: workspaceAccess('inbox.reply'),
    schema: { ...tags('conversations'), summary: 'Remove a participant', params: s.participantParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await removeParticipant(commandContext(db, request), request.params.id, request.params.memberId);
    return reply.code(204).send(null);
  });

  app.post('/conversations/:id/handoff', {
    config: workspaceAccess('inbox.reply'),
    schema: {
      ...tags('conversations'),
      summary: 'Ask an expert: assign the conversation to them with a note, remembering whom to give it back to; they are notified',
      params: idParams,
      body: s.handoffBodySchema,
      response: { 200: dataOf(s.handoffSchema), ...errorResponses },
    },
  }, async (request) => ({ data: presentHandoff(await handOffConversation(commandContext(db, request), request.params.id, request.body)) }));

  // inbox.read: an expert from another department may hold only that; the command checks that the
  // caller is the expert, the agent who asked, or an inbox manager.
  app.post('/conversations/:id/handoff/return', {
    config: workspaceAccess('inbox.read'),
    schema: {
      ...tags('conversations'),
      summary: 'Give a handed-off conversation back to the agent who asked (with an optional note); they are notified',
      params: idParams,
      body: s.handoffReturnBodySchema,
      response: { 200: dataOf(s.handoffSchema), ...errorResponses },
    },
  }, async (request) => ({ data: presentHandoff(await returnConversation(commandContext(db, request), request.params.id, request.body)) }));

  app.post('/conversations/:id/handoff/notes', {
    config: workspaceAccess('inbox.read'),
    schema: {
      ...tags('conversations'),
      summary: 'A note by an expert asked to help (who may hold only inbox.read); mentions notify as in any note',
      params: idParams,
      body: s.expertNoteBodySchema,
      response: { 201: dataOf(s.expertNoteSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const note = await addExpertNote(commandContext(db, request), request.params.id, request.body);
    return created(reply, { data: { id: note.id, conversationId: note.conversationId, text: note.text, authorMemberId: note.authorMemberId, createdAt: note.createdAt.toISOString() } });
  });
};
