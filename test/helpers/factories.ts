// Factories for tests: people, workspaces and members created through the real commands.
import { randomBytes } from 'node:crypto';
import type { WorkspaceRole } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { createAccount } from '../../src/modules/accounts/commands/create-account.js';
import { createWorkspace } from '../../src/modules/workspaces/commands/create-workspace.js';
import { insertMember } from '../../src/modules/workspaces/repository.js';
import type { TestApp } from './app.js';

export const PASSWORD = 'a long test password';

export type TestUser = { id: string; name: string; email: string; cookie: string };

/** "name=value; name2=value2" from Set-Cookie header values, as a browser would send them back. */
export function cookieFrom(setCookies: string[] | string | undefined): string {
  const list = setCookies === undefined ? [] : [setCookies].flat();
  return list.map((cookie) => cookie.split(';')[0]).filter((pair) => pair && !pair.endsWith('=')).join('; ');
}

export async function createUser(t: TestApp, overrides: { name?: string; email?: string } = {}): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const account = await createAccount(t.auth, {
    name: overrides.name ?? `Person ${suffix}`,
    email: overrides.email ?? `person-${suffix}@example.com`,
    password: PASSWORD,
  });
  return { ...account.user, cookie: cookieFrom(account.setCookies) };
}

export async function createWorkspaceWithOwner(t: TestApp, name = 'Acme') {
  const owner = await createUser(t, { name: 'Olivia Owner' });
  const { workspace, ownerMemberId } = await createWorkspace(t.db.database.db, {
    name,
    ownerUserId: owner.id,
    actor: { type: 'user', id: owner.id, label: owner.name },
  });
  return { workspace, owner, ownerMemberId };
}

export async function addMember(t: TestApp, workspaceId: string, role: WorkspaceRole) {
  const user = await createUser(t, { name: `${role} person` });
  const member = await insertMember(t.db.database.db, { id: newId('mem'), workspaceId, userId: user.id, role });
  return { user, memberId: member!.id };
}

export const as = (user: { cookie: string }, workspaceId?: string) => ({
  cookie: user.cookie,
  ...(workspaceId ? { 'x-parley-workspace': workspaceId } : {}),
});
