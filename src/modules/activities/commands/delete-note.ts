// Deleting a note (its author or an admin). The timeline entry it made stays, as history.
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { requireNoteEditor } from './update-note.js';

export async function deleteNote(ctx: CommandContext, noteId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findNote(tx, workspaceId, noteId);
    if (!before) throw notFound('note', noteId);
    requireNoteEditor(ctx, before);
    await repo.deleteNote(tx, workspaceId, noteId);
    await recordAuditEvent(tx, ctx, {
      action: 'note.deleted',
      entityType: 'note',
      entityId: noteId,
      before: { body: before.body, authorMemberId: before.authorMemberId, contactId: before.contactId, dealId: before.dealId, companyId: before.companyId },
    });
    await emitEvent(tx, workspaceId, 'note.deleted', { id: noteId, contactId: before.contactId, dealId: before.dealId, companyId: before.companyId });
  });
}
