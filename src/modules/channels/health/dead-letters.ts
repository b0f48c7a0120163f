// A channel's webhook deliveries that could not become inbox changes: dead letters (a payload the
// parsers could not read, or with nothing Parley handles) and ones that failed every attempt. They
// are listed with the reason and the start of the payload, and can be put back in the drain's queue
// once the cause is fixed (a parser update, the channel reconfigured).
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import type { WebhookEventState } from '../../../db/schema.js';
import { enqueueJob } from '../../../jobs/enqueue.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { findChannel } from '../repository.js';
import { DRAIN_JOB } from '../webhooks/drain-webhook-events.js';
import * as repo from './repository.js';

export async function listWebhookEvents(ctx: CommandContext, channelId: string, state: WebhookEventState, beforeId: number | null, limit: number): Promise<repo.WebhookEventRow[]> {
  const workspaceId = ctx.workspace.workspaceId;
  if (!(await findChannel(ctx.db, workspaceId, channelId))) throw notFound('channel', channelId);
  return repo.listWebhookEvents(ctx.db, workspaceId, channelId, state, beforeId, limit);
}

/** Re-queues a dead or failed event for the drain job, which is nudged at once. */
export async function retryWebhookEvent(ctx: CommandContext, channelId: string, eventId: number): Promise<repo.WebhookEventRow> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    if (!(await findChannel(tx, workspaceId, channelId))) throw notFound('channel', channelId);
    const event = await repo.requeueWebhookEvent(tx, workspaceId, channelId, eventId);
    if (!event) {
      const state = await repo.findWebhookEventState(tx, workspaceId, channelId, eventId);
      if (!state) throw notFound('webhook_event', String(eventId));
      throw new AppError('webhook_event.not_retryable', 409, `Webhook event ${eventId} is ${state}; only dead or failed events can be retried.`, { id: eventId, state });
    }
    await enqueueJob(tx, DRAIN_JOB, {}, { jobKey: DRAIN_JOB, jobKeyMode: 'preserve_run_at' });
    await recordAuditEvent(tx, ctx, { action: 'channel.webhook_event_retried', entityType: 'channel', entityId: channelId, after: { webhookEventId: eventId } });
    return event;
  });
}
