// HTTP routes of routing and assignment: the ordered routing rules with their "what would happen"
// preview, agents' availability and capacity, and a team's assignment method.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../../server/app.js';
import { notFound } from '../../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../../server/http.js';
import { createRoutingRule, deleteRoutingRule, previewRoutingRule, reorderRoutingRules, updateRoutingRule } from '../commands/manage-routing-rules.js';
import { getAgentStatus, getTeamAssignment, setAgentStatus, setTeamAssignment } from '../routing/manage-assignment.js';
import * as repo from '../routing/repository.js';
import * as s from '../routing/schema.js';

const tags = (tag: string) => ({ tags: [tag] });

const presentAgent = (row: repo.AgentStatusRow) => ({ ...row, lastAssignedAt: row.lastAssignedAt?.toISOString() ?? null });
const presentTeam = (team: Awaited<ReturnType<typeof getTeamAssignment>>) => ({ ...team, agents: team.agents.map(presentAgent) });

export const routingRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  app.get('/routing-rules', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('routing'), summary: 'The routing rules, in the order they run', response: { 200: listOf(s.ruleSchema), ...errorResponses } },
  }, async (request) => ({ data: (await repo.listRules(db, request.workspaceAccess!.workspaceId)).map(s.presentRule), nextCursor: null }));

  app.get('/routing-rules/fields', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('routing'), summary: 'What conditions can look at: each field with its operators (and contact.custom.<key>)', response: { 200: listOf(s.fieldSchema), ...errorResponses } },
  }, async () => ({ data: s.fieldCatalog(), nextCursor: null }));

  app.get('/routing-rules/:id', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('routing'), summary: 'One routing rule', params: idParams, response: { 200: dataOf(s.ruleSchema), ...errorResponses } },
  }, async (request) => {
    const rule = await repo.findRule(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!rule) throw notFound('routing_rule', request.params.id);
    return { data: s.presentRule(rule) };
  });

  app.post('/routing-rules', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('routing'), summary: 'Create a routing rule (it runs after the existing ones)', body: s.ruleInputSchema, response: { 201: dataOf(s.ruleSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentRule(await createRoutingRule(commandContext(db, request), request.body)) }));

  app.patch('/routing-rules/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('routing'), summary: 'Change a routing rule', params: idParams, body: s.ruleUpdateSchema, response: { 200: dataOf(s.ruleSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentRule(await updateRoutingRule(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/routing-rules/:id', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('routing'), summary: 'Delete a routing rule', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteRoutingRule(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/routing-rules/reorder', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('routing'), summary: 'Put the rules in a new order (every rule id, once)', body: s.reorderSchema, response: { 200: listOf(s.ruleSchema), ...errorResponses } },
  }, async (request) => ({ data: (await reorderRoutingRules(commandContext(db, request), request.body.ids)).map(s.presentRule), nextCursor: null }));

  app.post('/routing-rules/preview', {
    config: workspaceAccess('inbox.read'),
    schema: {
      ...tags('routing'),
      summary: 'What a rule would do: on one conversation or the most recent ones, whether it matches, which conditions held, the actions that would apply (changes nothing)',
      body: s.previewSchema,
      response: { 200: listOf(s.previewResultSchema), ...errorResponses },
    },
  }, async (request) => {
    const rows = await previewRoutingRule(db, request.workspaceAccess!.workspaceId, request.body);
    return { data: rows.map((row) => ({ ...row, lastMessageAt: row.lastMessageAt.toISOString() })), nextCursor: null };
  });

  app.get('/agent-status', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('routing'), summary: "Your availability and capacity for assignment (or another member's)", querystring: s.agentStatusQuery, response: { 200: dataOf(s.agentStatusSchema), ...errorResponses } },
  }, async (request) => ({ data: presentAgent(await getAgentStatus(commandContext(db, request), request.query.memberId)) }));

  app.put('/agent-status', {
    config: workspaceAccess('inbox.reply'),
    schema: { ...tags('routing'), summary: "Set your availability and capacity (another member's with inbox.manage)", body: s.agentStatusUpdateSchema, response: { 200: dataOf(s.agentStatusSchema), ...errorResponses } },
  }, async (request) => ({ data: presentAgent(await setAgentStatus(commandContext(db, request), request.body)) }));

  app.get('/teams/:id/assignment', {
    config: workspaceAccess('inbox.read'),
    schema: { ...tags('routing'), summary: "A team's assignment method and its agents' status", params: idParams, response: { 200: dataOf(s.teamInboxSettingsSchema), ...errorResponses } },
  }, async (request) => ({ data: presentTeam(await getTeamAssignment(db, request.workspaceAccess!.workspaceId, request.params.id)) }));

  app.put('/teams/:id/assignment', {
    config: workspaceAccess('inbox.manage'),
    schema: { ...tags('routing'), summary: "Set how a team's conversations are assigned (manual, round_robin, capacity) and its manager", params: idParams, body: s.teamAssignmentSchema, response: { 200: dataOf(s.teamInboxSettingsSchema), ...errorResponses } },
  }, async (request) => ({ data: presentTeam(await setTeamAssignment(commandContext(db, request), request.params.id, request.body)) }));
};
