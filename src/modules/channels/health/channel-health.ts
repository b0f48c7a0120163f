// What a channel card says about its account: one state worth acting on, worked out from what the
// send job, the webhook ingress and the token-expiry job recorded on the channel. The stored `health`
// is what those writers saw; the state here also weighs the clock (a token expiring, a rate limit
// still running) and whether the platform has reached us yet.
import { webhookPlatformOf } from '../webhooks/channel-settings.js';
import type { ChannelRow } from '../repository.js';

export const channelHealthStates = ['ok', 'disabled', 'needs_reconnect', 'token_expiring', 'rate_limited', 'failing', 'webhook_unverified'] as const;
export type ChannelHealthState = (typeof channelHealthStates)[number];

/** Admins are told this long before a token stops working. */
export const TOKEN_WARNING_DAYS = 7;
const DAY_MS = 86_400_000;

export type ChannelHealth = { state: ChannelHealthState; summary: string; tokenExpiresInDays: number | null };

type HealthInputs = Pick<ChannelRow, 'type' | 'enabled' | 'health' | 'lastError' | 'tokenExpiresAt' | 'webhookVerifiedAt' | 'rateLimitedUntil'>;

/** Whole days left, rounded up: a token expiring in 2 days and 3 hours has "3 days" left to act on. */
export const daysUntil = (at: Date, now: Date) => Math.ceil((at.getTime() - now.getTime()) / DAY_MS);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function channelHealthOf(channel: HealthInputs, now: Date = new Date()): ChannelHealth {
  const expiresAt = channel.tokenExpiresAt;
  const tokenExpiresInDays = expiresAt ? daysUntil(expiresAt, now) : null;
  const at = (state: ChannelHealthState, summary: string): ChannelHealth => ({ state, summary, tokenExpiresInDays });
  if (!channel.enabled) return at('disabled', 'Turned off: nothing is sent or received.');
  if (channel.health === 'needs_reconnect' || (expiresAt && expiresAt.getTime() <= now.getTime())) {
    return at('needs_reconnect', expiresAt && expiresAt.getTime() <= now.getTime() ? 'The access token has expired: replace it to reconnect.' : 'The platform refused the credentials (revoked or expired): replace them to reconnect.');
  }
  if (channel.rateLimitedUntil && channel.rateLimitedUntil.getTime() > now.getTime()) {
    return at('rate_limited', `The platform asked us to slow down; sends wait until ${channel.rateLimitedUntil.toISOString()}.`);
  }
  if (tokenExpiresInDays !== null && tokenExpiresInDays <= TOKEN_WARNING_DAYS) {
    return at('token_expiring', `The access token expires in ${plural(Math.max(1, tokenExpiresInDays), 'day')}: replace it before then.`);
  }
  if (channel.health === 'failing') return at('failing', channel.lastError ?? 'Recent deliveries failed.');
  if (webhookPlatformOf[channel.type] && !channel.webhookVerifiedAt) {
    return at('webhook_unverified', 'Nothing from the platform has reached Parley yet (no verified handshake or signed delivery): finish setting up the webhook.');
  }
  return at('ok', 'Nothing to do: messages arrive and replies go out.');
}
