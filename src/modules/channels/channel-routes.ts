// HTTP routes of channel accounts under /api/v1: the accounts conversations arrive on (web chat
// widgets and the messaging platforms), with their settings, health and webhook dead letters.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { notFound } from '../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../server/http.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { createChannel, deleteChannel, updateChannel } from './commands/manage-channels.js';
import { channelHealthRoutes } from './health/health-routes.js';
import { listeningChannelRoutes } from './listening/listening-channel-routes.js';
import { whatsAppRoutes } from './whatsapp/whatsapp-routes.js';
import * as repo from './repository.js';
import * as s from './schema.js';

const tags = { tags: ['channels'] };

export const channelRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  const present = (channel: repo.ChannelRow) => s.presentChannel(channel, deps.publicUrl, deps.secrets);

  app.get('/channels', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: 'Channel accounts, newest first', querystring: s.channelListQuerySchema, response: { 200: listOf(s.channelSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, type } = request.query;
    const rows = await repo.listChannels(db, request.workspaceAccess!.workspaceId, decodeCursor(cursor), limit, type);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(present), nextCursor: result.nextCursor };
  });

  app.post('/channels', {
    config: workspaceAccess('channels.manage'),
    schema: {
      ...tags,
      summary: 'Add a channel account',
      description: '`config` is checked against the type\'s settings; `credentials` are stored encrypted and never shown again (only their names, in `storedCredentials`). Messaging channels answer with `webhook.url`, the callback URL to give the platform.',
      body: s.channelCreateSchema,
      response: { 201: dataOf(s.channelSchema), ...errorResponses },
    },
  }, async (request, reply) => created(reply, { data: present(await createChannel(commandContext(db, request), deps.secrets, request.body)) }));

  app.get('/channels/:id', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: 'One channel account', params: idParams, response: { 200: dataOf(s.channelSchema), ...errorResponses } },
  }, async (request) => {
    const channel = await repo.findChannel(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!channel) throw notFound('channel', request.params.id);
    return { data: present(channel) };
  });

  app.patch('/channels/:id', {
    config: workspaceAccess('channels.manage'),
    schema: {
      ...tags,
      summary: 'Rename, reconfigure, reconnect, enable or disable a channel account',
      description: 'A given `config` replaces the stored one whole; each given credential replaces the stored one of that name (the others stay). New credentials clear a needs_reconnect health.',
      params: idParams,
      body: s.channelUpdateSchema,
      response: { 200: dataOf(s.channelSchema), ...errorResponses },
    },
  }, async (request) => ({ data: present(await updateChannel(commandContext(db, request), deps.secrets, request.params.id, request.body)) }));

  app.delete('/channels/:id', {
    config: workspaceAccess('channels.manage'),
    schema: { ...tags, summary: 'Remove a channel account and its conversations', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteChannel(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  await app.register(listeningChannelRoutes, deps);
  await app.register(whatsAppRoutes, deps);
  await app.register(channelHealthRoutes, deps);
};
