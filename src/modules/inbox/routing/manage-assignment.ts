// Agents' availability and capacity, and a team's assignment method: what autoAssign reads. An agent
// sets their own status; changing someone else's, or a team's method, needs inbox.manage.
import type { Executor } from '../../../db/client.js';
import type { AgentAvailability, AssignmentMethod } from '../../../db/tables/inbox.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, forbidden, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { hasPermission } from '../../workspaces/roles.js';
import * as inbox from '../repository.js';
import * as repo from './repository.js';

const canManage = (ctx: CommandContext) =>
  ctx.workspace.role ? hasPermission(ctx.workspace.role, 'inbox.manage') : ctx.actor.type === 'api_key' ? ctx.actor.scopes.includes('all') : ctx.actor.type === 'system';

/** The member whose status this is: yourself by default; another member only with inbox.manage. */
async function targetMember(ctx: CommandContext, memberId: string | undefined, write: boolean): Promise<string> {
  const own = ctx.workspace.memberId;
  const target = memberId ?? own;
  if (!target) throw new AppError('request.invalid', 400, 'An API key has no status of its own: say whose it is (memberId).', { fields: [{ in: 'body', path: 'memberId', message: 'is required' }] });
  if (write && target !== own && !canManage(ctx)) throw forbidden('inbox.manage');
  if (target !== own && (await inbox.findMembers(ctx.db, ctx.workspace.workspaceId, [target])).length === 0) throw notFound('member', target);
  return target;
}

export async function getAgentStatus(ctx: CommandContext, memberId?: string): Promise<repo.AgentStatusRow> {
  const target = await targetMember(ctx, memberId, false);
  const [status] = await repo.agentStatusesOf(ctx.db, ctx.workspace.workspaceId, [target]);
  return status!;
}

export async function setAgentStatus(ctx: CommandContext, input: { memberId?: string; availability?: AgentAvailability; capacity?: number }): Promise<repo.AgentStatusRow> {
  const workspaceId = ctx.workspace.workspaceId;
  const target = await targetMember(ctx, input.memberId, true);
  await ctx.db.transaction(async (tx) => {
    await repo.upsertAgentStatus(tx, workspaceId, target, { availability: input.availability, capacity: input.capacity });
    await emitEvent(tx, workspaceId, 'agent_status.updated', { memberId: target, availability: input.availability ?? null });
  });
  const [status] = await repo.agentStatusesOf(ctx.db, workspaceId, [target]);
  return status!;
}

export type TeamAssignment = { teamId: string; assignmentMethod: AssignmentMethod; managerMemberId: string | null; agents: repo.AgentStatusRow[] };

export async function getTeamAssignment(db: Executor, workspaceId: string, teamId: string): Promise<TeamAssignment> {
  if ((await inbox.findTeams(db, workspaceId, [teamId])).length === 0) throw notFound('team', teamId);
  const settings = await repo.findTeamSettings(db, workspaceId, teamId);
  return {
    teamId,
    assignmentMethod: settings?.assignmentMethod ?? 'manual',
    managerMemberId: settings?.managerMemberId ?? null,
    agents: await repo.agentStatusesOf(db, workspaceId, await inbox.teamMemberIds(db, workspaceId, teamId)),
  };
}

/** Sets how a team's conversations are assigned (the team's calendar fields belong to the SLA settings). */
export async function setTeamAssignment(ctx: CommandContext, teamId: string, input: { assignmentMethod?: AssignmentMethod; managerMemberId?: string | null }): Promise<TeamAssignment> {
  const workspaceId = ctx.workspace.workspaceId;
  const before = await getTeamAssignment(ctx.db, workspaceId, teamId);
  if (input.managerMemberId && (await inbox.findMembers(ctx.db, workspaceId, [input.managerMemberId])).length === 0) {
    throw new AppError('request.invalid', 400, `managerMemberId: no member ${input.managerMemberId} in this workspace.`, { fields: [{ in: 'body', path: 'managerMemberId', message: 'is not a member of this workspace' }] });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.upsertTeamAssignment(tx, workspaceId, teamId, input);
    await recordAuditEvent(tx, ctx, {
      action: 'team.assignment_updated',
      entityType: 'team',
      entityId: teamId,
      before: { assignmentMethod: before.assignmentMethod, managerMemberId: before.managerMemberId },
      after: { assignmentMethod: input.assignmentMethod ?? before.assignmentMethod, managerMemberId: input.managerMemberId === undefined ? before.managerMemberId : input.managerMemberId },
    });
    await emitEvent(tx, workspaceId, 'team.updated', { id: teamId });
  });
  return getTeamAssignment(ctx.db, workspaceId, teamId);
}
