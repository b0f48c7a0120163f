// Changes a contact's fields; the audit log keeps exactly the fields that changed, before and after.
import type { z } from 'zod';
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { validateCustomFields } from '../custom-fields.js';
import * as repo from '../repository.js';
import { assertCompany, cleanEmail, cleanPhone, contactFieldsSchema, normalizeTags } from './create-contact.js';
import { getContact } from './get-contact.js';
import { setLifecycleStage } from './set-lifecycle-stage.js';

export const contactUpdateSchema = contactFieldsSchema.partial();
export type ContactUpdateInput = z.infer<typeof contactUpdateSchema>;

export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      from[key] = before[key] ?? null;
      to[key] = after[key] ?? null;
    }
  }
  return { from, to, changed: Object.keys(to).length > 0 };
}

export async function updateContact(ctx: CommandContext, contactId: string, input: ContactUpdateInput) {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const contact = await getContact(tx, workspaceId, contactId);
    const { lifecycleStage, customFields, tags, email, phone, ...rest } = input;
    const patch: Record<string, unknown> = { ...rest };
    if (email !== undefined) patch.email = cleanEmail(email) ?? null;
    if (phone !== undefined) patch.phone = cleanPhone(phone) ?? null;
    if (tags !== undefined) patch.tags = normalizeTags(tags);
    if (customFields !== undefined) patch.customFields = await validateCustomFields(tx, workspaceId, 'contact', contact.customFields, customFields);
    if (input.companyId) await assertCompany(tx, workspaceId, input.companyId);
    if (input.ownerMemberId) await assertMember(tx, workspaceId, input.ownerMemberId);
    const { from, to, changed } = changedFields(contact as unknown as Record<string, unknown>, patch);
    if (changed) {
      await repo.updateContactRow(tx, workspaceId, contact.id, to);
      await recordAuditEvent(tx, ctx, { action: 'contact.updated', entityType: 'contact', entityId: contact.id, before: from, after: to });
      await emitEvent(tx, workspaceId, 'contact.updated', { id: contact.id });
    }
    if (lifecycleStage) {
      await setLifecycleStage(tx, ctx, contact.id, lifecycleStage, { sourceModule: 'contacts', sourceId: `${contact.id}:${Date.now()}` });
    }
    return getContact(tx, workspaceId, contact.id);
  });
}
