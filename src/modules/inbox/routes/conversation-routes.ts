// HTTP routes of conversations: the queue views, one conversation with its messages, notes and
// history, replies (with retry), changes one by one or in bulk, merge and split.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { AppError, notFound } from '../../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import { decodeCursor, page } from '../../../lib/pagination.js';
import { changeConversation, type ConversationPatch } from '../commands/change-conversation.js';
import { mergeConversations, splitConversation } from '../commands/merge-conversations.js';
import { refusalOf } from '../commands/reply-refusal.js';
import { routeConversation } from '../commands/route-conversation.js';
import { addNote, freeFormWindowOf, listParticipants, retryMessage, sendMessage } from '../commands/send-message.js';
import * as repo from '../repository.js';
import * as s from '../schema.js';

const tags = { tags: ['inbox'] };
const messageParams = z.object({ id: z.string().min(1).max(100), messageId: z.coerce.number().int() });

export const conversationRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  const present = async (workspaceId: string, conversationId: string) => {
    const row = await repo.findConversationForList(db, workspaceId, conversationId);
    if (!row) throw notFound('conversation', conversationId);
    return s.presentConversation(row);
  };
  const existing = async (workspaceId: string, conversationId: string) => {
    if (!(await repo.findConversation(db, workspaceId, conversationId))) throw notFound('conversation', conversationId);
  };
  const toPatch = (body: z.infer<typeof s.conversationPatchSchema>): ConversationPatch => {
    const { version, ...rest } = body;
    return { ...rest, ...(version !== undefined ? { expectedVersion: version } : {}) } as ConversationPatch;
  };

  app.get('/conversations', {
    config: workspaceAccess('inbox.read'),
    schema: {
      ...tags,
      summary: 'A queue view of conversations',
      description: 'Views: mine, unassigned, team (your teams, or teamId), mentions (public conversations), sla_at_risk (due within 30 minutes or breached, most urgent first), participating, all. Newest activity first.',
      querystring: s.conversationListQuerySchema,
      response: { 200: listOf(s.conversationSchema), ...errorResponses },
    },
  }, async (request) => {
    const access = request.workspaceAccess!;
    const { limit, cursor, view, status, channel, ...rest } = request.query;
    const filter: repo.ConversationFilter = { view, memberId: access.memberId, ...(status ? { status } : {}), ...(channel ? { channelType: channel } : {}) };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) (filter as Record<string, unknown>)[key] = value;
    const rows = await repo.listConversations(db, access.workspaceId, filter, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) =>
      view === 'sla_at_risk'
        ? { at: [row.firstResponseDueAt, row.nextResponseDueAt, row.resolutionDueAt].filter((d): d is Date => Boolean(d)).sort((x, y) => x.getTime() - y.getTime())[0] ?? row.lastMessageAt, id: row.id }
        : { at: row.lastMessageAt, id: row.id },
    );
    return { data: result.data.map(s.presentConversation), nextCursor: result.nextCursor };
  });

  app.get('/conversations/counts', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: 'How many conversations wait in each view (capped at 100: the sidebar shows 99+)', response: { 200: dataOf(z.record(z.string(), z.number())), ...errorResponses } },
  }, async (request) => ({ data: await repo.countViews(db, request.workspaceAccess!.workspaceId, request.workspaceAccess!.memberId, new Date()) }));

  app.post('/conversations/bulk', {
    config: workspaceAccess('inbox.reply'),
    schema: {
      ...tags,
      summary: 'Change many conversations at once',
      description: 'Each conversation changes on its own: the answer lists those that could not be changed and why.',
      body: s.bulkSchema,
      response: { 200: dataOf(z.object({ updated: z.number(), failed: z.array(z.object({ id: z.string(), code: z.string(), message: z.string() })) })), ...errorResponses },
    },
  }, async (request) => {
    const ctx = commandContext(db, request);
    const actor = { memberId: ctx.workspace.memberId, label: ctx.actor.label };
    const failed: { id: string; code: string; message: string }[] = [];
    let updated = 0;
    for (const id of [...new Set(request.body.ids)]) {
      try {
        await changeConversation(db, ctx.workspace.workspaceId, id, toPatch(request.body.patch), actor);
        await routeConversation(db, ctx.workspace.workspaceId, id, 'updated');
        updated += 1;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failed.push({ id, code: error.code, message: error.message });
      }
    }
    return { data: { updated, failed } };
  });

  app.get('/conversations/:id', {
    config: workspaceAccess('inbox.read'),
    schema: {
      ...tags,
      summary: 'One conversation, with its participants',
      params: idParams,
      response: {
        200: dataOf(
          s.conversationSchema.extend({
            participants: z.array(z.object({ memberId: z.string(), name: z.string(), role: z.string() })),
            cannotReply: z.string().nullable().describe('Why a reply cannot go out on this channel (what to add), null when it can'),
            templatesOnly: z.boolean().describe("Only a message template can go out now: the channel's free-form reply window (WhatsApp: 24 hours after the customer's last message) is shut"),
            replyWindowClosesAt: z.string().meta({ format: 'date-time' }).nullable().describe('When free-form replies stop (or stopped) on a channel that limits them; null otherwise'),
          }),
        ),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const found = await repo.findConversationWithChannel(db, workspaceId, request.params.id);
    if (!found) throw notFound('conversation', request.params.id);
    const window = freeFormWindowOf(found.row.channelType, found.row.lastInboundAt);
    const templatesOnly = window ? !window.open : false;
    // Outside a template window the composer offers templates; the driver's refusal of free text would only repeat it.
    const [cannotReply, participants] = await Promise.all([
      templatesOnly ? null : refusalOf({ db, secrets: deps.secrets }, found.row, found.channel),
      listParticipants(db, workspaceId, request.params.id),
    ]);
    return { data: { ...s.presentConversation(found.row), participants, cannotReply, templatesOnly, replyWindowClosesAt: window?.closesAt?.toISOString() ?? null } };
  });

  app.patch('/conversations/:id', {
    config: workspaceAccess('inbox.reply'),
    schema: { ...tags, summary: 'Change status, snooze, priority, labels, assignee or team', params: idParams, body: s.conversationPatchSchema, response: { 200: dataOf(s.conversationSchema), ...errorResponses } },
  }, async (request) => {
    const ctx = commandContext(db, request);
    await changeConversation(db, ctx.workspace.workspaceId, request.params.id, toPatch(request.body), { memberId: ctx.workspace.memberId, label: ctx.actor.label });
    // A change is a trigger too: rules set to run on updates see it (never the rule's own changes).
    await routeConversation(db, ctx.workspace.workspaceId, request.params.id, 'updated');
    return { data: await present(ctx.workspace.workspaceId, request.params.id) };
  });

  app.get('/conversations/:id/messages', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: 'Messages and notes of a conversation, oldest first (the latest page unless before/after)', params: idParams, querystring: s.messageListQuerySchema, response: { 200: listOf(s.messageSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const { limit, before, after } = request.query;
    // The messages are read by workspace too: only an empty page needs to ask whether the conversation is there.
    const rows = await repo.listMessages(db, workspaceId, request.params.id, after ?? null, limit, before ?? null);
    if (rows.length === 0) await existing(workspaceId, request.params.id);
    const older = rows.length === limit && !after ? String(rows[0]!.id) : null;
    return { data: rows.map(s.presentMessage), nextCursor: older };
  });

  app.post('/conversations/:id/messages', {
    config: workspaceAccess('inbox.reply'),
    schema: {
      ...tags,
      summary: 'Reply to the customer',
      description: 'Stored at once as queued and sent in the background through the channel; its status moves to sent, delivered, read, or failed with the reason (then POST …/retry).',
      params: idParams,
      body: s.messageCreateSchema,
      response: { 201: dataOf(s.messageSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { text, attachments, clientMessageId, replyToMessageId, buttons } = request.body;
    const message = await sendMessage(commandContext(db, request), request.params.id, {
      text,
      ...(attachments ? { attachments } : {}),
      ...(clientMessageId ? { clientMessageId } : {}),
      ...(replyToMessageId ? { replyToMessageId } : {}),
      ...(buttons ? { buttons } : {}),
    });
    return created(reply, { data: s.presentMessage(message) });
  });

  app.post('/conversations/:id/messages/:messageId/retry', {
    config: workspaceAccess('inbox.reply'),
    schema: { ...tags, summary: 'Send a failed message again', params: messageParams, response: { 200: dataOf(s.messageSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentMessage(await retryMessage(commandContext(db, request), request.params.id, request.params.messageId)) }));

  app.post('/conversations/:id/notes', {
    config: workspaceAccess('inbox.note'),
    schema: {
      ...tags,
      summary: 'Write an internal note (never sent to the customer)',
      description: 'Agents, managers and analysts can write notes, so people of other departments pulled in with an @mention can answer. Mentioned people and teams are notified and become participants.',
      params: idParams,
      body: s.noteCreateSchema,
      response: { 201: dataOf(s.messageSchema), ...errorResponses },
    },
  }, async (request, reply) => created(reply, { data: s.presentMessage(await addNote(commandContext(db, request), request.params.id, request.body)) }));

  app.get('/conversations/:id/events', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: 'What happened to a conversation: routing, assignment, status, SLA, merges', params: idParams, response: { 200: listOf(s.eventSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const events = await repo.listEvents(db, workspaceId, request.params.id);
    if (events.length === 0) await existing(workspaceId, request.params.id);
    return { data: events.map(s.presentEvent), nextCursor: null };
  });

  app.post('/conversations/:id/merge', {
    config: workspaceAccess('inbox.reply'),
    schema: { ...tags, summary: 'Merge this conversation into another', params: idParams, body: s.mergeSchema, response: { 200: dataOf(s.conversationSchema), ...errorResponses } },
  }, async (request) => {
    const target = await mergeConversations(commandContext(db, request), request.params.id, request.body.intoConversationId);
    return { data: await present(target.workspaceId, target.id) };
  });

  app.post('/conversations/:id/split', {
    config: workspaceAccess('inbox.reply'),
    schema: { ...tags, summary: 'Move a message and everything after it to a new conversation', params: idParams, body: s.splitSchema, response: { 201: dataOf(s.conversationSchema), ...errorResponses } },
  }, async (request, reply) => {
    const split = await splitConversation(commandContext(db, request), request.params.id, request.body.fromMessageId);
    return created(reply, { data: await present(split.workspaceId, split.id) });
  });
};
