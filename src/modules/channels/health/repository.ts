// The only SQL of channel health: tokens about to expire, the webhook's first verified contact, and
// the dead letters of a channel's webhook. Every read and write names the workspace, except the
// ingress's mark (it knows the channel by id alone, from its URL) and the expiry sweep (all workspaces).
import { and, asc, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { channels, webhookEvents, type WebhookEventState } from '../../../db/schema.js';
import type { ChannelRow } from '../repository.js';

/** Enabled channels whose token expires before `before`, in all workspaces: the daily sweep's work list. */
export async function listChannelsWithTokenExpiringBefore(db: Executor, before: Date, afterId: string | null, limit: number): Promise<Pick<ChannelRow, 'id' | 'workspaceId'>[]> {
  return db
    .select({ id: channels.id, workspaceId: channels.workspaceId })
    .from(channels)
    .where(and(isNotNull(channels.tokenExpiresAt), lte(channels.tokenExpiresAt, before), eq(channels.enabled, true), afterId ? gt(channels.id, afterId) : undefined))
    .orderBy(asc(channels.id))
    .limit(limit);
}

export async function lockChannel(db: Executor, workspaceId: string, channelId: string): Promise<ChannelRow | null> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId)))
    .for('update', { skipLocked: true });
  return row ?? null;
}

export async function setChannelHealth(db: Executor, workspaceId: string, channelId: string, values: { health?: string; tokenExpiryNoticeFor?: Date; lastError?: string; lastErrorAt?: Date }): Promise<void> {
  await db
    .update(channels)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId)));
}

/** Records the platform's first verified contact; later ones change nothing (and write nothing). */
export async function markWebhookVerified(db: Executor, channelId: string): Promise<void> {
  await db.update(channels).set({ webhookVerifiedAt: sql`now()` }).where(and(eq(channels.id, channelId), isNull(channels.webhookVerifiedAt)));
}

export type WebhookEventRow = { id: number; state: WebhookEventState; receivedAt: Date; attempts: number; error: string | null; processedAt: Date | null; contentType: string | null; size: number; excerpt: string };

const EXCERPT_BYTES = 600;

const eventColumns = {
  id: webhookEvents.id,
  state: webhookEvents.state,
  receivedAt: webhookEvents.receivedAt,
  attempts: webhookEvents.attempts,
  error: webhookEvents.error,
  processedAt: webhookEvents.processedAt,
  contentType: webhookEvents.contentType,
  size: sql<number>`octet_length(${webhookEvents.body})::int`,
  // Only the start of the body leaves the database: a dead letter can be megabytes of JSON.
  head: sql<Buffer>`substring(${webhookEvents.body} from 1 for ${EXCERPT_BYTES})`,
};

// Bytes cut mid-character (or a body that is not text at all) decode with replacement characters, never an error.
const withExcerpt = ({ head, ...row }: Omit<WebhookEventRow, 'excerpt'> & { head: Buffer }): WebhookEventRow => ({ ...row, excerpt: Buffer.from(head).toString('utf8') });

/** A channel's webhook events in one state, newest first, paged by id. */
export async function listWebhookEvents(db: Executor, workspaceId: string, channelId: string, state: WebhookEventState, beforeId: number | null, limit: number): Promise<WebhookEventRow[]> {
  const rows = await db
    .select(eventColumns)
    .from(webhookEvents)
    .where(and(eq(webhookEvents.workspaceId, workspaceId), eq(webhookEvents.channelId, channelId), eq(webhookEvents.state, state), beforeId !== null ? lt(webhookEvents.id, beforeId) : undefined))
    .orderBy(desc(webhookEvents.id))
    .limit(limit + 1);
  return rows.map(withExcerpt);
}

/** Puts a dead or failed event back in the drain's queue as if just received; null when there is no such event to retry. */
export async function requeueWebhookEvent(db: Executor, workspaceId: string, channelId: string, eventId: number): Promise<WebhookEventRow | null> {
  const [row] = await db
    .update(webhookEvents)
    .set({ state: 'received', attempts: 0, retryAt: null, processedAt: null })
    .where(and(eq(webhookEvents.workspaceId, workspaceId), eq(webhookEvents.channelId, channelId), eq(webhookEvents.id, eventId), or(eq(webhookEvents.state, 'dead'), eq(webhookEvents.state, 'failed'))))
    .returning(eventColumns);
  return row ? withExcerpt(row) : null;
}

export async function findWebhookEventState(db: Executor, workspaceId: string, channelId: string, eventId: number): Promise<WebhookEventState | null> {
  const [row] = await db
    .select({ state: webhookEvents.state })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.workspaceId, workspaceId), eq(webhookEvents.channelId, channelId), eq(webhookEvents.id, eventId)));
  return row?.state ?? null;
}
