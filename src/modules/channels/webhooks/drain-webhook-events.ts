// channels.webhooks.drain: turns stored webhook deliveries into inbox changes, oldest first. Events
// are claimed in batches with FOR UPDATE SKIP LOCKED inside a transaction held while the batch is
// processed, so several workers share the work and a worker that dies releases its claim at once (the
// events stay 'received' and the next drain takes them: processing is idempotent, messages being
// stored once per platform message id). A batch's messages enter the inbox together (receiveMessages). The ingress nudges this job after each commit; the cron
// each minute picks up retries and anything a crash left behind.
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { channels, webhookEvents } from '../../../db/schema.js';
import { defineJob } from '../../../jobs/define.js';
import { receiveMessage, receiveMessages } from '../../inbox/commands/receive-message.js';
import { queueMediaFetch } from '../media/fetch-media.js';
import { parseWebhook, WebhookParseError } from '../parse-webhook.js';
import type { InboundEvent, InboundMessage, WebhookChannelType } from '../inbound.js';
import { queueCallbackAnswer } from '../telegram/telegram-driver.js';
import { applyMessageUpdate } from './apply-message-update.js';
import { applyTemplateStatus } from '../whatsapp/sync-templates.js';
import type { WebhookPlatform } from './verify.js';

export const DRAIN_JOB = 'channels.webhooks.drain';
/** A failing event is tried this many times (backing off), then left 'failed' with its error. */
export const MAX_ATTEMPTS = 5;
const BATCH = 100;
const RUN_BUDGET_MS = 10_000;
/** Threads processed at once (each holds a database connection while its message is stored) */
const LANES = 4;

type ClaimedEvent = { id: number; workspace_id: string; channel_id: string; platform: WebhookPlatform; body: Buffer; attempts: number; channel_type: string; channel_health: string };

export type EventOutcome = { state: 'processed' } | { state: 'dead'; reason: string } | { state: 'retry' | 'failed'; error: string };
export type DrainResult = { processed: number; dead: number; retried: number; failed: number; /** stopped by the time budget with events still due */ more?: boolean };

export const drainWebhookEventsJob = defineJob({
  id: DRAIN_JOB,
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, deps, helpers) => {
    // A bounded run, so a worker shutting down waits seconds, not the whole backlog; the rest is the next run's.
    const result = await drainWebhookEvents(deps.db, { budgetMs: RUN_BUDGET_MS, log: (message, data) => helpers.logger.warn(`${message} ${JSON.stringify(data)}`) });
    if (result.more) await helpers.addJob(DRAIN_JOB, {}, { jobKey: DRAIN_JOB });
    if (result.processed + result.dead + result.failed + result.retried > 0) helpers.logger.info(`webhook events drained: ${JSON.stringify(result)}`);
  },
});

const toMessageInput = (event: ClaimedEvent, message: InboundMessage) => ({
  workspaceId: event.workspace_id,
  channelId: event.channel_id,
  externalThreadId: message.externalThreadId,
  externalMessageId: message.externalMessageId,
  visibility: message.visibility,
  sender: message.sender,
  text: message.text.slice(0, 20_000),
  attachments: message.attachments.slice(0, 20),
  ...(message.replyToExternalId ? { replyToExternalId: message.replyToExternalId } : {}),
  occurredAt: message.occurredAt,
  ...(message.subject ? { subject: message.subject } : {}),
  ...(message.data ? { data: message.data } : {}),
});

type ReadDelivery = { events: InboundEvent[] } | { dead: string };

/** The events of one stored delivery, or why it is a dead letter. */
function readDelivery(event: ClaimedEvent): ReadDelivery {
  let document: unknown;
  try {
    document = JSON.parse(event.body.toString('utf8'));
  } catch (error) {
    return { dead: `not JSON: ${(error as Error).message}` };
  }
  try {
    return { events: parseWebhook(event.platform, event.channel_type as WebhookChannelType, document) };
  } catch (error) {
    if (error instanceof WebhookParseError) return { dead: error.message };
    throw error;
  }
}

