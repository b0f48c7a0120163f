// Accounts: first-run setup, signing in and out, your profile, and accepting an invitation link.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { forgetSession } from '../../server/access.js';
import { AppError } from '../../server/errors.js';
import { created, dataOf, errorResponses, publicAccess, requireUser, userAccess } from '../../server/http.js';
import { acceptInvitation, inspectInvitation } from '../workspaces/commands/manage-invitations.js';
import { listWorkspacesOfUser } from '../workspaces/repository.js';
import { myWorkspaceSchema, permissionsOf, roleSchema, workspaceSchema, presentWorkspace } from '../workspaces/schema.js';
import { completeSetup, needsSetup } from './commands/complete-setup.js';
import { createAccount } from './commands/create-account.js';

const userSchema = z.object({ id: z.string(), name: z.string(), email: z.string() }).meta({ id: 'User' });
const password = z.string().min(10, 'must be at least 10 characters').max(256);
const email = z.email().max(320);
const personName = z.string().trim().min(1, 'must not be empty').max(120);

function setCookies(reply: FastifyReply, cookies: string[]) {
  if (cookies.length > 0) reply.header('set-cookie', cookies);
}

export const accountRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const { auth, database } = deps;
  const rateLimit = { max: deps.authRateLimit, timeWindow: '1 minute' };

  app.get('/setup', {
    config: publicAccess,
    schema: { tags: ['accounts'], summary: 'Whether Parley still needs its first owner', response: { 200: dataOf(z.object({ needsSetup: z.boolean() })), ...errorResponses } },
  }, async () => ({ data: { needsSetup: await needsSetup(database) } }));

  app.post('/setup', {
    config: { ...publicAccess, rateLimit },
    schema: {
      tags: ['accounts'],
      summary: 'First run: create the owner account and the first workspace',
      body: z.object({ name: personName, email, password, workspaceName: personName }),
      response: { 201: dataOf(z.object({ user: userSchema, workspace: workspaceSchema })), ...errorResponses },
    },
  }, async (request, reply) => {
    const result = await completeSetup(database, auth, { ...request.body, requestId: request.id, ipAddress: request.ip });
    setCookies(reply, result.setCookies);
    return created(reply, { data: { user: result.user, workspace: presentWorkspace(result.workspace) } });
  });

  app.post('/auth/sign-in', {
    config: { ...publicAccess, rateLimit },
    schema: {
      tags: ['accounts'],
      summary: 'Sign in with email and password (sets the session cookie)',
      body: z.object({ email, password: z.string().min(1).max(256), rememberMe: z.boolean().optional() }),
      response: { 200: dataOf(userSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const response = await auth.api.signInEmail({
      body: { email: request.body.email.toLowerCase(), password: request.body.password, rememberMe: request.body.rememberMe ?? true },
      headers: fromNodeHeaders(request.headers),
      asResponse: true,
    });
    if (!response.ok) throw new AppError('auth.invalid_credentials', 401, 'Wrong email or password.');
    const body = (await response.json()) as { user: { id: string; name: string; email: string } };
    setCookies(reply, response.headers.getSetCookie());
    return { data: { id: body.user.id, name: body.user.name, email: body.user.email } };
  });

  app.post('/auth/sign-out', {
    config: userAccess,
    schema: { tags: ['accounts'], summary: 'Sign out (ends this session)', response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    forgetSession(request.headers.cookie);
    const response = await auth.api.signOut({ headers: fromNodeHeaders(request.headers), asResponse: true });
    setCookies(reply, response.headers.getSetCookie());
    return reply.code(204).send(null);
  });

  app.get('/me', {
    config: userAccess,
    schema: { tags: ['accounts'], summary: 'You and your workspaces', response: { 200: dataOf(z.object({ user: userSchema, workspaces: z.array(myWorkspaceSchema) })), ...errorResponses } },
  }, async (request) => {
    const user = requireUser(request);
    const rows = await listWorkspacesOfUser(database.db, user.id);
    return {
      data: {
        user,
        workspaces: rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), role: row.role, permissions: permissionsOf(row.role) })),
      },
    };
  });

  app.patch('/me', {
    config: userAccess,
    schema: { tags: ['accounts'], summary: 'Change your name', body: z.object({ name: personName }), response: { 200: dataOf(userSchema), ...errorResponses } },
  }, async (request) => {
    await auth.api.updateUser({ body: { name: request.body.name }, headers: fromNodeHeaders(request.headers) });
    forgetSession(request.headers.cookie);
    return { data: { ...requireUser(request), name: request.body.name } };
  });

  app.post('/me/password', {
    config: { ...userAccess, rateLimit },
    schema: {
      tags: ['accounts'],
      summary: 'Change your password (signs out your other sessions)',
      body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: password }),
      response: { 204: z.null(), ...errorResponses },
    },
  }, async (request, reply) => {
    const response = await auth.api.changePassword({
      body: { currentPassword: request.body.currentPassword, newPassword: request.body.newPassword, revokeOtherSessions: true },
      headers: fromNodeHeaders(request.headers),
      asResponse: true,
    });
    if (!response.ok) throw new AppError('auth.invalid_credentials', 400, 'The current password is wrong.', { field: 'currentPassword' });
    setCookies(reply, response.headers.getSetCookie());
    return reply.code(204).send(null);
  });

  // --- invitation links (the token is the credential) ---

  const tokenParams = z.object({ token: z.string().min(20).max(100) });

  app.get('/invitation-links/:token', {
    config: { ...publicAccess, rateLimit },
    schema: {
      tags: ['invitations'],
      summary: 'What an invitation link is for',
      params: tokenParams,
      response: { 200: dataOf(z.object({ workspaceName: z.string(), role: roleSchema, email: z.string().nullable(), expiresAt: z.iso.datetime() })), ...errorResponses },
    },
  }, async (request) => {
    const { invitation, workspaceName } = await inspectInvitation(database.db, request.params.token);
    return { data: { workspaceName, role: invitation.role, email: invitation.email, expiresAt: invitation.expiresAt.toISOString() } };
  });

  app.post('/invitation-links/:token/accept', {
    config: { ...publicAccess, rateLimit },
    schema: {
      tags: ['invitations'],
      summary: 'Accept an invitation: signed in, or creating an account with name, email and password',
      params: tokenParams,
      body: z.object({ name: personName.optional(), email: email.optional(), password: password.optional() }).default({}),
      response: { 201: dataOf(z.object({ workspaceId: z.string(), workspaceName: z.string(), role: roleSchema, user: userSchema })), ...errorResponses },
    },
  }, async (request, reply) => {
    let user = request.user;
    if (!user) {
      const { invitation } = await inspectInvitation(database.db, request.params.token);
      const { name, password: pw } = request.body;
      const address = invitation.email ?? request.body.email;
      if (!name || !pw || !address) {
        throw new AppError('request.invalid', 400, 'To accept without an account, give your name, email and a password (or sign in first).', {
          fields: [
            ...(!name ? [{ in: 'body', path: 'name', message: 'required' }] : []),
            ...(!address ? [{ in: 'body', path: 'email', message: 'required' }] : []),
            ...(!pw ? [{ in: 'body', path: 'password', message: 'required' }] : []),
          ],
        });
      }
      const account = await createAccount(auth, { name, email: address, password: pw });
      setCookies(reply, account.setCookies);
      user = account.user;
    }
    const result = await acceptInvitation(database.db, {
      token: request.params.token,
      user,
      actor: { type: 'user', id: user.id, label: user.name },
      requestId: request.id,
      ipAddress: request.ip,
    });
    return created(reply, { data: { workspaceId: result.workspaceId, workspaceName: result.workspaceName, role: result.role, user } });
  });
};
