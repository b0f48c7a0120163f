// HTTP routes of SLAs: policies (CRUD and order) and each team's business hours they are measured in.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { notFound } from '../../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import {
  createSlaPolicy,
  deleteSlaPolicy,
  getTeamBusinessHours,
  reorderSlaPolicies,
  setTeamBusinessHours,
  updateSlaPolicy,
} from '../commands/manage-sla-policies.js';
import * as repo from '../sla/repository.js';
import * as s from '../sla/schema.js';

const tags = { tags: ['sla'] };

export const slaRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.get('/sla-policies', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: 'SLA policies in order (the first enabled one that fits a conversation applies)', response: { 200: listOf(s.policySchema), ...errorResponses } },
  }, async (request) => ({ data: (await repo.listPolicies(db, request.workspaceAccess!.workspaceId)).map(s.presentPolicy), nextCursor: null }));

  app.get('/sla-policies/:id', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: 'One SLA policy', params: idParams, response: { 200: dataOf(s.policySchema), ...errorResponses } },
  }, async (request) => {
    const policy = await repo.findPolicy(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!policy) throw notFound('sla_policy', request.params.id);
    return { data: s.presentPolicy(policy) };
  });

  app.post('/sla-policies', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags, summary: 'Create an SLA policy (it goes last)', body: s.policyCreateSchema, response: { 201: dataOf(s.policySchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentPolicy(await createSlaPolicy(commandContext(db, request), request.body)) }));

  app.patch('/sla-policies/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags, summary: 'Change an SLA policy', params: idParams, body: s.policyUpdateSchema, response: { 200: dataOf(s.policySchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentPolicy(await updateSlaPolicy(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/sla-policies/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags, summary: 'Delete an SLA policy', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteSlaPolicy(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/sla-policies/reorder', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags, summary: 'Put the SLA policies in a new order', body: s.reorderSchema, response: { 200: listOf(s.policySchema), ...errorResponses } },
  }, async (request) => ({ data: (await reorderSlaPolicies(commandContext(db, request), request.body.ids)).map(s.presentPolicy), nextCursor: null }));

  app.get('/teams/:id/business-hours', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags, summary: "A team's business hours (SLA calendar); a team never set up is open around the clock in UTC", params: idParams, response: { 200: dataOf(s.businessHoursSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentBusinessHours(request.params.id, await getTeamBusinessHours(db, request.workspaceAccess!.workspaceId, request.params.id)) }));

  app.put('/teams/:id/business-hours', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags, summary: "Set a team's business hours: time zone, weekly open intervals, holidays", params: idParams, body: s.businessHoursInputSchema, response: { 200: dataOf(s.businessHoursSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentBusinessHours(request.params.id, await setTeamBusinessHours(commandContext(db, request), request.params.id, request.body)) }));
};
