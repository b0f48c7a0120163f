// Teams (departments such as sales, marketing, service, product) and who belongs to them.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { isUniqueViolation } from '../../../db/errors.js';


const duplicateName = (name: string) =>
  new AppError('team.name_taken', 409, `A team named "${name}" already exists in this workspace.`, { name });

export async function createTeam(ctx: CommandContext, input: { name: string; description?: string }) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const team = await repo.insertTeam(tx, {
        id: newId('team'),
        workspaceId,
        name: input.name.trim(),
        description: input.description?.trim() ?? '',
      });
      await recordAuditEvent(tx, ctx, {
        action: 'team.created',
        entityType: 'team',
        entityId: team.id,
        after: { name: team.name, description: team.description },
      });
      await emitEvent(tx, workspaceId, 'team.created', { id: team.id });
      return team;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(input.name.trim());
    throw error;
  }
}

export async function updateTeam(ctx: CommandContext, teamId: string, patch: { name?: string; description?: string }) {
  const workspaceId = ctx.workspace.workspaceId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const before = await repo.findTeam(tx, workspaceId, teamId);
      if (!before) throw notFound('team', teamId);
      const after = await repo.updateTeam(tx, workspaceId, teamId, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
      });
      await recordAuditEvent(tx, ctx, {
        action: 'team.updated',
        entityType: 'team',
        entityId: teamId,
        before: { name: before.name, description: before.description },
        after: { name: after!.name, description: after!.description },
      });
      await emitEvent(tx, workspaceId, 'team.updated', { id: teamId });
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error) && patch.name) throw duplicateName(patch.name.trim());
    throw error;
  }
}

export async function deleteTeam(ctx: CommandContext, teamId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findTeam(tx, workspaceId, teamId);
    if (!before) throw notFound('team', teamId);
    await repo.deleteTeam(tx, workspaceId, teamId);
    await recordAuditEvent(tx, ctx, {
      action: 'team.deleted',
      entityType: 'team',
      entityId: teamId,
      before: { name: before.name, description: before.description },
    });
    await emitEvent(tx, workspaceId, 'team.deleted', { id: teamId });
  });
}

export async function setTeamMembership(ctx: CommandContext, teamId: string, memberId: string, belongs: boolean) {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const team = await repo.findTeam(tx, workspaceId, teamId);
    if (!team) throw notFound('team', teamId);
    const member = await repo.findMember(tx, workspaceId, memberId);
    if (!member) throw notFound('member', memberId);
    const changed = belongs
      ? await repo.addTeamMember(tx, workspaceId, teamId, memberId)
      : await repo.removeTeamMember(tx, workspaceId, teamId, memberId);
    if (!changed) return;
    await recordAuditEvent(tx, ctx, {
      action: belongs ? 'team.member_added' : 'team.member_removed',
      entityType: 'team',
      entityId: teamId,
      before: belongs ? null : { memberId, email: member.email, team: team.name },
      after: belongs ? { memberId, email: member.email, team: team.name } : null,
    });
    await emitEvent(tx, workspaceId, 'team.updated', { id: teamId });
  });
}
