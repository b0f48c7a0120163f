// Moves a contact to a lifecycle stage (subscriber → lead → … → customer → advocate, or churned),
// with its timeline entry and audit record. Other domains call it, e.g. a won deal makes a customer.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { contacts, type LifecycleStage } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { getContact } from './get-contact.js';
import { recordInteraction } from './record-interaction.js';

export async function setLifecycleStage(
  tx: Executor,
  ctx: Omit<CommandContext, 'db'>,
  contactId: string,
  stage: LifecycleStage,
  reason: { sourceModule: string; sourceId: string; summary?: string },
): Promise<boolean> {
  const workspaceId = ctx.workspace.workspaceId;
  const contact = await getContact(tx, workspaceId, contactId);
  if (contact.lifecycleStage === stage) return false;
  const now = new Date();
  await tx
    .update(contacts)
    .set({
      lifecycleStage: stage,
      lifecycleChangedAt: now,
      updatedAt: now,
      ...(stage === 'customer' && !contact.becameCustomerAt ? { becameCustomerAt: now } : {}),
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contact.id)));
  await recordInteraction(tx, {
    workspaceId,
    contactId: contact.id,
    kind: 'lifecycle_change',
    summary: reason.summary ?? `Lifecycle stage: ${contact.lifecycleStage} → ${stage}`,
    sourceModule: reason.sourceModule,
    sourceId: `${reason.sourceId}:lifecycle:${stage}`,
    actorMemberId: ctx.workspace.memberId,
    data: { from: contact.lifecycleStage, to: stage },
  });
  await recordAuditEvent(tx, ctx, {
    action: 'contact.lifecycle_changed',
    entityType: 'contact',
    entityId: contact.id,
    before: { lifecycleStage: contact.lifecycleStage },
    after: { lifecycleStage: stage },
  });
  await emitEvent(tx, workspaceId, 'contact.updated', { id: contact.id });
  return true;
}