/** Applies a delivery's events; throws only on failures worth retrying (the database, a bug). */
async function applyDelivery(db: Database, event: ClaimedEvent, events: InboundEvent[]): Promise<EventOutcome> {
  const unsupported: string[] = [];
  let applied = 0;
  for (const inbound of events) {
    if (inbound.kind === 'unsupported') unsupported.push(`${inbound.type}: ${inbound.reason}`);
    else if (inbound.kind === 'message') {
      const received = await receiveMessage(db, toMessageInput(event, inbound));
      // WhatsApp and Telegram files arrive as ids: a job downloads them into the inbox.
      await queueMediaFetch(db, { workspaceId: event.workspace_id, channelId: event.channel_id }, { messageId: received.messageId, attachments: inbound.attachments });
      // A pressed Telegram button spins until the bot answers the callback.
      if (event.channel_type === 'telegram') await queueCallbackAnswer(db, { workspaceId: event.workspace_id, channelId: event.channel_id }, inbound);
      applied += 1;
    } else if (inbound.kind === 'template_status') {
      await applyTemplateStatus(db, { workspaceId: event.workspace_id, channelId: event.channel_id }, inbound);
      applied += 1;
    } else {
      await applyMessageUpdate(db, { workspaceId: event.workspace_id, channelId: event.channel_id }, inbound);
      applied += 1;
    }
  }
  if (applied === 0) return { state: 'dead', reason: unsupported.length ? unsupported.join('; ').slice(0, 2000) : 'no events in the delivery' };
  return { state: 'processed' };
}

/** Reads one stored delivery and applies what it says; throws only on failures worth retrying (the database, a bug). */
export async function processWebhookEvent(db: Database, event: ClaimedEvent): Promise<EventOutcome> {
  const read = readDelivery(event);
  return 'dead' in read ? { state: 'dead', reason: read.dead } : applyDelivery(db, event, read.events);
}

/**
 * Processes a claimed batch. The deliveries that carry only messages go through the inbox together, in
 * one receiveMessages batch (set-based, the messages of one thread in order); statuses, reactions and
 * edits come after the batch's messages, so they find them. Should the batch fail as a whole (a
 * deadlock, a bug), its deliveries are taken again one by one — those of different threads at once,
 * LANES at a time — so one bad delivery cannot hold the others back.
 */
async function processBatch(db: Database, rows: ClaimedEvent[]): Promise<Map<number, EventOutcome>> {
  const outcomes = new Map<number, EventOutcome>();
  const failure = (row: ClaimedEvent, error: unknown): EventOutcome => ({ state: row.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'retry', error: describeFailure(error).slice(0, 2000) });
  const attempt = async (row: ClaimedEvent, events: InboundEvent[]) => {
    try {
      outcomes.set(row.id, await applyDelivery(db, row, events));
    } catch (error) {
      outcomes.set(row.id, failure(row, error));
    }
  };
  const messageOnly: { row: ClaimedEvent; events: InboundEvent[] }[] = [];
  const afterMessages: { row: ClaimedEvent; events: InboundEvent[] }[] = [];
  for (const row of rows) {
    let read: ReadDelivery;
    try {
      read = readDelivery(row);
    } catch (error) {
      outcomes.set(row.id, failure(row, error));
      continue;
    }
    if ('dead' in read) {
      outcomes.set(row.id, { state: 'dead', reason: read.dead });
      continue;
    }
    const onlyMessages = read.events.some((inbound) => inbound.kind === 'message') && read.events.every((inbound) => inbound.kind === 'message' || inbound.kind === 'unsupported');
    (onlyMessages ? messageOnly : afterMessages).push({ row, events: read.events });
  }
  try {
    await receiveTogether(db, messageOnly, outcomes, failure);
  } catch {
    const lanes = new Map<string, { row: ClaimedEvent; events: InboundEvent[] }[]>();
    for (const delivery of messageOnly) {
      const message = delivery.events.find((inbound): inbound is InboundMessage => inbound.kind === 'message')!;
      const key = `${delivery.row.channel_id} ${message.externalThreadId}`;
      lanes.set(key, [...(lanes.get(key) ?? []), delivery]);
    }
    const queue = [...lanes.values()];
    await Promise.all(
      Array.from({ length: Math.min(LANES, queue.length) }, async () => {
        for (let lane = queue.shift(); lane; lane = queue.shift()) for (const { row, events } of lane) await attempt(row, events);
      }),
    );
  }
  for (const { row, events } of afterMessages) await attempt(row, events);
  return outcomes;
}

