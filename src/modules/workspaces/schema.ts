// Request and response schemas of the workspace routes, and the presenters that shape rows into them.
import { z } from 'zod';
import { apiKeyScopes, workspaceRoles } from '../../db/schema.js';
import type { ApiKeyRow, InvitationRow, MemberRow, TeamRow, WorkspaceRow } from './repository.js';
import { permissions, rolePermissions } from './roles.js';

export const roleSchema = z.enum(workspaceRoles);
const timestamp = z.iso.datetime();
const name = z.string().trim().min(1, 'must not be empty').max(120);

export const workspaceSchema = z.object({ id: z.string(), name: z.string(), createdAt: timestamp }).meta({ id: 'Workspace' });
export const myWorkspaceSchema = workspaceSchema.extend({ role: roleSchema, permissions: z.array(z.enum(permissions)) }).meta({ id: 'MyWorkspace' });
export const workspaceCreateSchema = z.object({ name });
export const workspaceUpdateSchema = z.object({ name });

export const teamRefSchema = z.object({ id: z.string(), name: z.string() });
export const memberSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    teams: z.array(teamRefSchema),
    createdAt: timestamp,
  })
  .meta({ id: 'Member' });
export const memberListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
  role: roleSchema.optional(),
  teamId: z.string().max(100).optional(),
});
export const memberUpdateSchema = z.object({ role: roleSchema });

export const teamSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), memberCount: z.number().int(), createdAt: timestamp })
  .meta({ id: 'Team' });
export const teamCreateSchema = z.object({ name, description: z.string().max(500).optional() });
export const teamUpdateSchema = z.object({ name: name.optional(), description: z.string().max(500).optional() });
export const teamMemberParams = z.object({ id: z.string().min(1).max(100), memberId: z.string().min(1).max(100) });

export const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    role: roleSchema,
    teamIds: z.array(z.string()),
    expiresAt: timestamp,
    createdAt: timestamp,
  })
  .meta({ id: 'Invitation' });
export const invitationCreatedSchema = invitationSchema.extend({
  token: z.string().describe('Shown only once'),
  url: z.string().describe('The link to send to the invitee'),
});
export const invitationCreateSchema = z.object({
  email: z.email().max(320).nullish().describe('When set, only this address can accept'),
  role: roleSchema,
  teamIds: z.array(z.string().max(100)).max(50).optional(),
});

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(apiKeyScopes)),
    lastUsedAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'ApiKey' });
export const apiKeyCreatedSchema = apiKeySchema.extend({ key: z.string().describe('Shown only once: store it now') });
export const apiKeyCreateSchema = z.object({ name, scopes: z.array(z.enum(apiKeyScopes)).min(1).default(['all']) });

export const roleInfoSchema = z.object({ role: roleSchema, description: z.string(), permissions: z.array(z.enum(permissions)) });

export const presentWorkspace = (row: WorkspaceRow) => ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString() });
export const presentMember = (row: MemberRow, teams: { id: string; name: string }[]) => ({
  id: row.id,
  userId: row.userId,
  name: row.name,
  email: row.email,
  role: row.role,
  teams,
  createdAt: row.createdAt.toISOString(),
});
export const presentTeam = (row: Pick<TeamRow, 'id' | 'name' | 'description' | 'createdAt'> & { memberCount?: number }) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  memberCount: row.memberCount ?? 0,
  createdAt: row.createdAt.toISOString(),
});
export const presentInvitation = (row: InvitationRow) => ({
  id: row.id,
  email: row.email,
  role: row.role,
  teamIds: row.teamIds,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});
export const presentApiKey = (row: ApiKeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
export const permissionsOf = (role: (typeof workspaceRoles)[number]) => [...rolePermissions[role]];
