// Mentions in a note: every id must be a member of this workspace, and each member is notified the
// first time they appear in the note (never the author, never twice for the same note).
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { recordLink } from '../links.js';
import { excerpt, extractMentionIds } from '../mentions.js';
import type { NoteRow } from '../repository.js';
import { notifyMember } from './notify-member.js';
import { requireMembers } from './resolve-targets.js';

/** The mentioned member ids of a body, checked against the workspace (400 naming any unknown id). */
export async function checkedMentions(tx: Executor, workspaceId: string, body: string): Promise<string[]> {
  const ids = extractMentionIds(body);
  await requireMembers(tx, workspaceId, ids, 'note.unknown_mention', 'Mentioned member');
  return ids;
}

export async function notifyNewMentions(tx: Executor, ctx: CommandContext, note: NoteRow, alreadyMentioned: string[]): Promise<string[]> {
  const fresh = note.mentionedMemberIds.filter((memberId) => !alreadyMentioned.includes(memberId) && memberId !== note.authorMemberId);
  for (const memberId of fresh) {
    await notifyMember(tx, {
      workspaceId: note.workspaceId,
      memberId,
      kind: 'mention',
      title: `${ctx.actor.label} mentioned you`,
      body: excerpt(note.body),
      link: recordLink(note),
    });
  }
  return fresh;
}
