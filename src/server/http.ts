// Shared pieces of every route: access declarations, response envelopes, the error schema, and the
// command context built from an authenticated request.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WorkspaceRole } from '../db/schema.js';
import type { Permission } from '../modules/workspaces/roles.js';
import type { Actor, CommandContext, WorkspaceAccess } from './context.js';
import type { Database } from '../db/client.js';
import { unauthenticated } from './errors.js';

/** Every API route declares who may call it; the access hook enforces it before anything else runs. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'workspace'; permission: Permission };

export type SignedInUser = { id: string; name: string; email: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    user: SignedInUser | null;
    workspaceAccess: WorkspaceAccess | null;
  }
}

export const WORKSPACE_HEADER = 'x-parley-workspace';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'member.not_found' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ id: 'Error' });

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  422: errorSchema,
  429: errorSchema,
} as const;

export const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema });
export const listOf = <T extends z.ZodType>(schema: T) => z.object({ data: z.array(schema), nextCursor: z.string().nullable() });
export const idParams = z.object({ id: z.string().min(1).max(100) });

export const publicAccess = { access: { kind: 'public' } } as const;
export const userAccess = { access: { kind: 'user' } } as const;
export const workspaceAccess = (permission: Permission) => ({ access: { kind: 'workspace', permission } }) as const;

export function requireUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}

export function commandContext(db: Database, request: FastifyRequest): CommandContext {
  if (!request.actor || !request.workspaceAccess) throw unauthenticated();
  return { db, actor: request.actor, workspace: request.workspaceAccess, requestId: request.id, ipAddress: request.ip };
}

export function memberRole(request: FastifyRequest): WorkspaceRole | null {
  return request.workspaceAccess?.role ?? null;
}

export function created<T>(reply: FastifyReply, body: T): T {
  reply.code(201);
  return body;
}
