// The access hook: runs before validation on every API route and enforces the route's declared
// access (public, signed-in person, or a permission in a workspace), plus CSRF protection.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import type { Database } from '../db/client.js';
import { ExpiringMemo } from '../lib/expiring-memo.js';
import { authenticateApiKey } from '../modules/workspaces/commands/manage-api-keys.js';
import { resolveWorkspaceAccess } from '../modules/workspaces/commands/resolve-workspace-access.js';
import { apiKeyHasPermission, hasPermission } from '../modules/workspaces/roles.js';
import type { Auth } from './auth.js';
import { AppError, forbidden, notFound, unauthenticated } from './errors.js';
import { WORKSPACE_HEADER } from './http.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestedWorkspace(request: FastifyRequest): string | undefined {
  const header = request.headers[WORKSPACE_HEADER];
  if (typeof header === 'string' && header) return header;
  // Browsers cannot set headers on a WebSocket handshake, so the real-time route takes it from the query.
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.workspace === 'string' && query.workspace ? query.workspace : undefined;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('auth.malformed_authorization', 401, 'The Authorization header must be "Bearer <API key>".');
  return match[1]!;
}

type SessionUser = { id: string; name: string; email: string };

/**
 * Sessions this process has verified lately, by the request's Cookie header. better-auth's cookie cache
 * already trusts a signed session cookie for up to a minute without asking the database; this keeps the
 * answer for a few seconds more cheaply still (no signature check, no decoding), and only for requests
 * that carry that signed cookie, so a session is never trusted longer than the cookie cache allows it
 * plus these seconds. Signing out here forgets the session at once.
 */
const sessionMemo = new ExpiringMemo<string, { user: SessionUser; token: string }>(10_000, 10_000);
const SESSION_TOKEN = /(?:^|;\s*)parley\.session_token=([^;]+)/;
const SESSION_DATA = /(?:^|;\s*)parley\.session_data=/;

export function forgetSession(cookieHeader: string | undefined): void {
  const token = cookieHeader ? SESSION_TOKEN.exec(cookieHeader)?.[1] : undefined;
  if (!token) return;
  sessionMemo.forgetWhere((_cookie, entry) => entry.token === token);
}

export function registerAccessControl(app: FastifyInstance, deps: { db: Database; auth: Auth; trustedOrigins: (request: FastifyRequest) => string[] }) {
  app.decorateRequest('actor', null);
  app.decorateRequest('user', null);
  app.decorateRequest('workspaceAccess', null);

  const loadSessionUser = async (request: FastifyRequest) => {
    const cookie = request.headers.cookie;
    const token = cookie && SESSION_DATA.test(cookie) ? SESSION_TOKEN.exec(cookie)?.[1] : undefined;
    const memo = token ? sessionMemo.get(cookie!) : undefined;
    let user: SessionUser;
    if (memo) user = memo.user;
    else {
      const session = await deps.auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
      if (!session) return;
      user = { id: session.user.id, name: session.user.name, email: session.user.email };
      if (token) sessionMemo.set(cookie!, { user, token });
    }
    request.user = user;
    request.actor = { type: 'user', id: user.id, label: user.name || user.email };
  };

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;

    // CSRF: a browser always sends Origin on cross-site writes; refuse any origin we do not serve.
    const origin = request.headers.origin;
    if (!SAFE_METHODS.has(request.method) && origin && !deps.trustedOrigins(request).includes(origin)) {
      throw new AppError('auth.untrusted_origin', 403, `Requests from ${origin} are not accepted. Set PUBLIC_URL to the address you open Parley at.`);
    }

    const token = bearerToken(request);
    if (access.kind === 'public') {
      if (!token) await loadSessionUser(request);
      return;
    }

    if (token) {
      const actor = await authenticateApiKey(deps.db, token);
      if (!actor) throw new AppError('auth.invalid_api_key', 401, 'This API key is unknown or has been revoked.');
      if (access.kind === 'user') throw new AppError('auth.person_required', 403, 'This route is for signed-in people; API keys cannot use it.');
      const requested = requestedWorkspace(request);
      if (requested && requested !== actor.workspaceId) throw notFound('workspace', requested);
      if (!apiKeyHasPermission(actor.scopes, access.permission) || (!actor.scopes.includes('all') && !SAFE_METHODS.has(request.method))) {
        throw forbidden(access.permission);
      }
      request.actor = actor;
      request.workspaceAccess = { workspaceId: actor.workspaceId, role: null, memberId: null };
      return;
    }

    await loadSessionUser(request);
    if (!request.user) throw unauthenticated();
    if (access.kind === 'user') return;

    const workspaceId = requestedWorkspace(request);
    if (!workspaceId) {
      throw new AppError('workspace.required', 400, `Say which workspace this is for: send the ${WORKSPACE_HEADER} header.`);
    }
    const workspaceAccess = await resolveWorkspaceAccess(deps.db, request.user.id, workspaceId);
    if (!workspaceAccess.role || !hasPermission(workspaceAccess.role, access.permission)) throw forbidden(access.permission);
    request.workspaceAccess = workspaceAccess;
  });
}
