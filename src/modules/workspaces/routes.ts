// HTTP routes of workspaces, members, teams, invitations and API keys: validate → authorize (the
// route's declared access) → command → present.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { notFound } from '../../server/errors.js';
import {
  commandContext,
  created,
  dataOf,
  errorResponses,
  idParams,
  listOf,
  requireUser,
  userAccess,
  workspaceAccess,
} from '../../server/http.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { workspaceRoles } from '../../db/schema.js';
import { createApiKey, revokeApiKey } from './commands/manage-api-keys.js';
import { createInvitation, revokeInvitation } from './commands/manage-invitations.js';
import { createTeam, deleteTeam, setTeamMembership, updateTeam } from './commands/manage-teams.js';
import { changeMemberRole } from './commands/change-member-role.js';
import { createWorkspace } from './commands/create-workspace.js';
import { removeMember } from './commands/remove-member.js';
import { updateWorkspace } from './commands/update-workspace.js';
import * as repo from './repository.js';
import { roleDescriptions } from './roles.js';
import * as s from './schema.js';

const tags = (tag: string) => ({ tags: [tag] });

export const workspaceRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  const membersWithTeams = async (workspaceId: string, rows: repo.MemberRow[]) => {
    const teamRows = await repo.teamsOfMembers(db, workspaceId, rows.map((row) => row.id));
    return rows.map((row) =>
      s.presentMember(
        row,
        teamRows.filter((team) => team.memberId === row.id).map(({ id, name }) => ({ id, name })),
      ),
    );
  };

  // --- workspaces ---

  app.get('/workspaces', {
    config: userAccess,
    schema: { ...tags('workspaces'), summary: 'Workspaces you belong to', response: { 200: z.object({ data: z.array(s.myWorkspaceSchema) }), ...errorResponses } },
  }, async (request) => {
    const rows = await repo.listWorkspacesOfUser(db, requireUser(request).id);
    return { data: rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), role: row.role, permissions: s.permissionsOf(row.role) })) };
  });

  app.post('/workspaces', {
    config: userAccess,
    schema: { ...tags('workspaces'), summary: 'Create a workspace (you become its owner)', body: s.workspaceCreateSchema, response: { 201: dataOf(s.workspaceSchema), ...errorResponses } },
  }, async (request, reply) => {
    const user = requireUser(request);
    const { workspace } = await createWorkspace(db, { name: request.body.name, ownerUserId: user.id, actor: request.actor!, requestId: request.id, ipAddress: request.ip });
    return created(reply, { data: s.presentWorkspace(workspace) });
  });

  app.get('/workspace', {
    config: workspaceAccess('workspace.read'),
    schema: { ...tags('workspaces'), summary: 'The current workspace', response: { 200: dataOf(s.workspaceSchema), ...errorResponses } },
  }, async (request) => {
    const workspace = await repo.findWorkspace(db, request.workspaceAccess!.workspaceId);
    if (!workspace) throw notFound('workspace');
    return { data: s.presentWorkspace(workspace) };
  });

  app.patch('/workspace', {
    config: workspaceAccess('workspace.update'),
    schema: { ...tags('workspaces'), summary: 'Rename the current workspace', body: s.workspaceUpdateSchema, response: { 200: dataOf(s.workspaceSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentWorkspace(await updateWorkspace(commandContext(db, request), request.body)) }));

  app.get('/roles', {
    config: userAccess,
    schema: { ...tags('workspaces'), summary: 'Roles and their permissions', response: { 200: z.object({ data: z.array(s.roleInfoSchema) }), ...errorResponses } },
  }, async () => ({ data: workspaceRoles.map((role) => ({ role, description: roleDescriptions[role], permissions: s.permissionsOf(role) })) }));

  // --- members ---

  app.get('/members', {
    config: workspaceAccess('members.read'),
    schema: { ...tags('members'), summary: 'List members', querystring: s.memberListQuery, response: { 200: listOf(s.memberSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const workspaceId = request.workspaceAccess!.workspaceId;
    const rows = await repo.listMembers(db, workspaceId, filter, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: await membersWithTeams(workspaceId, result.data), nextCursor: result.nextCursor };
  });

  app.get('/members/:id', {
    config: workspaceAccess('members.read'),
    schema: { ...tags('members'), summary: 'One member', params: idParams, response: { 200: dataOf(s.memberSchema), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const member = await repo.findMember(db, workspaceId, request.params.id);
    if (!member) throw notFound('member', request.params.id);
    const [presented] = await membersWithTeams(workspaceId, [member]);
    return { data: presented! };
  });

  app.patch('/members/:id', {
    config: workspaceAccess('members.manage'),
    schema: { ...tags('members'), summary: "Change a member's role", params: idParams, body: s.memberUpdateSchema, response: { 200: dataOf(s.memberSchema), ...errorResponses } },
  }, async (request) => {
    const member = await changeMemberRole(commandContext(db, request), request.params.id, request.body.role);
    const [presented] = await membersWithTeams(request.workspaceAccess!.workspaceId, [member]);
    return { data: presented! };
  });

  app.delete('/members/:id', {
    config: workspaceAccess('members.manage'),
    schema: { ...tags('members'), summary: 'Remove a member from the workspace', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await removeMember(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- teams ---

  app.get('/teams', {
    config: workspaceAccess('teams.read'),
    schema: { ...tags('teams'), summary: 'List teams', response: { 200: listOf(s.teamSchema), ...errorResponses } },
  }, async (request) => ({ data: (await repo.listTeams(db, request.workspaceAccess!.workspaceId)).map(s.presentTeam), nextCursor: null }));

  app.post('/teams', {
    config: workspaceAccess('teams.manage'),
    schema: { ...tags('teams'), summary: 'Create a team', body: s.teamCreateSchema, response: { 201: dataOf(s.teamSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentTeam(await createTeam(commandContext(db, request), request.body)) }));

  app.get('/teams/:id', {
    config: workspaceAccess('teams.read'),
    schema: { ...tags('teams'), summary: 'One team with its members', params: idParams, response: { 200: dataOf(s.teamSchema.extend({ members: z.array(s.memberSchema) })), ...errorResponses } },
  }, async (request) => {
    const workspaceId = request.workspaceAccess!.workspaceId;
    const team = await repo.findTeam(db, workspaceId, request.params.id);
    if (!team) throw notFound('team', request.params.id);
    const memberRows = await repo.listMembers(db, workspaceId, { teamId: team.id }, null, 1000);
    const members = await membersWithTeams(workspaceId, memberRows);
    return { data: { ...s.presentTeam({ ...team, memberCount: members.length }), members } };
  });

  app.patch('/teams/:id', {
    config: workspaceAccess('teams.manage'),
    schema: { ...tags('teams'), summary: 'Rename or describe a team', params: idParams, body: s.teamUpdateSchema, response: { 200: dataOf(s.teamSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentTeam(await updateTeam(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/teams/:id', {
    config: workspaceAccess('teams.manage'),
    schema: { ...tags('teams'), summary: 'Delete a team (its members stay in the workspace)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteTeam(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  app.put('/teams/:id/members/:memberId', {
    config: workspaceAccess('teams.manage'),
    schema: { ...tags('teams'), summary: 'Add a member to a team', params: s.teamMemberParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await setTeamMembership(commandContext(db, request), request.params.id, request.params.memberId, true);
    return reply.code(204).send(null);
  });

  app.delete('/teams/:id/members/:memberId', {
    config: workspaceAccess('teams.manage'),
    schema: { ...tags('teams'), summary: 'Remove a member from a team', params: s.teamMemberParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await setTeamMembership(commandContext(db, request), request.params.id, request.params.memberId, false);
    return reply.code(204).send(null);
  });

  // --- invitations ---

  app.get('/invitations', {
    config: workspaceAccess('invitations.manage'),
    schema: { ...tags('invitations'), summary: 'Pending invitations', response: { 200: listOf(s.invitationSchema), ...errorResponses } },
  }, async (request) => ({ data: (await repo.listPendingInvitations(db, request.workspaceAccess!.workspaceId)).map(s.presentInvitation), nextCursor: null }));

  app.post('/invitations', {
    config: workspaceAccess('invitations.manage'),
    schema: { ...tags('invitations'), summary: 'Invite someone by link', body: s.invitationCreateSchema, response: { 201: dataOf(s.invitationCreatedSchema), ...errorResponses } },
  }, async (request, reply) => {
    const { invitation, token } = await createInvitation(commandContext(db, request), request.body);
    const url = new URL(`/invite/${token}`, deps.publicUrl).toString();
    return created(reply, { data: { ...s.presentInvitation(invitation), token, url } });
  });

  app.delete('/invitations/:id', {
    config: workspaceAccess('invitations.manage'),
    schema: { ...tags('invitations'), summary: 'Revoke an invitation', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await revokeInvitation(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- API keys ---

  app.get('/api-keys', {
    config: workspaceAccess('api_keys.manage'),
    schema: { ...tags('api-keys'), summary: 'Active API keys', response: { 200: listOf(s.apiKeySchema), ...errorResponses } },
  }, async (request) => ({ data: (await repo.listApiKeys(db, request.workspaceAccess!.workspaceId)).map(s.presentApiKey), nextCursor: null }));

  app.post('/api-keys', {
    config: workspaceAccess('api_keys.manage'),
    schema: { ...tags('api-keys'), summary: 'Create an API key (shown once)', body: s.apiKeyCreateSchema, response: { 201: dataOf(s.apiKeyCreatedSchema), ...errorResponses } },
  }, async (request, reply) => {
    const { apiKey, key } = await createApiKey(commandContext(db, request), request.body);
    return created(reply, { data: { ...s.presentApiKey(apiKey), key } });
  });

  app.delete('/api-keys/:id', {
    config: workspaceAccess('api_keys.manage'),
    schema: { ...tags('api-keys'), summary: 'Revoke an API key', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await revokeApiKey(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });
};
