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

/** Returns the interaction id, or null when this (sourceModule, sourceId) was already recorded. */
export async function recordInteraction(tx: Executor, input: NewInteraction): Promise<number | null> {
  const occurredAt = (input.occurredAt ?? new Date()).toISOString();
  const sentiment = input.sentiment ?? null;
  // One statement (it runs for every message and mention): the row, the profile's signals (count, last
  // contact, running sentiment average) and the real-time event, only when the row is new.
  const event = (id: SQL) =>
    sql`json_build_object('workspaceId', ${input.workspaceId}::text, 'type', 'interaction.created', 'data', json_build_object('id', ${id}, 'contactId', ${input.contactId}::text, 'kind', ${input.kind}::text), 'at', ${new Date().toISOString()}::text)::text`;
  const result = await tx.execute<{ id: string | number }>(sql`
    WITH inserted AS (
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
    )
    SELECT inserted.id, pg_notify(${EVENTS_CHANNEL}, ${event(sql`inserted.id`)}) FROM inserted`);
  const row = result.rows[0];
  return row ? Number(row.id) : null;
}
