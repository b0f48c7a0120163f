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
import { createSource } from '../modules/listening/sources/commands/manage-sources.js';
import { requireSourceType } from '../modules/listening/sources/settings.js';
import { splitSettings } from '../modules/listening/sources/registry.js';
import type { SecretBox } from '../lib/secrets.js';
import { createChannel } from '../modules/channels/commands/manage-channels.js';
import { widgetSnippet } from '../modules/channels/schema.js';
import { requireChannelType, splitChannelSettings } from '../modules/channels/settings.js';
import { webhookPlatformOf, webhookUrlOf } from '../modules/channels/webhooks/channel-settings.js';

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

/**
 * A listening source from one JSON object holding both its settings and its credentials (as the UI
 * would store them), split by the type's schemas: credentials are sealed, the rest is its config.
 */
export async function adminAddSource(db: Database, secrets: SecretBox, input: { workspaceId: string; type: string; settings: Record<string, unknown> }) {
  if (!(await findWorkspace(db, input.workspaceId))) throw notFound('workspace', input.workspaceId);
  const { config, credentials } = splitSettings(requireSourceType(input.type), input.settings);
  const { source, webhookSecret } = await createSource(
    { db, actor: cliActor, workspace: { workspaceId: input.workspaceId, role: null, memberId: null }, requestId: null, ipAddress: null },
    secrets,
    { type: input.type, config, credentials },
  );
  return { sourceId: source.id, ...(webhookSecret ? { webhookSecret } : {}) };
}

/**
 * A channel account from one JSON object holding both its settings and its credentials, split by the
 * type's schemas. Messaging platforms answer with the webhook URL to give the platform; web chat has
 * none (its widget connects to Parley) and answers with its script tag.
 */
export async function adminAddChannel(db: Database, secrets: SecretBox, input: { workspaceId: string; type: string; settings: Record<string, unknown>; name?: string; publicUrl: string }) {
  if (!(await findWorkspace(db, input.workspaceId))) throw notFound('workspace', input.workspaceId);
  const { name, ...settings } = input.settings;
  const { config, credentials } = splitChannelSettings(requireChannelType(input.type), settings);
  const channel = await createChannel(
    { db, actor: cliActor, workspace: { workspaceId: input.workspaceId, role: null, memberId: null }, requestId: null, ipAddress: null },
    secrets,
    { type: input.type, name: input.name ?? (typeof name === 'string' ? name : undefined), config, credentials },
  );
  const platform = webhookPlatformOf[channel.type];
  return {
    channelId: channel.id,
    webhookUrl: platform ? webhookUrlOf(input.publicUrl, platform, channel.id) : null,
    ...(channel.type === 'webchat' ? { widget: widgetSnippet(input.publicUrl, channel.id) } : {}),
  };
}
