// Appends one interaction to a contact's timeline — the one write every module makes when something
// happens with a customer (a mention, a message, a note, a deal change, an order…). Idempotent by
// (sourceModule, sourceId), so webhooks and retried jobs can call it again safely.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { contacts, interactions, type InteractionKind } from '../../../db/schema.js';
import { emitEvent } from '../../../server/events.js';

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
  const occurredAt = input.occurredAt ?? new Date();
  const [row] = await tx
    .insert(interactions)
    .values({
      workspaceId: input.workspaceId,
      contactId: input.contactId,
      kind: input.kind,
      channel: input.channel ?? null,
      direction: input.direction ?? 'internal',
      occurredAt,
      summary: input.summary.slice(0, 500),
      body: input.body ?? null,
      sentiment: input.sentiment ?? null,
      sourceModule: input.sourceModule,
      sourceId: input.sourceId,
      actorMemberId: input.actorMemberId ?? null,
      data: input.data ?? {},
    })
    .onConflictDoNothing()
    .returning({ id: interactions.id });
  if (!row) return null;

  // Keep the profile's signals current: count, last contact, running sentiment average.
  const sentiment = input.sentiment ?? null;
  await tx
    .update(contacts)
    .set({
      interactionCount: sql`${contacts.interactionCount} + 1`,
      lastInteractionAt: sql`greatest(${contacts.lastInteractionAt}, ${occurredAt.toISOString()}::timestamptz)`,
      ...(sentiment === null
        ? {}
        : {
            sentimentAvg: sql`(coalesce(${contacts.sentimentAvg}, 0) * ${contacts.sentimentCount} + ${sentiment}) / (${contacts.sentimentCount} + 1)`,
            sentimentCount: sql`${contacts.sentimentCount} + 1`,
          }),
    })
    .where(sql`${contacts.id} = ${input.contactId} AND ${contacts.workspaceId} = ${input.workspaceId}`);
  await emitEvent(tx, input.workspaceId, 'interaction.created', { id: row.id, contactId: input.contactId, kind: input.kind });
  return row.id;
}
