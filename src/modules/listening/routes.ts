// HTTP routes of listening: topics and their queries (with a checker for the editor), posts into the
// pipeline, the mention explorer with full-text search, corrections, and the learned models.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { notFound } from '../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../server/http.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { assignMention } from './commands/assign-mention.js';
import { createDealFromMention } from './commands/create-deal-from-mention.js';
import { linkMentionAuthor } from './commands/link-mention-author.js';
import { createSavedView, deleteSavedView, updateSavedView } from './commands/manage-saved-views.js';
import { bulkUpdateMentions, updateMention } from './commands/update-mention.js';
import { previewQuery } from './commands/preview-query.js';
import { checkQuery, createQuery, createTopic, deleteQuery, deleteTopic, updateQuery, updateTopic } from './commands/manage-topics.js';
import * as repo from './repository.js';
import * as s from './schema.js';

const tags = (tag: string) => ({ tags: [tag] });

export const listeningRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  const presentTopicById = async (workspaceId: string, topicId: string) => {
    const [topic] = await repo.listTopics(db, workspaceId, topicId);
    if (!topic) throw notFound('topic', topicId);
    return s.presentTopic(topic);
  };

  // --- topics ---

  app.get('/topics', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'Topics with their query counts and last 7 days of mentions', response: { 200: listOf(s.topicSchema), ...errorResponses } },
  }, async (request) => ({ data: (await repo.listTopics(db, request.workspaceAccess!.workspaceId)).map(s.presentTopic), nextCursor: null }));

  app.post('/topics', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags('listening'), summary: 'Create a topic', body: s.topicCreateSchema, response: { 201: dataOf(s.topicSchema), ...errorResponses } },
  }, async (request, reply) => {
    const topic = await createTopic(commandContext(db, request), request.body);
    return created(reply, { data: s.presentTopic(topic) });
  });

  app.get('/topics/:id', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'One topic', params: idParams, response: { 200: dataOf(s.topicSchema), ...errorResponses } },
  }, async (request) => ({ data: await presentTopicById(request.workspaceAccess!.workspaceId, request.params.id) }));

  app.patch('/topics/:id', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags('listening'), summary: 'Rename or re-describe a topic', params: idParams, body: s.topicUpdateSchema, response: { 200: dataOf(s.topicSchema), ...errorResponses } },
  }, async (request) => {
    const topic = await updateTopic(commandContext(db, request), request.params.id, request.body);
    return { data: await presentTopicById(topic.workspaceId, topic.id) };
  });

  app.delete('/topics/:id', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags('listening'), summary: 'Delete a topic and its queries (stored mentions stay)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteTopic(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- queries ---

  app.get('/queries', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'Queries, optionally of one topic', querystring: s.queryListSchema, response: { 200: listOf(s.querySchema), ...errorResponses } },
  }, async (request) => ({ data: (await repo.listQueries(db, request.workspaceAccess!.workspaceId, request.query.topicId)).map(s.presentQuery), nextCursor: null }));

  app.post('/queries/check', {
    config: workspaceAccess('listening.read'),
    schema: {
      ...tags('listening'),
      summary: 'Check a query without saving it',
      description: 'The error with its character position, warnings, the canonical form and whether the matcher can index it: what the query editor shows as you type.',
      body: s.queryCheckSchema,
      response: { 200: dataOf(s.queryCheckResultSchema), ...errorResponses },
    },
  }, async (request) => {
    const check = checkQuery(request.body.query);
    return {
      data: check.valid
        ? { valid: true, error: null, warnings: check.warnings, canonical: check.canonical, indexable: check.indexable }
        : { valid: false, error: check.error, warnings: check.warnings, canonical: null, indexable: null },
    };
  });

  app.post('/queries/preview', {
    config: workspaceAccess('listening.read'),
    schema: {
      ...tags('listening'),
      summary: 'What a query would have matched among the mentions stored in the last 7 days',
      description: 'Runs the matcher over the newest 20,000 stored mentions of the last 7 days: the count, a daily estimate, counts per day and up to 20 samples with the matching words. Only mentions already stored (matched by some query) are seen. A query that does not parse is refused with 400 `query.invalid`.',
      body: s.queryPreviewSchema,
      response: { 200: dataOf(s.queryPreviewResultSchema), ...errorResponses },
    },
  }, async (request) => {
    const preview = await previewQuery(commandContext(db, request), request.body);
    return {
      data: {
        ...preview,
        from: preview.from.toISOString(),
        to: preview.to.toISOString(),
        samples: preview.samples.map((sample) => ({ ...sample, publishedAt: sample.publishedAt.toISOString() })),
      },
    };
  });

  app.post('/queries', {
    config: workspaceAccess('listening.manage'),
    schema: {
      ...tags('listening'),
      summary: 'Add a query to a topic',
      description: 'A query that does not parse is refused with 400 `query.invalid` and `details.position`. New posts are matched against it within about a second.',
      body: s.queryCreateSchema,
      response: { 201: dataOf(s.querySchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const query = await createQuery(commandContext(db, request), request.body);
    return created(reply, { data: s.presentQuery(query) });
  });

  app.get('/queries/:id', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'One query', params: idParams, response: { 200: dataOf(s.querySchema), ...errorResponses } },
  }, async (request) => {
    const query = await repo.findQuery(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!query) throw notFound('query', request.params.id);
    return { data: s.presentQuery(query) };
  });

  app.patch('/queries/:id', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags('listening'), summary: 'Change, move, enable or disable a query', params: idParams, body: s.queryUpdateSchema, response: { 200: dataOf(s.querySchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentQuery(await updateQuery(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/queries/:id', {
    config: workspaceAccess('listening.manage'),
    schema: { ...tags('listening'), summary: 'Delete a query', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteQuery(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- the pipeline ---

  app.post('/posts', {
    config: workspaceAccess('listening.ingest'),
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      ...tags('listening'),
      summary: 'Send public posts through the listening pipeline',
      description:
        'Up to 1,000 posts a request. Each is normalized, matched against the workspace\'s queries and, when it matches, enriched (language, sentiment, spam, near-duplicates) and stored as a mention. Answers once the mentions are stored; a post already stored (same source and externalId) counts as a duplicate and is not stored again. Posts that match no query are not kept.',
      body: s.ingestSchema,
      response: { 200: s.ingestResultSchema, ...errorResponses },
    },
  }, async (request) => deps.pipeline.submit(request.workspaceAccess!.workspaceId, request.body.source, request.body.posts));

  // --- mentions ---

  app.get('/mentions', {
    config: workspaceAccess('listening.read'),
    schema: {
      ...tags('listening'),
      summary: 'Mentions, newest first, with filters and full-text search',
      querystring: s.mentionListQuerySchema,
      response: { 200: listOf(s.mentionSchema), ...errorResponses },
    },
  }, async (request) => {
    const { limit, cursor, from, to, clusterKey, ...filter } = request.query;
    const rows = await repo.listMentions(
      db,
      request.workspaceAccess!.workspaceId,
      { ...filter, clusterOf: clusterKey, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
      decodeCursor(cursor),
      limit,
    );
    const result = page(rows, limit, (row) => ({ at: row.publishedAt, id: row.id }));
    return { data: result.data.map(s.presentMention), nextCursor: result.nextCursor };
  });

  app.get('/mentions/:id', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'One mention', params: idParams, response: { 200: dataOf(s.mentionSchema), ...errorResponses } },
  }, async (request) => {
    const mention = await repo.findMention(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!mention) throw notFound('mention', request.params.id);
    return { data: s.presentMention(mention) };
  });

  app.patch('/mentions/:id', {
    config: workspaceAccess('listening.correct'),
    schema: {
      ...tags('listening'),
      summary: "Correct a mention's sentiment or relevance, mark it spam, tag it",
      description: "The mention takes the label at once; a sentiment or relevance correction trains the workspace's model (see /listening-models) about 30 seconds later. Marking spam also marks it irrelevant.",
      params: idParams,
      body: s.mentionCorrectionSchema,
      response: { 200: dataOf(s.mentionSchema), ...errorResponses },
    },
  }, async (request) => {
    const ctx = commandContext(db, request);
    await updateMention(ctx, request.params.id, request.body);
    const mention = await repo.findMention(db, ctx.workspace.workspaceId, request.params.id);
    if (!mention) throw notFound('mention', request.params.id);
    return { data: s.presentMention(mention) };
  });

  app.get('/listening-models', {
    config: workspaceAccess('listening.read'),
    schema: {
      ...tags('listening'),
      summary: "What the workspace's models learned from corrections",
      description: 'Per kind (sentiment, relevance): how many corrections it learned from, its accuracy on held-out corrections compared with the machine alone, and whether it is applied to new mentions.',
      response: { 200: listOf(s.modelSchema), ...errorResponses },
    },
  }, async (request) => ({
    data: (await repo.listModels(db, request.workspaceAccess!.workspaceId)).map((model) => ({
      kind: model.kind,
      deployed: model.deployed,
      reason: model.reason,
      examples: model.examples,
      heldOut: model.heldOut,
      trainedAt: model.trainedAt.toISOString(),
    })),
    nextCursor: null,
  }));

  // --- acting on mentions ---

  const presentMentionById = async (workspaceId: string, mentionId: string) => {
    const mention = await repo.findMention(db, workspaceId, mentionId);
    if (!mention) throw notFound('mention', mentionId);
    return s.presentMention(mention);
  };

  app.post('/mentions/bulk', {
    config: workspaceAccess('listening.correct'),
    schema: {
      ...tags('listening'),
      summary: 'Correct, mark or tag many mentions at once',
      description: 'Each mention is corrected as by PATCH /mentions/{id}, so sentiment and relevance corrections train the model. Ids not in the workspace are listed in notFound.',
      body: s.mentionBulkSchema,
      response: { 200: dataOf(s.mentionBulkResultSchema), ...errorResponses },
    },
  }, async (request) => ({ data: await bulkUpdateMentions(commandContext(db, request), request.body.ids, request.body.set) }));

  app.post('/mentions/:id/assign', {
    config: workspaceAccess('listening.correct'),
    schema: {
      ...tags('listening'),
      summary: 'Assign or escalate a mention to a team or member, with a note',
      description: 'The member (else every member of the team) is notified. Neither team nor member clears the assignment.',
      params: idParams,
      body: s.mentionAssignSchema,
      response: { 200: dataOf(s.mentionSchema), ...errorResponses },
    },
  }, async (request) => {
    const ctx = commandContext(db, request);
    await assignMention(ctx, request.params.id, request.body);
    return { data: await presentMentionById(ctx.workspace.workspaceId, request.params.id) };
  });

  app.post('/mentions/:id/link-author', {
    config: workspaceAccess('contacts.manage'),
    schema: {
      ...tags('listening'),
      summary: "Link a mention's author to a contact, or create one",
      description: "With contactId the author's identity joins that contact (409 when it belongs to another: merge them). Without, identity resolution finds the author's contact or creates it. The mention joins the contact's timeline.",
      params: idParams,
      body: s.mentionLinkAuthorSchema,
      response: { 200: dataOf(s.mentionLinkResultSchema), ...errorResponses },
    },
  }, async (request) => ({ data: await linkMentionAuthor(commandContext(db, request), request.params.id, request.body) }));

  app.post('/mentions/:id/deal', {
    config: workspaceAccess('deals.manage'),
    schema: {
      ...tags('listening'),
      summary: 'Create a lead (a deal) with the mention as its source',
      params: idParams,
      body: s.mentionDealSchema,
      response: { 201: dataOf(s.mentionDealResultSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const deal = await createDealFromMention(commandContext(db, request), request.params.id, request.body);
    return created(reply, { data: { id: deal.id, title: deal.title, contactId: deal.contactId } });
  });

  // --- saved views of the explorer ---

  app.get('/saved-views', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: "Your saved mention views and the workspace's shared ones", response: { 200: listOf(s.savedViewSchema), ...errorResponses } },
  }, async (request) => {
    const { workspaceId, memberId } = request.workspaceAccess!;
    return { data: (await repo.listSavedViews(db, workspaceId, memberId)).map((view) => s.presentSavedView(view, memberId)), nextCursor: null };
  });

  app.post('/saved-views', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'Save the explorer filters as a view', body: s.savedViewCreateSchema, response: { 201: dataOf(s.savedViewSchema), ...errorResponses } },
  }, async (request, reply) => {
    const ctx = commandContext(db, request);
    return created(reply, { data: s.presentSavedView(await createSavedView(ctx, request.body), ctx.workspace.memberId) });
  });

  app.patch('/saved-views/:id', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'Rename, re-filter, share or unshare your view', params: idParams, body: s.savedViewUpdateSchema, response: { 200: dataOf(s.savedViewSchema), ...errorResponses } },
  }, async (request) => {
    const ctx = commandContext(db, request);
    return { data: s.presentSavedView(await updateSavedView(ctx, request.params.id, request.body), ctx.workspace.memberId) };
  });

  app.delete('/saved-views/:id', {
    config: workspaceAccess('listening.read'),
    schema: { ...tags('listening'), summary: 'Delete your view', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteSavedView(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });
};
