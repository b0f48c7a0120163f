// Deleting a task. Its timeline entries stay: they record what happened.
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { auditedTask } from './create-task.js';

export async function deleteTask(ctx: CommandContext, taskId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findTask(tx, workspaceId, taskId);
    if (!before) throw notFound('task', taskId);
    await repo.deleteTask(tx, workspaceId, taskId);
    await recordAuditEvent(tx, ctx, { action: 'task.deleted', entityType: 'task', entityId: taskId, before: auditedTask(before) });
    await emitEvent(tx, workspaceId, 'task.deleted', { id: taskId });
  });
}
