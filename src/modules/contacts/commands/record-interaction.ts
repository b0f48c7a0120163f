// Appends one interaction to a contact's timeline — the one write every module makes when something
// happens with a customer (a mention, a message, a note, a deal change, an order…). Idempotent by
// (sourceModule, sourceId), so webhooks and retried jobs can call it again safely.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { contacts, interactions, type InteractionKind } from '../../../db/schema.js';
import { EVENTS_CHANNEL } from '../../../server/events.js';

export type NewInteraction = {
  workspaceId: string;
  contactId: string;
  kind: InteractionKind;
  channel?: string | null;
  direction?: 'inbound' | 'outbound' | 'internal';
  occurredAt?: Date;
  summary: string;
  body?: string | null;
  /** -1 … 1, when the module knows it (mentions, messages) */
  sentiment?: number | null;
  sourceModule: string;
  sourceId: string;
  actorMemberId?: string | null;
  data?: Record<string, unknown>;
};

/**
 * The interaction's writes as a statement's WITH part (`inserted`: the new row's id, none when this
 * (sourceModule, sourceId) was already recorded; `signals`: the contact's counters) and the SELECT
 * item that sends its real-time event: for a caller that writes more in the same round trip.
 */
export function interactionSql(input: NewInteraction): { with: SQL; notify: SQL } {
  const occurredAt = (input.occurredAt ?? new Date()).toISOString();
  const sentiment = input.sentiment ?? null;
  const event = sql`json_build_object('workspaceId', ${input.workspaceId}::text, 'type', 'interaction.created', 'data', json_build_object('id', inserted.id, 'contactId', ${input.contactId}::text, 'kind', ${input.kind}::text), 'at', ${new Date().toISOString()}::text)::text`;
  return {
    with: sql`
    inserted AS (
      INSERT INTO ${interactions} (workspace_id, contact_id, kind, channel, direction, occurred_at, summary, body, sentiment, source_module, source_id, actor_member_id, data)
      VALUES (${input.workspaceId}, ${input.contactId}, ${input.kind}, ${input.channel ?? null}, ${input.direction ?? 'internal'}, ${occurredAt}::timestamptz,
              ${input.summary.slice(0, 500)}, ${input.body ?? null}, ${sentiment}::real, ${input.sourceModule}, ${input.sourceId}, ${input.actorMemberId ?? null},
              ${JSON.stringify(input.data ?? {})}::jsonb)
      ON CONFLICT DO NOTHING
      RETURNING id
    ), signals AS (
      UPDATE ${contacts} SET
        interaction_count = interaction_count + 1,
        last_interaction_at = greatest(last_interaction_at, ${occurredAt}::timestamptz)
        ${sentiment === null ? sql`` : sql`, sentiment_avg = (coalesce(sentiment_avg, 0) * sentiment_count + ${sentiment}::real) / (sentiment_count + 1), sentiment_count = sentiment_count + 1`}
      WHERE id = ${input.contactId} AND workspace_id = ${input.workspaceId} AND EXISTS (SELECT 1 FROM inserted)
    )`,
    notify: sql`(SELECT pg_notify(${EVENTS_CHANNEL}, ${event}) FROM inserted)`,
  };
}

/** Returns the interaction id, or null when this (sourceModule, sourceId) was already recorded. */
export async function recordInteraction(tx: Executor, input: NewInteraction): Promise<number | null> {
  // One statement (it runs for every message and mention): the row, the profile's signals (count, last
  // contact, running sentiment average) and the real-time event, only when the row is new.
  const { with: writes, notify } = interactionSql(input);
  const result = await tx.execute<{ id: string | number | null }>(sql`WITH ${writes} SELECT (SELECT id FROM inserted) AS id, ${notify} AS notified`);
  const id = result.rows[0]?.id;
  return id === null || id === undefined ? null : Number(id);
}
