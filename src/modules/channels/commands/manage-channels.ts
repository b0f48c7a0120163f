// Creating, changing and removing a workspace's channel accounts, shared by the API and `parley admin
// add-channel`. Config is checked against the type's schema; credentials are sealed before they reach
// the table and never come back out. Every change is in the audit log (without secrets).
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { newId } from '../../../lib/ids.js';
import type { SecretBox } from '../../../lib/secrets.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { checkChannelConfig, checkChannelCredentials, openChannelCredentials, requireChannelType, sealChannelCredentials } from '../settings.js';

/** `tokenExpiresAt`: when the access token stops working (ISO date-time), null when it does not. */
export type ChannelCreateInput = { type: string; name?: string; config?: unknown; credentials?: unknown; tokenExpiresAt?: string | null; enabled?: boolean; sendsPerMinute?: number };
export type ChannelPatch = { name?: string; config?: unknown; credentials?: unknown; tokenExpiresAt?: string | null; enabled?: boolean; sendsPerMinute?: number };

const expiryOf = (value: string | null | undefined) => (value ? new Date(value) : null);

const audited = (channel: repo.ChannelRow) => ({ type: channel.type, name: channel.name, config: channel.config, hasCredentials: channel.credentials !== null, tokenExpiresAt: channel.tokenExpiresAt?.toISOString() ?? null, enabled: channel.enabled });

export async function createChannel(ctx: CommandContext, secrets: SecretBox, input: ChannelCreateInput): Promise<repo.ChannelRow> {
  const entry = requireChannelType(input.type);
  const config = checkChannelConfig(entry, input.config);
  const credentials = checkChannelCredentials(entry, input.credentials);
  return ctx.db.transaction(async (tx) => {
    const channel = await repo.insertChannel(tx, {
      id: newId('ch'),
      workspaceId: ctx.workspace.workspaceId,
      type: entry.type,
      name: input.name?.trim() || entry.defaultName,
      config,
      credentials: sealChannelCredentials(secrets, credentials),
      tokenExpiresAt: expiryOf(input.tokenExpiresAt),
      enabled: input.enabled ?? true,
      ...(input.sendsPerMinute !== undefined ? { sendsPerMinute: input.sendsPerMinute } : {}),
    });
    await recordAuditEvent(tx, ctx, { action: 'channel.created', entityType: 'channel', entityId: channel.id, after: audited(channel) });
    return channel;
  });
}

/**
 * Config given replaces the stored one (checked whole); each credential given replaces the stored one of
 * that name, absent ones stay (a form can replace the access token without retyping the app secret).
 * New credentials or a new token expiry start the channel's health afresh.
 */
export async function updateChannel(ctx: CommandContext, secrets: SecretBox, channelId: string, patch: ChannelPatch): Promise<repo.ChannelRow> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findChannel(tx, workspaceId, channelId, { forUpdate: true });
    if (!before) throw notFound('channel', channelId);
    const entry = requireChannelType(before.type);
    const channel = await repo.updateChannelRow(tx, workspaceId, channelId, {
      ...(patch.name !== undefined ? { name: patch.name.trim() || before.name } : {}),
      ...(patch.config !== undefined ? { config: checkChannelConfig(entry, patch.config) } : {}),
      ...(patch.credentials !== undefined ? { credentials: sealChannelCredentials(secrets, checkChannelCredentials(entry, mergeCredentials(secrets, before.credentials, patch.credentials))), health: 'ok', lastError: null, lastErrorAt: null, rateLimitedUntil: null } : {}),
      ...(patch.tokenExpiresAt !== undefined ? { tokenExpiresAt: expiryOf(patch.tokenExpiresAt), ...(before.health === 'token_expiring' || before.health === 'needs_reconnect' ? { health: 'ok' } : {}) } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      ...(patch.sendsPerMinute !== undefined ? { sendsPerMinute: patch.sendsPerMinute } : {}),
    });
    await recordAuditEvent(tx, ctx, { action: 'channel.updated', entityType: 'channel', entityId: channelId, before: audited(before), after: audited(channel) });
    return channel;
  });
}

function mergeCredentials(secrets: SecretBox, sealed: string | null, given: unknown): unknown {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return given;
  return { ...openChannelCredentials(secrets, sealed), ...given };
}

/** Removes a channel account and, with it, its conversations (the contacts and their timelines stay). */
export async function deleteChannel(ctx: CommandContext, channelId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findChannel(tx, workspaceId, channelId, { forUpdate: true });
    if (!before) throw notFound('channel', channelId);
    await repo.deleteChannelRow(tx, workspaceId, channelId);
    await recordAuditEvent(tx, ctx, { action: 'channel.deleted', entityType: 'channel', entityId: channelId, before: audited(before) });
  });
}