/** The messages of these deliveries in one receiveMessages batch, then each one's follow-up jobs; throws when the batch fails as a whole. */
async function receiveTogether(
  db: Database,
  deliveries: { row: ClaimedEvent; events: InboundEvent[] }[],
  outcomes: Map<number, EventOutcome>,
  failure: (row: ClaimedEvent, error: unknown) => EventOutcome,
): Promise<void> {
  const messages = deliveries.flatMap(({ row, events }) => events.flatMap((inbound) => (inbound.kind === 'message' ? [{ row, inbound }] : [])));
  if (messages.length === 0) return;
  const received = await receiveMessages(db, messages.map(({ row, inbound }) => toMessageInput(row, inbound)));
  const failed = new Map<number, Error>();
  for (const [n, { row, inbound }] of messages.entries()) {
    const outcome = received[n]!;
    if ('error' in outcome) {
      if (!failed.has(row.id)) failed.set(row.id, outcome.error);
      continue;
    }
    try {
      // WhatsApp and Telegram files arrive as ids: a job downloads them into the inbox.
      await queueMediaFetch(db, { workspaceId: row.workspace_id, channelId: row.channel_id }, { messageId: outcome.messageId, attachments: inbound.attachments });
      // A pressed Telegram button spins until the bot answers the callback.
      if (row.channel_type === 'telegram') await queueCallbackAnswer(db, { workspaceId: row.workspace_id, channelId: row.channel_id }, inbound);
    } catch (error) {
      if (!failed.has(row.id)) failed.set(row.id, error as Error);
    }
  }
  for (const { row } of deliveries) outcomes.set(row.id, failed.has(row.id) ? failure(row, failed.get(row.id)) : { state: 'processed' });
}

/** The database's own words rather than Drizzle's "Failed query: <the whole SQL and its parameters>". */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
}

const backoffSeconds = (attempts: number) => 10 * 2 ** (attempts - 1);

/** Drains until nothing is due (or `maxBatches` batches, or `budgetMs` has passed: then `more`), returning what happened. */
export async function drainWebhookEvents(db: Database, options: { maxBatches?: number; budgetMs?: number; log?: (message: string, data: Record<string, unknown>) => void } = {}): Promise<DrainResult> {
  const total: DrainResult = { processed: 0, dead: 0, retried: 0, failed: 0 };
  const log = options.log ?? ((message, data) => console.warn(JSON.stringify({ level: 40, msg: message, ...data })));
  const deadline = options.budgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.budgetMs;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    if (Date.now() >= deadline) {
      total.more = true;
      break;
    }
    const claimed = await db.transaction(async (tx) => {
      const result = await tx.execute<ClaimedEvent>(sql`
        SELECT e.id, e.workspace_id, e.channel_id, e.platform, e.body, e.attempts, c.type AS channel_type, c.health AS channel_health
        FROM webhook_events e JOIN channels c ON c.id = e.channel_id
        WHERE e.state = 'received' AND (e.retry_at IS NULL OR e.retry_at <= now())
        ORDER BY e.id
        LIMIT ${BATCH}
        FOR UPDATE OF e SKIP LOCKED`);
      const rows = result.rows;
      const channelNews = new Map<string, { health: string; error?: string }>();
      const outcomes = await processBatch(db, rows);
      const processed: number[] = [];
      for (const row of rows) {
        const outcome = outcomes.get(row.id)!;
        const attempts = row.attempts + 1;
        if (outcome.state === 'processed') {
          processed.push(row.id);
          if (row.channel_health === 'failing') channelNews.set(row.channel_id, { health: 'ok' });
        } else if (outcome.state === 'dead') {
          log('webhook event kept as a dead letter', { webhookEventId: row.id, channelId: row.channel_id, reason: outcome.reason });
          await tx.update(webhookEvents).set({ state: 'dead', attempts, error: outcome.reason, processedAt: sql`now()` }).where(eq(webhookEvents.id, row.id));
        } else {
          log(outcome.state === 'failed' ? 'webhook event failed for good' : 'webhook event failed; will retry', { webhookEventId: row.id, channelId: row.channel_id, attempts, error: outcome.error });
          await tx
            .update(webhookEvents)
            .set(outcome.state === 'failed' ? { state: 'failed', attempts, error: outcome.error, retryAt: null } : { attempts, error: outcome.error, retryAt: sql`now() + make_interval(secs => ${backoffSeconds(attempts)})` })
            .where(eq(webhookEvents.id, row.id));
          if (outcome.state === 'failed') channelNews.set(row.channel_id, { health: 'failing', error: `Webhook event ${row.id} could not be processed: ${outcome.error}` });
        }
        total[outcome.state === 'retry' ? 'retried' : outcome.state] += 1;
      }
      if (processed.length > 0) {
        await tx
          .update(webhookEvents)
          .set({ state: 'processed', attempts: sql`${webhookEvents.attempts} + 1`, error: null, retryAt: null, processedAt: sql`now()` })
          .where(inArray(webhookEvents.id, processed));
      }
      for (const [channelId, news] of channelNews) {
        await tx
          .update(channels)
          .set({ health: news.health, ...(news.error ? { lastError: news.error.slice(0, 2000), lastErrorAt: sql`now()` } : {}) })
          .where(eq(channels.id, channelId));
      }
      return rows.length;
    });
    if (claimed < BATCH) break;
  }
  return total;
}
