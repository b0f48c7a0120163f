// Workspace API keys for integrations: shown once, stored as a SHA-256 hash, revocable.
import type { Database } from '../../../db/client.js';
import type { ApiKeyScope } from '../../../db/schema.js';
import type { Actor, CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { hashToken, randomToken } from '../../../lib/secrets.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';

export const API_KEY_PREFIX = 'prly_';

export async function createApiKey(ctx: CommandContext, input: { name: string; scopes: ApiKeyScope[] }) {
  const workspaceId = ctx.workspace.workspaceId;
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  return ctx.db.transaction(async (tx) => {
    const apiKey = await repo.insertApiKey(tx, {
      id: newId('key'),
      workspaceId,
      name: input.name.trim(),
      prefix: key.slice(0, 12),
      keyHash: hashToken(key),
      scopes: [...new Set(input.scopes)],
      createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
    });
    await recordAuditEvent(tx, ctx, {
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: apiKey.id,
      after: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes },
    });
    await emitEvent(tx, workspaceId, 'api_key.created', { id: apiKey.id });
    return { apiKey, key };
  });
}

export async function revokeApiKey(ctx: CommandContext, apiKeyId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const apiKey = await repo.findApiKey(tx, workspaceId, apiKeyId);
    if (!apiKey || apiKey.revokedAt) throw notFound('api_key', apiKeyId);
    await repo.revokeApiKey(tx, workspaceId, apiKeyId);
    await recordAuditEvent(tx, ctx, {
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: apiKeyId,
      before: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes },
    });
    await emitEvent(tx, workspaceId, 'api_key.revoked', { id: apiKeyId });
  });
}

/** Resolves a bearer key to the actor it stands for, or null when it is unknown or revoked. */
export async function authenticateApiKey(db: Database, key: string): Promise<Extract<Actor, { type: 'api_key' }> | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const apiKey = await repo.findActiveApiKeyByHash(db, hashToken(key));
  if (!apiKey) return null;
  await repo.touchApiKey(db, apiKey.id);
  return { type: 'api_key', id: apiKey.id, label: `API key ${apiKey.name}`, workspaceId: apiKey.workspaceId, scopes: apiKey.scopes };
}
