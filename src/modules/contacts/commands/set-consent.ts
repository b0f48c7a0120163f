// Consent per channel: may we message this person there, and when and how they said so.
import { z } from 'zod';
import { consentStatuses } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { getContact } from './get-contact.js';

export const consentInputSchema = z.object({
  status: z.enum(consentStatuses),
  method: z.string().trim().min(1).max(200).describe('How consent was given or withdrawn, e.g. "web form", "replied STOP", "double opt-in email"'),
  note: z.string().max(1000).optional(),
  recordedAt: z.iso.datetime({ offset: true }).optional().describe('When it was given; defaults to now'),
});

export async function setConsent(ctx: CommandContext, contactId: string, channel: string, input: z.infer<typeof consentInputSchema>) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const contact = await getContact(tx, workspaceId, contactId);
    const before = (await repo.consentsOf(tx, workspaceId, contact.id)).find((consent) => consent.channel === channel);
    await repo.upsertConsent(tx, {
      workspaceId,
      contactId: contact.id,
      channel,
      status: input.status,
      method: input.method,
      note: input.note ?? '',
      recordedAt: input.recordedAt ? new Date(input.recordedAt) : new Date(),
      recordedBy: ctx.actor.label,
    });
    await recordAuditEvent(tx, ctx, {
      action: 'contact.consent_changed',
      entityType: 'contact',
      entityId: contact.id,
      before: before ? { channel, status: before.status, method: before.method } : null,
      after: { channel, status: input.status, method: input.method },
    });
    await emitEvent(tx, workspaceId, 'contact.updated', { id: contact.id });
  });
}
