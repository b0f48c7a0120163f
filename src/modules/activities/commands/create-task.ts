// Creating a task: checks the assignee and what it is attached to, puts it on the contact's
// timeline, and tells the assignee when someone else gave it to them.
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import { taskLink } from '../links.js';
import * as repo from '../repository.js';
import type { TaskCreateInput } from '../schema.js';
import { notifyMember } from './notify-member.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { resolveTargets } from './resolve-targets.js';

export const auditedTask = (task: repo.TaskRow) => ({
  title: task.title,
  status: task.status,
  dueAt: task.dueAt?.toISOString() ?? null,
  remindAt: task.remindAt?.toISOString() ?? null,
  assigneeMemberId: task.assigneeMemberId,
  contactId: task.contactId,
  dealId: task.dealId,
  companyId: task.companyId,
});

export async function notifyAssignee(tx: Parameters<typeof notifyMember>[0], ctx: CommandContext, task: repo.TaskRow): Promise<void> {
  if (!task.assigneeMemberId || task.assigneeMemberId === ctx.workspace.memberId) return;
  await notifyMember(tx, {
    workspaceId: task.workspaceId,
    memberId: task.assigneeMemberId,
    kind: 'task_assigned',
    title: `${ctx.actor.label} assigned you a task`,
    body: task.title,
    link: taskLink(task.id),
  });
}

export async function createTask(ctx: CommandContext, input: TaskCreateInput): Promise<repo.TaskWithNames> {
  const workspaceId = ctx.workspace.workspaceId;
  const taskId = await ctx.db.transaction(async (tx) => {
    const targets = await resolveTargets(tx, workspaceId, { contactId: input.contactId, dealId: input.dealId, companyId: input.companyId });
    const assigneeMemberId = input.assigneeMemberId === undefined ? ctx.workspace.memberId : input.assigneeMemberId;
    if (assigneeMemberId) await assertMember(tx, workspaceId, assigneeMemberId, 'assigneeMemberId');

    const task = await repo.insertTask(tx, {
      id: newId('task'),
      workspaceId,
      title: input.title,
      description: input.description?.trim() ?? '',
      dueAt: input.dueAt ?? null,
      remindAt: input.remindAt ?? null,
      assigneeMemberId,
      contactId: targets.contactId ?? null,
      dealId: targets.dealId ?? null,
      companyId: targets.companyId ?? null,
      createdBy: ctx.workspace.memberId ?? ctx.actor.id,
    });
    if (task.contactId) {
      await recordInteraction(tx, {
        workspaceId,
        contactId: task.contactId,
        kind: 'task',
        summary: `Task created: ${task.title}`,
        body: task.description || null,
        sourceModule: 'activities',
        sourceId: `${task.id}:created`,
        actorMemberId: ctx.workspace.memberId,
        data: { taskId: task.id, dueAt: task.dueAt?.toISOString() ?? null, assigneeMemberId: task.assigneeMemberId },
      });
    }
    await notifyAssignee(tx, ctx, task);
    await recordAuditEvent(tx, ctx, { action: 'task.created', entityType: 'task', entityId: task.id, after: auditedTask(task) });
    await emitEvent(tx, workspaceId, 'task.created', { id: task.id, assigneeMemberId: task.assigneeMemberId });
    return task.id;
  });
  return (await repo.findTask(ctx.db, workspaceId, taskId))!;
}
