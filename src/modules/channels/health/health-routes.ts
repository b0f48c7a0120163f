// HTTP routes of a channel's health under /api/v1/channels/:id: its webhook dead letters (with why
// each could not be processed and the start of its payload) and their retry, and asking the platform
// about the access token. Only channel managers: payloads carry customers' messages as sent.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { webhookEventStates } from '../../../db/schema.js';
import { commandContext, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import { decodeCursor, page } from '../../../lib/pagination.js';
import { channelSchema, presentChannel } from '../schema.js';
import { checkChannelToken } from './check-channel-token.js';
import { listWebhookEvents, retryWebhookEvent } from './dead-letters.js';
import type { WebhookEventRow } from './repository.js';

const tags = { tags: ['channels'] };

export const webhookEventSchema = z
  .object({
    id: z.number().int(),
    state: z.enum(webhookEventStates),
    receivedAt: z.iso.datetime(),
    attempts: z.number().int(),
    reason: z.string().nullable().describe('Why it could not be processed (dead: what the parser said; failed: the last error)'),
    processedAt: z.iso.datetime().nullable(),
    contentType: z.string().nullable(),
    size: z.number().int().describe('Bytes of the stored payload'),
    excerpt: z.string().describe('The first 600 bytes of the payload as text'),
  })
  .meta({ id: 'WebhookEvent' });

const listQuery = z.object({
  state: z.enum(webhookEventStates).default('dead'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

const eventParams = idParams.extend({ eventId: z.coerce.number().int().positive() });

const present = (row: WebhookEventRow): z.infer<typeof webhookEventSchema> => ({
  id: row.id,
  state: row.state,
  receivedAt: row.receivedAt.toISOString(),
  attempts: row.attempts,
  reason: row.error,
  processedAt: row.processedAt?.toISOString() ?? null,
  contentType: row.contentType,
  size: row.size,
  excerpt: row.excerpt,
});

export const channelHealthRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.get('/channels/:id/webhook-events', {
    config: workspaceAccess('channels.manage'),
    schema: {
      ...tags,
      summary: "A channel's webhook deliveries in one state, newest first",
      description: '`state=dead` (the default) lists what could not be processed, with the reason; `failed` what failed every retry.',
      params: idParams,
      querystring: listQuery,
      response: { 200: listOf(webhookEventSchema), ...errorResponses },
    },
  }, async (request) => {
    const { state, limit, cursor } = request.query;
    const before = decodeCursor(cursor);
    const rows = await listWebhookEvents(commandContext(db, request), request.params.id, state, before ? Number(before.id) : null, limit);
    const result = page(rows, limit, (row) => ({ at: row.receivedAt, id: row.id }));
    return { data: result.data.map(present), nextCursor: result.nextCursor };
  });

  app.post('/channels/:id/webhook-events/:eventId/retry', {
    config: workspaceAccess('channels.manage'),
    schema: {
      ...tags,
      summary: 'Process a dead or failed webhook delivery again',
      description: 'Puts the event back in the queue as just received; the drain job processes it within seconds. 409 when it is not dead or failed.',
      params: eventParams,
      response: { 200: dataOf(webhookEventSchema), ...errorResponses },
    },
  }, async (request) => ({ data: present(await retryWebhookEvent(commandContext(db, request), request.params.id, request.params.eventId)) }));

  app.post('/channels/:id/token-check', {
    config: workspaceAccess('channels.manage'),
    schema: {
      ...tags,
      summary: "Ask the platform when the channel's access token expires",
      description: "Meta channels (WhatsApp, Messenger, Instagram): Graph API debug_token on the channel's `apiBaseUrl`. Sets `tokenExpiresAt` (null: it does not expire); a token Meta no longer accepts makes the channel needs_reconnect. 503 when Meta cannot be reached.",
      params: idParams,
      response: { 200: dataOf(channelSchema), ...errorResponses },
    },
  }, async (request) => ({ data: presentChannel(await checkChannelToken(commandContext(db, request), deps.secrets, request.params.id), deps.publicUrl, deps.secrets) }));
};
