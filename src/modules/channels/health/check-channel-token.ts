// Asks the platform about a channel's access token and records what it said: when it expires (the
// daily expiry check warns from it) and, when the platform no longer accepts it, that the channel
// needs reconnecting. Meta's channels only: the other platforms' tokens do not expire.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import type { SecretBox } from '../../../lib/secrets.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as channelRepo from '../repository.js';
import { openChannelCredentials } from '../settings.js';
import { webhookPlatformOf } from '../webhooks/channel-settings.js';
import { debugMetaToken } from './meta-token.js';

export async function checkChannelToken(ctx: CommandContext, secrets: SecretBox, channelId: string): Promise<channelRepo.ChannelRow> {
  const workspaceId = ctx.workspace.workspaceId;
  const channel = await channelRepo.findChannel(ctx.db, workspaceId, channelId);
  if (!channel) throw notFound('channel', channelId);
  if (webhookPlatformOf[channel.type] !== 'meta') throw new AppError('channel.token_check_unavailable', 422, `${channel.type} channels' tokens cannot be checked with their platform (they do not expire).`, { type: channel.type });
  const accessToken = openChannelCredentials(secrets, channel.credentials).accessToken;
  if (typeof accessToken !== 'string' || !accessToken) throw new AppError('channel.no_access_token', 422, 'The channel has no access token stored; add one first.', { field: 'credentials.accessToken' });
  const apiBaseUrl = typeof channel.config.apiBaseUrl === 'string' ? channel.config.apiBaseUrl : undefined;
  // The platform is asked outside any transaction: a slow answer holds no lock.
  const info = await debugMetaToken(apiBaseUrl, accessToken);
  return ctx.db.transaction(async (tx) => {
    const updated = await channelRepo.updateChannelRow(tx, workspaceId, channelId, {
      tokenExpiresAt: info.expiresAt,
      ...(info.valid
        ? channel.health === 'needs_reconnect' || channel.health === 'token_expiring'
          ? { health: 'ok' }
          : {}
        : { health: 'needs_reconnect', lastError: 'Meta says the access token is no longer valid (expired or revoked): replace it to reconnect.', lastErrorAt: new Date() }),
    });
    await recordAuditEvent(tx, ctx, { action: 'channel.token_checked', entityType: 'channel', entityId: channelId, after: { valid: info.valid, tokenExpiresAt: info.expiresAt?.toISOString() ?? null } });
    return updated;
  });
}
