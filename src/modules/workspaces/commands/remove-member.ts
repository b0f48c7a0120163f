import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { canGrantRole } from '../roles.js';
import { deleteMember, findMember, lockOwners } from '../repository.js';
import { actingRole } from './change-member-role.js';
import { forgetWorkspaceAccess } from './resolve-workspace-access.js';

export async function removeMember(ctx: CommandContext, memberId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const owners = await lockOwners(tx, workspaceId);
    const member = await findMember(tx, workspaceId, memberId);
    if (!member) throw notFound('member', memberId);
    const isSelf = ctx.workspace.memberId === memberId;
    if (!isSelf && !canGrantRole(actingRole(ctx), member.role)) {
      throw new AppError('member.role_not_allowed', 403, `A ${actingRole(ctx)} cannot remove a ${member.role}.`);
    }
    if (member.role === 'owner' && owners.length <= 1) {
      throw new AppError('member.last_owner', 422, 'The last owner cannot leave or be removed: make someone else an owner first.');
    }
    await deleteMember(tx, workspaceId, memberId);
    await recordAuditEvent(tx, ctx, {
      action: 'member.removed',
      entityType: 'member',
      entityId: memberId,
      before: { userId: member.userId, email: member.email, role: member.role },
    });
    await emitEvent(tx, workspaceId, 'member.removed', { id: memberId, userId: member.userId });
  });
  forgetWorkspaceAccess(workspaceId);
}
