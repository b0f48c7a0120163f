// Editing a note: only its author or an admin may; only mentions added by the edit are notified.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { checkedMentions, notifyNewMentions } from './notify-mentions.js';

/** Authors change their own notes; owners and admins (and full API keys, which act as an admin) any note. */
export function requireNoteEditor(ctx: CommandContext, note: repo.NoteRow): void {
  const { role, memberId } = ctx.workspace;
  const isAdmin = role === 'owner' || role === 'admin' || (role === null && ctx.actor.type === 'api_key');
  if (isAdmin || (memberId !== null && note.authorMemberId === memberId)) return;
  throw new AppError('note.not_author', 403, 'Only the author of a note, or an admin, can change or delete it.', { id: note.id });
}

export async function updateNote(ctx: CommandContext, noteId: string, input: { body: string }): Promise<repo.NoteWithAuthor> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findNote(tx, workspaceId, noteId);
    if (!before) throw notFound('note', noteId);
    requireNoteEditor(ctx, before);
    const mentionedMemberIds = await checkedMentions(tx, workspaceId, input.body);
    await repo.updateNote(tx, workspaceId, noteId, { body: input.body, mentionedMemberIds });
    const after = (await repo.findNote(tx, workspaceId, noteId))!;
    await notifyNewMentions(tx, ctx, after, before.mentionedMemberIds);
    await recordAuditEvent(tx, ctx, { action: 'note.updated', entityType: 'note', entityId: noteId, before: { body: before.body }, after: { body: after.body } });
    await emitEvent(tx, workspaceId, 'note.updated', { id: noteId, contactId: after.contactId, dealId: after.dealId, companyId: after.companyId });
  });
  return (await repo.findNote(ctx.db, workspaceId, noteId))!;
}
