// Changing a task: fields given are changed; done/open sets or clears the completion time; a new
// reminder time re-arms the reminder; a new assignee (other than the caller) is notified.
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { recordInteraction } from '../../contacts/commands/record-interaction.js';
import type { tasks } from '../../../db/schema.js';
import * as repo from '../repository.js';
import type { TaskUpdateInput } from '../schema.js';
import { auditedTask, notifyAssignee } from './create-task.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { resolveTargets } from './resolve-targets.js';

export async function updateTask(ctx: CommandContext, taskId: string, input: TaskUpdateInput): Promise<repo.TaskWithNames> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findTask(tx, workspaceId, taskId);
    if (!before) throw notFound('task', taskId);
    const targets = await resolveTargets(tx, workspaceId, { contactId: input.contactId, dealId: input.dealId, companyId: input.companyId });
    if (input.assigneeMemberId) await assertMember(tx, workspaceId, input.assigneeMemberId, 'assigneeMemberId');

    const patch: Partial<typeof tasks.$inferInsert> = {};
    if (input.title !== undefined) patch.title = input.title;
    if (input.description !== undefined) patch.description = input.description.trim();
    if (input.dueAt !== undefined) patch.dueAt = input.dueAt;
    if (input.remindAt !== undefined) {
      patch.remindAt = input.remindAt;
      if ((input.remindAt?.getTime() ?? null) !== (before.remindAt?.getTime() ?? null)) patch.remindedAt = null;
    }
    if (input.assigneeMemberId !== undefined) patch.assigneeMemberId = input.assigneeMemberId;
    if (targets.contactId !== undefined) patch.contactId = targets.contactId;
    if (targets.dealId !== undefined) patch.dealId = targets.dealId;
    if (targets.companyId !== undefined) patch.companyId = targets.companyId;
    if (input.status !== undefined && input.status !== before.status) {
      patch.status = input.status;
      patch.completedAt = input.status === 'done' ? new Date() : null;
    }
    await repo.updateTask(tx, workspaceId, taskId, patch);
    const after = (await repo.findTask(tx, workspaceId, taskId))!;

    if (after.contactId && patch.status === 'done') {
      // Recorded once per task: completing it again after reopening does not repeat the timeline entry.
      await recordInteraction(tx, {
        workspaceId,
        contactId: after.contactId,
        kind: 'task',
        summary: `Task completed: ${after.title}`,
        sourceModule: 'activities',
        sourceId: `${after.id}:done`,
        actorMemberId: ctx.workspace.memberId,
        data: { taskId: after.id },
      });
    }
    if (after.assigneeMemberId !== before.assigneeMemberId) await notifyAssignee(tx, ctx, after);
    await recordAuditEvent(tx, ctx, { action: 'task.updated', entityType: 'task', entityId: taskId, before: auditedTask(before), after: auditedTask(after) });
    await emitEvent(tx, workspaceId, 'task.updated', { id: taskId, assigneeMemberId: after.assigneeMemberId });
  });
  return (await repo.findTask(ctx.db, workspaceId, taskId))!;
}
