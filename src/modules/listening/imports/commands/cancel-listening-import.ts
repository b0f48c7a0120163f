// Cancels a queued or running import: the state changes and the file is deleted in one transaction.
// A running job notices before its next chunk (and its commit of the current one is refused), so
// what was stored before stays and nothing more is.
import type { CommandContext } from '../../../../server/context.js';
import { AppError, notFound } from '../../../../server/errors.js';
import { emitEvent } from '../../../../server/events.js';
import { recordAuditEvent } from '../../../audit/commands/record-audit-event.js';
import { progressOf } from '../progress.js';
import * as repo from '../repository.js';

export async function cancelListeningImport(ctx: CommandContext, importId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const current = await repo.findImport(tx, workspaceId, importId, { forUpdate: true });
    if (!current) throw notFound('listening_import', importId);
    if (current.state !== 'queued' && current.state !== 'running') {
      throw new AppError('listening_import.finished', 409, `This import is ${current.state}; only a queued or running import can be cancelled.`, { state: current.state });
    }
    const cancelled = (await repo.setState(tx, workspaceId, importId, ['queued', 'running'], { state: 'cancelled', finishedAt: new Date() }))!;
    await repo.deleteFile(tx, importId);
    await recordAuditEvent(tx, ctx, {
      action: 'listening_import.cancelled',
      entityType: 'listening_import',
      entityId: importId,
      after: { linesRead: cancelled.linesRead, mentionsStored: cancelled.mentionsStored },
    });
    await emitEvent(tx, workspaceId, 'listening_import.progress', progressOf(cancelled));
    return cancelled;
  });
}
