// `parley admin …`: the same commands the API calls, run by an operator as the system actor.
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { users, type ApiKeyScope } from '../db/schema.js';
import type { Auth } from '../server/auth.js';
import { systemActor } from '../server/context.js';
import { notFound } from '../server/errors.js';
import { createAccount } from '../modules/accounts/commands/create-account.js';
import { createApiKey } from '../modules/workspaces/commands/manage-api-keys.js';
import { createWorkspace } from '../modules/workspaces/commands/create-workspace.js';
import { findWorkspace } from '../modules/workspaces/repository.js';

const cliActor = systemActor('parley admin');

export async function adminCreateWorkspace(
  db: Database,
  auth: Auth,
  input: { name: string; ownerEmail: string; ownerPassword: string; ownerName?: string },
) {
  const email = input.ownerEmail.toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const ownerId =
    existing?.id ??
    (await createAccount(auth, { name: input.ownerName ?? email.split('@')[0]!, email, password: input.ownerPassword })).user.id;
  const { workspace } = await createWorkspace(db, { name: input.name, ownerUserId: ownerId, actor: cliActor });
  return { workspaceId: workspace.id, ownerId };
}

export async function adminCreateApiKey(db: Database, input: { workspaceId: string; name: string; scopes: ApiKeyScope[] }) {
  if (!(await findWorkspace(db, input.workspaceId))) throw notFound('workspace', input.workspaceId);
  const { apiKey, key } = await createApiKey(
    { db, actor: cliActor, workspace: { workspaceId: input.workspaceId, role: null, memberId: null }, requestId: null, ipAddress: null },
    { name: input.name, scopes: input.scopes },
  );
  return { apiKey: key, id: apiKey.id };
}
