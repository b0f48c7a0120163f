// Changes a member's role. Only owners make or unmake owners, and a workspace always keeps one owner.
import type { WorkspaceRole } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { canGrantRole } from '../roles.js';
import { findMember, lockOwners, updateMemberRole } from '../repository.js';
import { forgetWorkspaceAccess } from './resolve-workspace-access.js';

export function actingRole(ctx: CommandContext): WorkspaceRole {
  // API keys act as admins (see roles.ts).
  return ctx.workspace.role ?? 'admin';
}

export async function changeMemberRole(ctx: CommandContext, memberId: string, role: WorkspaceRole) {
  const workspaceId = ctx.workspace.workspaceId;
  const changed = await ctx.db.transaction(async (tx) => {
    const owners = await lockOwners(tx, workspaceId);
    const member = await findMember(tx, workspaceId, memberId);
    if (!member) throw notFound('member', memberId);
    const granter = actingRole(ctx);
    if (!canGrantRole(granter, role) || !canGrantRole(granter, member.role)) {
      throw new AppError('member.role_not_allowed', 403, `A ${granter} cannot change a ${member.role} into a ${role}.`, {
        from: member.role,
        to: role,
      });
    }
    if (member.role === 'owner' && role !== 'owner' && owners.length <= 1) {
      throw new AppError('member.last_owner', 422, 'A workspace needs at least one owner: make someone else an owner first.');
    }
    if (member.role === role) return { ...member };
    await updateMemberRole(tx, workspaceId, memberId, role);
    await recordAuditEvent(tx, ctx, {
      action: 'member.role_changed',
      entityType: 'member',
      entityId: memberId,
      before: { role: member.role, email: member.email },
      after: { role, email: member.email },
    });
    await emitEvent(tx, workspaceId, 'member.updated', { id: memberId });
    return { ...member, role };
  });
  forgetWorkspaceAccess(workspaceId);
  return changed;
}
