// Walks every API route the app registers — so a new route is covered the day it is added — and
// checks who may call it: nobody signed in, a member of another workspace, each role, and API keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoles, type WorkspaceRole } from '../src/db/schema.js';
import { hasPermission, type Permission } from '../src/modules/workspaces/roles.js';
import type { RouteSummary } from '../src/server/app.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { addMember, as, createWorkspaceWithOwner, type TestUser } from './helpers/factories.js';

let t: TestApp;
let workspaceId: string;
let outsider: TestUser;
const people = new Map<WorkspaceRole, TestUser>();
let readKey: string;
let fullKey: string;

const concrete = (url: string) => url.replace(/:token/g, 'x'.repeat(30)).replace(/:(\w+)/g, (_m, name: string) => `${name}_does_not_exist`);
const apiRoutes = () => t.app.routeCatalog.filter((route) => route.url.startsWith('/api/v1') && !route.websocket);
const workspaceRoutes = () => apiRoutes().filter((route) => route.access?.kind === 'workspace');
const permissionOf = (route: RouteSummary) => (route.access as { permission: Permission }).permission;

async function call(route: RouteSummary, headers: Record<string, string>) {
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const response = await t.app.inject({
    method: route.method as 'GET',
    url: concrete(route.url),
    headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { payload: '{}' } : {}),
  });
  // Exports answer CSV; only JSON bodies carry an error code.
  const isJson = String(response.headers['content-type'] ?? '').includes('application/json');
  const body = isJson && response.body ? (JSON.parse(response.body) as { error?: { code: string } }) : {};
  return { status: response.statusCode, code: body.error?.code };
}

beforeAll(async () => {
  t = await buildTestApp();
  const acme = await createWorkspaceWithOwner(t, 'Acme');
  workspaceId = acme.workspace.id;
  people.set('owner', acme.owner);
  for (const role of workspaceRoles.filter((r) => r !== 'owner')) people.set(role, (await addMember(t, workspaceId, role)).user);
  outsider = (await createWorkspaceWithOwner(t, 'Other Co')).owner;
  const createKey = async (scopes: string[]) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(acme.owner, workspaceId),
      payload: { name: `key ${scopes.join()}`, scopes },
    });
    return (response.json() as { data: { key: string } }).data.key;
  };
  readKey = await createKey(['read']);
  fullKey = await createKey(['all']);
});

afterAll(async () => t.close());

describe('every API route', () => {
  it('declares who may call it', () => {
    const undeclared = apiRoutes().filter((route) => !route.access);
    expect(undeclared.map((route) => `${route.method} ${route.url}`)).toEqual([]);
    expect(workspaceRoutes().length).toBeGreaterThan(15);
  });

  it('answers 401 to nobody signed in, except public routes', { timeout: 120_000 }, async () => {
    for (const route of apiRoutes().filter((r) => r.access?.kind !== 'public')) {
      const result = await call(route, {});
      expect(result, `${route.method} ${route.url}`).toEqual({ status: 401, code: 'auth.unauthenticated' });
    }
  });

  it('answers a member of another workspace as if the workspace did not exist', { timeout: 120_000 }, async () => {
    for (const route of workspaceRoutes()) {
      const result = await call(route, as(outsider, workspaceId));
      expect(result, `${route.method} ${route.url}`).toEqual({ status: 404, code: 'workspace.not_found' });
    }
  });

  // Every route for every role: the roles walk at the same time, each its own routes in order.
  it('lets each role do exactly what its permissions allow', { timeout: 180_000 }, async () => {
    await Promise.all([...people].map(async ([role, person]) => {
      for (const route of workspaceRoutes()) {
        const result = await call(route, as(person, workspaceId));
        const label = `${role} ${route.method} ${route.url}`;
        if (hasPermission(role, permissionOf(route))) {
          expect(result.code, label).not.toBe('auth.forbidden');
          expect([401, 403], label).not.toContain(result.status);
        } else {
          expect(result, label).toEqual({ status: 403, code: 'auth.forbidden' });
        }
      }
    }));
  });

  it('lets a read-scoped API key read but never write, and keeps keys out of personal routes', { timeout: 120_000 }, async () => {
    for (const route of workspaceRoutes()) {
      const result = await call(route, { authorization: `Bearer ${readKey}` });
      const label = `${route.method} ${route.url}`;
      const mayRead = route.method === 'GET' && permissionOf(route).endsWith('.read');
      if (!mayRead) expect(result, label).toEqual({ status: 403, code: 'auth.forbidden' });
      // A person's own things inside a workspace (notifications) refuse keys with auth.person_required.
      else if (result.code !== 'auth.person_required') expect(result.status, label).not.toBe(403);
    }
    for (const route of apiRoutes().filter((r) => r.access?.kind === 'user')) {
      const result = await call(route, { authorization: `Bearer ${fullKey}` });
      expect(result, `${route.method} ${route.url}`).toEqual({ status: 403, code: 'auth.person_required' });
    }
  });

  it('keeps an API key inside its own workspace', async () => {
    const otherWorkspace = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: as(outsider) })).json() as {
      data: { workspaces: { id: string }[] };
    };
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/members',
      headers: { authorization: `Bearer ${fullKey}`, 'x-parley-workspace': otherWorkspace.data.workspaces[0]!.id },
    });
    expect(response.statusCode).toBe(404);
    const unknownKey = await t.app.inject({ method: 'GET', url: '/api/v1/members', headers: { authorization: 'Bearer prly_not-a-real-key' } });
    expect(unknownKey.json()).toMatchObject({ error: { code: 'auth.invalid_api_key' } });
  });

  it('refuses writes from an origin Parley does not serve (CSRF)', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { ...as(people.get('owner')!, workspaceId), origin: 'https://evil.example', host: 'localhost:3000' },
      payload: { name: 'Sneaky' },
    });
    expect(response.json()).toMatchObject({ error: { code: 'auth.untrusted_origin' } });
    expect(response.statusCode).toBe(403);
    const teams = await t.app.inject({ method: 'GET', url: '/api/v1/teams', headers: as(people.get('owner')!, workspaceId) });
    expect((teams.json() as { data: unknown[] }).data).toEqual([]);
  });
});
