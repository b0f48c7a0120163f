// SLA policies (ordered; the first enabled one that fits a conversation applies) and the business
// hours of each team they are measured in. After any change the workspace's unresolved conversations
// are measured again by a job (inbox.refresh_workspace_sla, a few seconds later, once per burst).
import type { WeeklyHours } from '../../../db/schema.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { getTeamMembers } from '../../workspaces/commands/get-team-members.js';
import type { Executor } from '../../../db/client.js';
import { enqueueJob } from '../../../jobs/enqueue.js';
import * as repo from '../sla/repository.js';
import type { PolicyInput, PolicyPatch } from '../sla/schema.js';

export const REFRESH_WORKSPACE_SLA_JOB = 'inbox.refresh_workspace_sla';

/** Re-measures the workspace's open conversations once the change commits; a burst of edits makes one run. */
async function remeasureLater(tx: Executor, workspaceId: string): Promise<void> {
  await enqueueJob(tx, REFRESH_WORKSPACE_SLA_JOB, { workspaceId }, { jobKey: `${REFRESH_WORKSPACE_SLA_JOB}:${workspaceId}`, runAt: new Date(Date.now() + 5000), maxAttempts: 5 });
}

const invalid = (path: string, message: string) =>
  new AppError('request.invalid', 400, `${path} ${message}.`, { fields: [{ in: 'body', path, message }] });

async function checkEscalation(db: Executor, workspaceId: string, escalation: PolicyInput['escalation']): Promise<void> {
  if (escalation.reassignTeamId) {
    try {
      await getTeamMembers(db, workspaceId, escalation.reassignTeamId);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) throw invalid('escalation.reassignTeamId', 'is not a team of this workspace');
      throw error;
    }
  }
  if (escalation.reassignMemberId) await assertMember(db, workspaceId, escalation.reassignMemberId, 'escalation.reassignMemberId');
  for (const memberId of escalation.notifyMemberIds ?? []) await assertMember(db, workspaceId, memberId, 'escalation.notifyMemberIds');
}

const checkTargets = (policy: Pick<PolicyInput, 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes'>) => {
  if (policy.firstResponseMinutes === null && policy.nextResponseMinutes === null && policy.resolutionMinutes === null) {
    throw invalid('firstResponseMinutes', 'or another target is needed: a policy without targets measures nothing');
  }
};

const audited = (row: repo.SlaPolicyRow) => ({
  name: row.name,
  enabled: row.enabled,
  position: row.position,
  priorities: row.priorities,
  channelTypes: row.channelTypes,
  firstResponseMinutes: row.firstResponseMinutes,
  nextResponseMinutes: row.nextResponseMinutes,
  resolutionMinutes: row.resolutionMinutes,
  warnBeforeMinutes: row.warnBeforeMinutes,
  businessHours: row.businessHours,
  escalation: row.escalation,
});

export async function createSlaPolicy(ctx: CommandContext, input: PolicyInput): Promise<repo.SlaPolicyRow> {
  const workspaceId = ctx.workspace.workspaceId;
  checkTargets(input);
  await checkEscalation(ctx.db, workspaceId, input.escalation);
  return ctx.db.transaction(async (tx) => {
    await repo.lockPolicies(tx, workspaceId);
    const policy = await repo.insertPolicy(tx, { id: newId('sla'), workspaceId, position: await repo.nextPosition(tx, workspaceId), ...input });
    await recordAuditEvent(tx, ctx, { action: 'sla_policy.created', entityType: 'sla_policy', entityId: policy.id, after: audited(policy) });
    await remeasureLater(tx, workspaceId);
    await emitEvent(tx, workspaceId, 'sla_policy.created', { id: policy.id });
    return policy;
  });
}

