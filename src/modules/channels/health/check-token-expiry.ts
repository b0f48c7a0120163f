// channels.check_token_expiry, daily: tells the members who may manage channels that a channel's
// access token expires within TOKEN_WARNING_DAYS — before it stops working, not after — and marks the
// channel token_expiring; an expired token marks it needs_reconnect. One notice per channel and expiry
// date: the date told about is kept on the channel (token_expiry_notice_for), in the same transaction
// as the notices, so a second run or a racing worker tells nobody twice; a replaced token (a new
// date) is a new notice. Each channel is its own transaction, so one failure stays with its channel.
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { defineJob } from '../../../jobs/define.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import { listMembersWhoMay } from '../../workspaces/commands/list-members-who-may.js';
import { daysUntil, TOKEN_WARNING_DAYS } from './channel-health.js';
import * as repo from './repository.js';

export const CHECK_TOKEN_EXPIRY_JOB = 'channels.check_token_expiry';
const BATCH = 200;
const DAY_MS = 86_400_000;

export type TokenExpiryResult = { warned: number; expired: number; notices: number; failed: number };

export const channelSettingsLink = (channelId: string) => `/settings/channels?channel=${encodeURIComponent(channelId)}`;

type Outcome = 'warned' | 'expired' | null;

async function checkChannel(db: Database, workspaceId: string, channelId: string, now: Date): Promise<{ outcome: Outcome; notices: number }> {
  return db.transaction(async (tx) => {
    const channel = await repo.lockChannel(tx, workspaceId, channelId);
    const expiresAt = channel?.tokenExpiresAt;
    if (!channel || !channel.enabled || !expiresAt || expiresAt.getTime() - now.getTime() > TOKEN_WARNING_DAYS * DAY_MS) return { outcome: null, notices: 0 };
    const expired = expiresAt.getTime() <= now.getTime();
    const date = expiresAt.toISOString().slice(0, 10);
    if (expired && channel.health !== 'needs_reconnect') {
      await repo.setChannelHealth(tx, workspaceId, channelId, { health: 'needs_reconnect', lastError: `The access token expired on ${date}: replace it to reconnect the channel.`, lastErrorAt: now });
    } else if (!expired && channel.health === 'ok') {
      await repo.setChannelHealth(tx, workspaceId, channelId, { health: 'token_expiring' });
    }
    if (channel.tokenExpiryNoticeFor?.getTime() === expiresAt.getTime()) return { outcome: null, notices: 0 };

    const days = Math.max(1, daysUntil(expiresAt, now));
    const title = expired ? `${channel.name}: access token expired — reconnect the channel` : `${channel.name}: access token expires in ${days} day${days === 1 ? '' : 's'}`;
    const body = expired
      ? `It expired on ${date}; nothing is sent or received until a new token is stored in Settings → Channels.`
      : `Replace it in Settings → Channels before ${date}, or messages on this channel stop going out.`;
    const recipients = await listMembersWhoMay(tx, workspaceId, 'channels.manage');
    for (const member of recipients) await notifyMember(tx, { workspaceId, memberId: member.id, kind: 'channel_health', title, body, link: channelSettingsLink(channelId) });
    await repo.setChannelHealth(tx, workspaceId, channelId, { tokenExpiryNoticeFor: expiresAt });
    return { outcome: expired ? 'expired' : 'warned', notices: recipients.length };
  });
}

/** One sweep at `now` (the job passes the clock; tests pass their own). */
export async function checkTokenExpiry(db: Database, now: Date = new Date(), log: (message: string) => void = () => {}): Promise<TokenExpiryResult> {
  const result: TokenExpiryResult = { warned: 0, expired: 0, notices: 0, failed: 0 };
  const horizon = new Date(now.getTime() + TOKEN_WARNING_DAYS * DAY_MS);
  for (let afterId: string | null = null; ; ) {
    const due = await repo.listChannelsWithTokenExpiringBefore(db, horizon, afterId, BATCH);
    for (const channel of due) {
      try {
        const { outcome, notices } = await checkChannel(db, channel.workspaceId, channel.id, now);
        if (outcome) result[outcome] += 1;
        result.notices += notices;
      } catch (error) {
        result.failed += 1;
        log(`token expiry check of channel ${channel.id} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (due.length < BATCH) break;
    afterId = due[due.length - 1]!.id;
  }
  return result;
}

export const checkTokenExpiryJob = defineJob({
  id: CHECK_TOKEN_EXPIRY_JOB,
  payload: z.object({}).passthrough(),
  // Daily, early in the (UTC) morning: a notice is waiting when people start work.
  cron: '0 6 * * *',
  handler: async (_payload, { db }, helpers) => {
    const result = await checkTokenExpiry(db, new Date(), (message) => helpers.logger.warn(message));
    if (result.warned + result.expired + result.failed > 0) helpers.logger.info(`channel token expiry: ${JSON.stringify(result)}`);
  },
});
