// GDPR access request: one document with everything Parley holds about a contact and the contacts
// merged into it — fields, identities, consents, timeline, deals, tasks, notes, duplicate
// suggestions, merges and the audit events about them.
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { findContact } from '../../contacts/commands/get-contact.js';
import { mergedFamily } from '../../contacts/repository.js';
import * as repo from '../repository.js';

export async function exportPersonalData(ctx: CommandContext, contactId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  const contact = await findContact(ctx.db, workspaceId, contactId);
  if (!contact) throw notFound('contact', contactId);
  const family = await mergedFamily(ctx.db, workspaceId, contact.id);
  const [people, identities, consents, interactions, deals, tasks, notes, duplicateSuggestions, merges] = await Promise.all([
    repo.contactsById(ctx.db, workspaceId, family),
    repo.identitiesOf(ctx.db, workspaceId, family),
    repo.consentsOf(ctx.db, workspaceId, family),
    repo.interactionsOf(ctx.db, workspaceId, family),
    repo.dealsOf(ctx.db, workspaceId, family),
    repo.tasksOf(ctx.db, workspaceId, family),
    repo.notesOf(ctx.db, workspaceId, family),
    repo.duplicatesOf(ctx.db, workspaceId, family),
    repo.mergesOf(ctx.db, workspaceId, family),
  ]);
  const auditEvents = await repo.auditEventsAbout(ctx.db, workspaceId, [
    ...family,
    ...identities.map((row) => row.id),
    ...tasks.map((row) => row.id),
    ...notes.map((row) => row.id),
  ]);
  await ctx.db.transaction((tx) =>
    recordAuditEvent(tx, ctx, { action: 'contact.personal_data_exported', entityType: 'contact', entityId: contact.id, after: { contacts: family.length } }),
  );
  return {
    exportedAt: new Date().toISOString(),
    contact: people.find((row) => row.id === contact.id) ?? contact,
    mergedContacts: people.filter((row) => row.id !== contact.id),
    identities,
    consents,
    interactions,
    deals,
    tasks,
    notes,
    duplicateSuggestions,
    merges,
    auditEvents,
  };
}
