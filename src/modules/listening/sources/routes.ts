// HTTP routes of listening sources under /api/v1: configure the feeds, accounts and webhooks posts
// come from, see their health, poll one now, rotate a generic source's secret, read its dead letters.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { notFound } from '../../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import { decodeCursor, listQuerySchema, page } from '../../../lib/pagination.js';
import { createSource, deleteSource, pollSourceNow, rotateWebhookSecret, updateSource } from './commands/manage-sources.js';
import * as repo from './repository.js';
import * as s from './schema.js';

const tags = { tags: ['listening sources'] };

export const sourceRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;
  const present = (source: repo.SourceRow) => s.presentSource(source, deps.publicUrl);

  app.get('/sources', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags, summary: 'Listening sources with their health', querystring: listQuerySchema, response: { 200: listOf(s.sourceSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor } = request.query;
    const rows = await repo.listSources(db, request.workspaceAccess!.workspaceId, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(present), nextCursor: result.nextCursor };
  });

  app.post('/sources', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags,
      summary: 'Add a source',
      description:
        "`config` is checked against the type's settings (rss: `{\"url\", \"channel\"?: \"news\"|\"blog\", \"intervalMinutes\"?}`), `credentials` against its secret fields, which are stored encrypted and never shown again. A generic source answers its `webhookSecret` here only.",
      body: s.sourceCreateSchema,
      response: { 201: dataOf(s.sourceCreatedSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const { source, webhookSecret } = await createSource(commandContext(db, request), deps.secrets, request.body);
    return created(reply, { data: { ...present(source), webhookSecret } });
  });

  app.get('/sources/:id', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags, summary: 'One source', params: idParams, response: { 200: dataOf(s.sourceSchema), ...errorResponses } },
  }, async (request) => {
    const source = await repo.findSource(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!source) throw notFound('source', request.params.id);
    return { data: present(source) };
  });

  app.patch('/sources/:id', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags,
      summary: 'Rename, reconfigure, reconnect, enable or disable a source',
      description: 'New config or credentials start a source stopped by them (needs_reconnect, misconfigured) again.',
      params: idParams,
      body: s.sourceUpdateSchema,
      response: { 200: dataOf(s.sourceSchema), ...errorResponses },
    },
  }, async (request) => ({ data: present(await updateSource(commandContext(db, request), deps.secrets, request.params.id, request.body)) }));

  app.delete('/sources/:id', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags, summary: 'Remove a source (its mentions stay)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteSource(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/sources/:id/poll', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags,
      summary: 'Poll a source now (queued), or let a stream waiting to reconnect do so at once',
      params: idParams,
      response: { 202: dataOf(s.sourceSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const source = await pollSourceNow(commandContext(db, request), request.params.id);
    reply.code(202);
    return { data: present(source) };
  });

  app.post('/sources/:id/rotate-secret', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags,
      summary: "A new signing secret for a generic source (the old one stops working)",
      params: idParams,
      response: { 200: dataOf(s.webhookSecretSchema), ...errorResponses },
    },
  }, async (request) => ({ data: { webhookSecret: (await rotateWebhookSecret(commandContext(db, request), deps.secrets, request.params.id)).webhookSecret } }));

  app.get('/sources/:id/dead-letters', {
    config: workspaceAccess('listening.read'),
    schema: {
      ...tags,
      summary: 'Signed webhook bodies that did not parse, newest first, as received',
      params: idParams,
      querystring: listQuerySchema,
      response: { 200: listOf(s.deadLetterSchema), ...errorResponses },
    },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    if (!(await repo.findSource(db, workspaceId, request.params.id))) throw notFound('source', request.params.id);
    const { limit, cursor } = request.query;
    const rows = await repo.listDeadLetters(db, workspaceId, request.params.id, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(s.presentDeadLetter), nextCursor: result.nextCursor };
  });
};
