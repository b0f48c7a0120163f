// Writing a note on a contact, deal or company: mentions are checked and notified, and a note on a
// contact goes on its timeline.
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import { excerpt, mentionsAsText } from '../mentions.js';
import * as repo from '../repository.js';
import type { NoteCreateInput } from '../schema.js';
import { checkedMentions, notifyNewMentions } from './notify-mentions.js';
import { resolveTargets } from './resolve-targets.js';

export async function createNote(ctx: CommandContext, input: NoteCreateInput): Promise<repo.NoteWithAuthor> {
  const workspaceId = ctx.workspace.workspaceId;
  const noteId = await ctx.db.transaction(async (tx) => {
    const targets = await resolveTargets(tx, workspaceId, { contactId: input.contactId, dealId: input.dealId, companyId: input.companyId });
    const mentionedMemberIds = await checkedMentions(tx, workspaceId, input.body);
    const note = await repo.insertNote(tx, {
      id: newId('note'),
      workspaceId,
      body: input.body,
      mentionedMemberIds,
      authorMemberId: ctx.workspace.memberId,
      contactId: targets.contactId ?? null,
      dealId: targets.dealId ?? null,
      companyId: targets.companyId ?? null,
    });
    if (note.contactId) {
      await recordInteraction(tx, {
        workspaceId,
        contactId: note.contactId,
        kind: 'note',
        summary: excerpt(note.body, 200),
        body: mentionsAsText(note.body),
        sourceModule: 'activities',
        sourceId: note.id,
        actorMemberId: ctx.workspace.memberId,
        data: { noteId: note.id },
      });
    }
    await notifyNewMentions(tx, ctx, note, []);
    await recordAuditEvent(tx, ctx, {
      action: 'note.created',
      entityType: 'note',
      entityId: note.id,
      after: { body: note.body, contactId: note.contactId, dealId: note.dealId, companyId: note.companyId },
    });
    await emitEvent(tx, workspaceId, 'note.created', { id: note.id, contactId: note.contactId, dealId: note.dealId, companyId: note.companyId });
    return note.id;
  });
  return (await repo.findNote(ctx.db, workspaceId, noteId))!;
}