export async function updateSlaPolicy(ctx: CommandContext, policyId: string, patch: PolicyPatch): Promise<repo.SlaPolicyRow> {
  const workspaceId = ctx.workspace.workspaceId;
  if (patch.escalation) await checkEscalation(ctx.db, workspaceId, patch.escalation);
  return ctx.db.transaction(async (tx) => {
    await repo.lockPolicies(tx, workspaceId);
    const before = await repo.findPolicy(tx, workspaceId, policyId);
    if (!before) throw notFound('sla_policy', policyId);
    checkTargets({ ...before, ...patch });
    const after = (await repo.updatePolicy(tx, workspaceId, policyId, patch))!;
    await recordAuditEvent(tx, ctx, { action: 'sla_policy.updated', entityType: 'sla_policy', entityId: policyId, before: audited(before), after: audited(after) });
    await remeasureLater(tx, workspaceId);
    await emitEvent(tx, workspaceId, 'sla_policy.updated', { id: policyId });
    return after;
  });
}

/** Deletes a policy; conversations it measured keep their due times until their next refresh picks another. */
export async function deleteSlaPolicy(ctx: CommandContext, policyId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    await repo.lockPolicies(tx, workspaceId);
    const before = await repo.findPolicy(tx, workspaceId, policyId);
    if (!before) throw notFound('sla_policy', policyId);
    await repo.deletePolicy(tx, workspaceId, policyId);
    await repo.setPositions(tx, workspaceId, (await repo.listPolicies(tx, workspaceId)).map((policy) => policy.id));
    await recordAuditEvent(tx, ctx, { action: 'sla_policy.deleted', entityType: 'sla_policy', entityId: policyId, before: audited(before) });
    await remeasureLater(tx, workspaceId);
    await emitEvent(tx, workspaceId, 'sla_policy.deleted', { id: policyId });
  });
}

/** Puts the policies in the given order; the list must name each policy of the workspace once. */
export async function reorderSlaPolicies(ctx: CommandContext, orderedIds: string[]): Promise<repo.SlaPolicyRow[]> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    await repo.lockPolicies(tx, workspaceId);
    const current = await repo.listPolicies(tx, workspaceId);
    const known = new Set(current.map((policy) => policy.id));
    if (new Set(orderedIds).size !== orderedIds.length || orderedIds.length !== known.size || orderedIds.some((id) => !known.has(id))) {
      throw invalid('ids', `must list each of the ${known.size} policies of this workspace exactly once`);
    }
    await repo.setPositions(tx, workspaceId, orderedIds);
    await recordAuditEvent(tx, ctx, {
      action: 'sla_policy.reordered',
      entityType: 'sla_policy',
      entityId: workspaceId,
      before: { order: current.map((policy) => policy.id) },
      after: { order: orderedIds },
    });
    await remeasureLater(tx, workspaceId);
    await emitEvent(tx, workspaceId, 'sla_policy.updated', { ids: orderedIds });
    return repo.listPolicies(tx, workspaceId);
  });
}

export type BusinessHoursInput = { timezone: string; weeklyHours: WeeklyHours | null; holidays: string[] };

export async function getTeamBusinessHours(db: Executor, workspaceId: string, teamId: string): Promise<repo.TeamCalendarRow | undefined> {
  await getTeamMembers(db, workspaceId, teamId);
  return repo.findTeamCalendar(db, workspaceId, teamId);
}

export async function setTeamBusinessHours(ctx: CommandContext, teamId: string, input: BusinessHoursInput): Promise<repo.TeamCalendarRow> {
  const workspaceId = ctx.workspace.workspaceId;
  await getTeamMembers(ctx.db, workspaceId, teamId);
  const holidays = [...new Set(input.holidays)].sort();
  const weeklyHours = input.weeklyHours
    ? (Object.fromEntries(Object.entries(input.weeklyHours).map(([day, intervals]) => [day, [...intervals].sort((a, b) => a[0] - b[0])])) as WeeklyHours)
    : null;
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findTeamCalendar(tx, workspaceId, teamId);
    const after = await repo.upsertTeamCalendar(tx, workspaceId, teamId, { timezone: input.timezone, weeklyHours, holidays });
    await recordAuditEvent(tx, ctx, {
      action: 'team.business_hours_changed',
      entityType: 'team',
      entityId: teamId,
      before: before ? { timezone: before.timezone, weeklyHours: before.weeklyHours, holidays: before.holidays } : null,
      after: { timezone: after.timezone, weeklyHours: after.weeklyHours, holidays: after.holidays },
    });
    await remeasureLater(tx, workspaceId);
    await emitEvent(tx, workspaceId, 'team.updated', { id: teamId });
    return after;
  });
}
