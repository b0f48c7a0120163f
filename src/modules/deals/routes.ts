// HTTP routes of the sales pipeline: pipelines and stages, deals and their moves on the board, and
// the conversion report. validate → authorize (the route's declared access) → command → present.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { notFound } from '../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../server/http.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { buildConversionReport } from './commands/build-conversion-report.js';
import { getPipelineBoard } from './commands/get-pipeline-board.js';
import { createDeal, deleteDeal, updateDeal } from './commands/manage-deals.js';
import {
  createPipeline,
  createStage,
  deletePipeline,
  deleteStage,
  ensureDefaultPipeline,
  updatePipeline,
  updateStage,
} from './commands/manage-pipelines.js';
import { markDealLost, markDealWon, moveDeal } from './commands/move-deal.js';
import * as repo from './repository.js';
import { exportDeals } from './commands/export-deals.js';
import { exportFormats, sendExport } from '../../lib/export.js';
import * as s from './schema.js';

const tags = (tag: string) => ({ tags: [tag] });

const conversionReportDescription = `Definitions, for the half-open range [from, to), buckets in UTC (months, or ISO weeks starting on Monday):

- **Leads**: contacts created in the range (contacts merged into another are left out), by their acquisition source and by the bucket of their creation. **customers** counts those of them that became a customer (\`becameCustomerAt\` set, at any time). **rate** = customers ÷ contacts.
- **Deals**: deals closed (won or lost) in the range, by deal source and by the bucket of their close. **winRate** = won ÷ (won + lost). **wonAmounts** sums the won deals' amounts per currency. **avgDaysToClose** and **medianDaysToClose** are over won deals, from the deal's creation to its close, in days (two decimals).
- **Groups**: \`social\` = channel, mention, conversation, community_thread; \`traditional\` = campaign, referral, import, manual, other.
- Rates are 0…1 with four decimals, null when nothing was counted.`;

