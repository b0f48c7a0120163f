import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { findWorkspace, updateWorkspace as updateWorkspaceRow } from '../repository.js';

export async function updateWorkspace(ctx: CommandContext, patch: { name: string }) {
  return ctx.db.transaction(async (tx) => {
    const before = await findWorkspace(tx, ctx.workspace.workspaceId);
    if (!before) throw notFound('workspace');
    const after = await updateWorkspaceRow(tx, ctx.workspace.workspaceId, { name: patch.name.trim() });
    await recordAuditEvent(tx, ctx, {
      action: 'workspace.updated',
      entityType: 'workspace',
      entityId: before.id,
      before: { name: before.name },
      after: { name: after!.name },
    });
    await emitEvent(tx, before.id, 'workspace.updated', { id: before.id });
    return after!;
  });
}
