// Adding an identity to a contact by hand, and detaching one (it then belongs to nobody until the
// person is seen again and resolved).
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newSortableId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { normalizeIdentity, type IdentityInput } from '../identity.js';
import * as repo from '../repository.js';
import { getContact } from './get-contact.js';
import { refreshSignals } from './refresh-signals.js';

export async function addIdentity(ctx: CommandContext, contactId: string, input: IdentityInput) {
  const workspaceId = ctx.workspace.workspaceId;
  const identity = normalizeIdentity(input);
  return ctx.db.transaction(async (tx) => {
    const contact = await getContact(tx, workspaceId, contactId);
    const taken = await repo.findIdentity(tx, workspaceId, identity.channel, identity.externalId);
    if (taken) {
      throw new AppError(
        'contact.identity_taken',
        409,
        taken.contactId === contact.id ? 'This contact already has that identity.' : 'That identity belongs to another contact: merge the two contacts instead.',
        { contactId: taken.contactId, identityId: taken.id },
      );
    }
    const created = await repo.insertIdentity(tx, { id: newSortableId('idn'), workspaceId, contactId: contact.id, ...identity });
    await refreshSignals(tx, workspaceId, contact.id);
    await recordAuditEvent(tx, ctx, {
      action: 'contact.identity_added',
      entityType: 'contact',
      entityId: contact.id,
      after: { channel: identity.channel, externalId: identity.externalId, handle: identity.handle ?? null },
    });
    await emitEvent(tx, workspaceId, 'contact.updated', { id: contact.id });
    return created!;
  });
}

export async function removeIdentity(ctx: CommandContext, contactId: string, identityId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const contact = await getContact(tx, workspaceId, contactId);
    const identity = await repo.findIdentityById(tx, workspaceId, identityId);
    if (!identity || identity.contactId !== contact.id) throw notFound('identity', identityId);
    await repo.deleteIdentity(tx, workspaceId, identityId);
    await refreshSignals(tx, workspaceId, contact.id);
    await recordAuditEvent(tx, ctx, {
      action: 'contact.identity_removed',
      entityType: 'contact',
      entityId: contact.id,
      before: { channel: identity.channel, externalId: identity.externalId, handle: identity.handle },
    });
    await emitEvent(tx, workspaceId, 'contact.updated', { id: contact.id });
  });
}