export const dealRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  // --- pipelines and stages ---

  app.get('/pipelines', {
    config: workspaceAccess('deals.read'),
    schema: {
      ...tags('pipelines'),
      summary: 'Pipelines with their stages',
      description: 'A workspace without pipelines gets the default "Sales" pipeline on the first read.',
      response: { 200: listOf(s.pipelineSchema), ...errorResponses },
    },
  }, async (request) => {
    const ctx = commandContext(db, request);
    await ensureDefaultPipeline(ctx);
    const workspaceId = ctx.workspace.workspaceId;
    const pipelines = await repo.listPipelines(db, workspaceId);
    const stages = await repo.listStages(db, workspaceId);
    return { data: pipelines.map((pipeline) => s.presentPipeline(pipeline, stages)), nextCursor: null };
  });

  const presentOne = async (workspaceId: string, pipelineId: string) => {
    const found = await repo.findPipelineWithStages(db, workspaceId, pipelineId);
    if (!found) throw notFound('pipeline', pipelineId);
    return s.presentPipeline(found.pipeline, found.stages);
  };

  app.post('/pipelines', {
    config: workspaceAccess('pipelines.manage'),
    schema: { ...tags('pipelines'), summary: 'Create a pipeline', body: s.pipelineCreateSchema, response: { 201: dataOf(s.pipelineSchema), ...errorResponses } },
  }, async (request, reply) => {
    const { pipeline, stages } = await createPipeline(commandContext(db, request), request.body);
    return created(reply, { data: s.presentPipeline(pipeline, stages) });
  });

  app.patch('/pipelines/:id', {
    config: workspaceAccess('pipelines.manage'),
    schema: { ...tags('pipelines'), summary: 'Rename, reorder or make a pipeline the default', params: idParams, body: s.pipelineUpdateSchema, response: { 200: dataOf(s.pipelineSchema), ...errorResponses } },
  }, async (request) => {
    const pipeline = await updatePipeline(commandContext(db, request), request.params.id, request.body);
    return { data: await presentOne(pipeline.workspaceId, pipeline.id) };
  });

  app.delete('/pipelines/:id', {
    config: workspaceAccess('pipelines.manage'),
    schema: {
      ...tags('pipelines'),
      summary: 'Delete a pipeline',
      description: 'Refused (422 pipeline.has_deals) while it has deals, unless `moveTo` names the pipeline that receives them. The last pipeline cannot be deleted.',
      params: idParams,
      querystring: s.pipelineDeleteQuery,
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await deletePipeline(commandContext(db, request), request.params.id, request.query.moveTo);
    return reply.code(204).send(null);
  });

  app.get('/pipelines/:id/board', {
    config: workspaceAccess('deals.read'),
    schema: { ...tags('pipelines'), summary: 'The kanban board: stages with their deals and totals', params: idParams, response: { 200: dataOf(s.boardSchema), ...errorResponses } },
  }, async (request) => ({ data: await getPipelineBoard(db, request.workspaceAccess!.workspaceId, request.params.id) }));

  app.post('/pipelines/:id/stages', {
    config: workspaceAccess('pipelines.manage'),
    schema: { ...tags('pipelines'), summary: 'Add an open stage', params: idParams, body: s.stageCreateSchema, response: { 201: dataOf(s.stageSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentStage(await createStage(commandContext(db, request), request.params.id, request.body)) }));

  app.patch('/pipeline-stages/:id', {
    config: workspaceAccess('pipelines.manage'),
    schema: { ...tags('pipelines'), summary: 'Rename, reorder or change the probability of a stage', params: idParams, body: s.stageUpdateSchema, response: { 200: dataOf(s.stageSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentStage(await updateStage(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/pipeline-stages/:id', {
    config: workspaceAccess('pipelines.manage'),
    schema: {
      ...tags('pipelines'),
      summary: 'Delete an open stage',
      description: 'Refused (422) while deals are in it, for the won and lost stages, and for the last open stage.',
      params: idParams,
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    await deleteStage(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- deals ---

  app.get('/deals', {
    config: workspaceAccess('deals.read'),
    schema: { ...tags('deals'), summary: 'List deals, newest first', querystring: s.dealListQuery, response: { 200: listOf(s.dealSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const rows = await repo.listDeals(db, request.workspaceAccess!.workspaceId, filter, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(s.presentDeal), nextCursor: result.nextCursor };
  });

  app.get('/deals/export', {
    config: workspaceAccess('contacts.export'),
    schema: {
      ...tags('deals'),
      summary: 'Download deals as CSV or JSON (same filters as the list)',
      querystring: s.dealListQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(exportFormats).default('csv') }),
      response: { 200: z.string().describe('The file (streamed)'), ...errorResponses },
    },
  }, async (request, reply) => {
    const { format, ...filter } = request.query;
    return sendExport(reply, 'deals', format, await exportDeals(commandContext(db, request), filter, format));
  });

  app.get('/deals/:id', {
    config: workspaceAccess('deals.read'),
    schema: { ...tags('deals'), summary: 'One deal', params: idParams, response: { 200: dataOf(s.dealSchema), ...errorResponses } },
  }, async (request) => {
    const deal = await repo.findDeal(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!deal) throw notFound('deal', request.params.id);
    return { data: s.presentDeal(deal) };
  });

  app.post('/deals', {
    config: workspaceAccess('deals.manage'),
    schema: { ...tags('deals'), summary: 'Create a deal', body: s.dealCreateSchema, response: { 201: dataOf(s.dealSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentDeal(await createDeal(commandContext(db, request), request.body)) }));

  app.patch('/deals/:id', {
    config: workspaceAccess('deals.manage'),
    schema: { ...tags('deals'), summary: 'Change a deal (use /move, /won and /lost for its stage)', params: idParams, body: s.dealUpdateSchema, response: { 200: dataOf(s.dealSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentDeal(await updateDeal(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/deals/:id', {
    config: workspaceAccess('deals.manage'),
    schema: { ...tags('deals'), summary: 'Delete a deal', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteDeal(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/deals/:id/move', {
    config: workspaceAccess('deals.manage'),
    schema: {
      ...tags('deals'),
      summary: 'Move a deal to a stage and a place on the board',
      description: 'Moving into the won or lost stage closes the deal (lost needs `lostReason`); moving back to an open stage reopens it. Without beforeDealId, afterDealId or position the deal goes to the end of the stage.',
      params: idParams,
      body: s.dealMoveSchema,
      response: { 200: dataOf(s.dealSchema), ...errorResponses },
    },
  }, async (request) => ({ data: s.presentDeal(await moveDeal(commandContext(db, request), request.params.id, request.body)) }));

  app.post('/deals/:id/won', {
    config: workspaceAccess('deals.manage'),
    schema: { ...tags('deals'), summary: "Mark a deal won (moves it to its pipeline's won stage)", params: idParams, response: { 200: dataOf(s.dealSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentDeal(await markDealWon(commandContext(db, request), request.params.id)) }));

  app.post('/deals/:id/lost', {
    config: workspaceAccess('deals.manage'),
    schema: { ...tags('deals'), summary: "Mark a deal lost, with the reason (moves it to its pipeline's lost stage)", params: idParams, body: s.dealLostSchema, response: { 200: dataOf(s.dealSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentDeal(await markDealLost(commandContext(db, request), request.params.id, request.body.reason)) }));

  // --- reports ---

  app.get('/reports/conversion', {
    config: workspaceAccess('reports.read'),
    schema: {
      ...tags('reports'),
      summary: 'Conversion report: lead-to-customer rate and time to close by source, social versus traditional',
      description: conversionReportDescription,
      querystring: s.reportQuery,
      response: { 200: dataOf(s.conversionReportSchema), ...errorResponses },
    },
  }, async (request) => {
    const { from, to, period } = request.query;
    return { data: await buildConversionReport(db, request.workspaceAccess!.workspaceId, { from: new Date(from), to: new Date(to), period }) };
  });
};
