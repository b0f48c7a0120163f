// Bulk edit from the contact list: owner, lifecycle stage and tags of many contacts at once.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { textArray } from '../../../lib/sql.js';
import { contacts, lifecycleStages } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { normalizeTags } from './create-contact.js';
import { setLifecycleStage } from './set-lifecycle-stage.js';

export const bulkEditSchema = z.object({
  ids: z.array(z.string().max(100)).min(1).max(1000),
  ownerMemberId: z.string().max(100).nullish(),
  lifecycleStage: z.enum(lifecycleStages).optional(),
  addTags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  removeTags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
});

export async function bulkEditContacts(ctx: CommandContext, input: z.infer<typeof bulkEditSchema>): Promise<number> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    if (input.ownerMemberId) await assertMember(tx, workspaceId, input.ownerMemberId);
    const targets = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, input.ids), isNull(contacts.mergedIntoId)));
    const ids = targets.map((row) => row.id);
    if (ids.length === 0) return 0;
    const add = normalizeTags(input.addTags) ?? [];
    const remove = normalizeTags(input.removeTags) ?? [];
    const set: Record<string, unknown> = { updatedAt: new Date() };
    if (input.ownerMemberId !== undefined) set.ownerMemberId = input.ownerMemberId;
    if (add.length > 0 || remove.length > 0) {
      set.tags = sql`ARRAY(SELECT DISTINCT t FROM unnest(array_cat(${contacts.tags}, ${textArray(add)})) t WHERE NOT (t = ANY(${textArray(remove)})) ORDER BY t)`;
    }
    await tx.update(contacts).set(set).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids)));
    if (input.lifecycleStage) {
      for (const id of ids) await setLifecycleStage(tx, ctx, id, input.lifecycleStage, { sourceModule: 'contacts', sourceId: `bulk:${ctx.requestId ?? Date.now()}:${id}` });
    }
    await recordAuditEvent(tx, ctx, {
      action: 'contact.bulk_updated',
      entityType: 'contact',
      entityId: ids.length === 1 ? ids[0]! : `${ids.length} contacts`,
      after: { ids, ownerMemberId: input.ownerMemberId, lifecycleStage: input.lifecycleStage, addTags: add, removeTags: remove },
    });
    await emitEvent(tx, workspaceId, 'contacts.bulk_updated', { count: ids.length });
    return ids.length;
  });
}
