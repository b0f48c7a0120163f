// Assigns or escalates a mention to a team and/or a member with a note: stored on the mention, in the
// audit log, and as a notification to whoever should act (the member, else everyone in the team),
// never to the person assigning. Assigning to nobody clears it.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { getTeamMembers } from '../../workspaces/commands/get-team-members.js';
import * as repo from '../repository.js';

export type MentionAssignment = { teamId?: string | null; memberId?: string | null; note?: string };

export async function assignMention(ctx: CommandContext, mentionId: string, input: MentionAssignment) {
  const workspaceId = ctx.workspace.workspaceId;
  const mention = await repo.findMention(ctx.db, workspaceId, mentionId);
  if (!mention) throw notFound('mention', mentionId);
  const teamId = input.teamId ?? null;
  const memberId = input.memberId ?? null;
  const note = input.note?.trim() || null;
  if (!teamId && !memberId && note) throw new AppError('request.invalid', 400, 'A note needs a team or a member to go to.', { fields: [{ in: 'body', path: 'teamId', message: 'give a team or a member' }] });
  return ctx.db.transaction(async (tx) => {
    const team = teamId ? await getTeamMembers(tx, workspaceId, teamId) : null;
    if (memberId) await assertMember(tx, workspaceId, memberId, 'memberId');
    await repo.assignMention(tx, workspaceId, mentionId, { teamId, memberId, note, byMemberId: ctx.workspace.memberId });
    await recordAuditEvent(tx, ctx, {
      action: teamId || memberId ? 'mention.assigned' : 'mention.unassigned',
      entityType: 'mention',
      entityId: mentionId,
      before: { teamId: mention.assignedTeamId, memberId: mention.assignedMemberId, note: mention.assignmentNote },
      after: { teamId, memberId, note },
    });
    const recipients = memberId ? [memberId] : (team?.memberIds ?? []);
    const who = mention.authorHandle ? `@${mention.authorHandle}` : (mention.authorName ?? 'someone');
    for (const recipient of new Set(recipients)) {
      if (recipient === ctx.workspace.memberId) continue;
      await notifyMember(tx, {
        workspaceId,
        memberId: recipient,
        kind: 'mention_assigned',
        title: `${ctx.actor.label} assigned you a mention by ${who}${team && !memberId ? ` (team ${team.name})` : ''}`,
        body: note ?? mention.text.slice(0, 280),
        link: `/listening/mentions/${mentionId}`,
      });
    }
    await emitEvent(tx, workspaceId, 'mention.updated', { mentionId });
  });
}
