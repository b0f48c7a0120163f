// Marking one's own notifications read. Notifications belong to a person: API keys have none.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import * as repo from '../repository.js';

/** The caller's member id; API keys act for no person and so have no notifications. */
export function requirePerson(workspace: CommandContext['workspace']): string {
  if (!workspace.memberId) {
    throw new AppError('auth.person_required', 403, 'Notifications belong to a signed-in person; API keys have none.');
  }
  return workspace.memberId;
}

export async function markNotificationRead(ctx: CommandContext, notificationId: string): Promise<repo.NotificationRow> {
  const memberId = requirePerson(ctx.workspace);
  return ctx.db.transaction(async (tx) => {
    // Filtered by owner: someone else's notification answers exactly like a missing one.
    const row = await repo.markNotificationRead(tx, ctx.workspace.workspaceId, memberId, notificationId);
    if (!row) throw notFound('notification', notificationId);
    await emitEvent(tx, ctx.workspace.workspaceId, 'notification.read', { id: row.id, memberId });
    return row;
  });
}

export async function markAllNotificationsRead(ctx: CommandContext): Promise<number> {
  const memberId = requirePerson(ctx.workspace);
  return ctx.db.transaction(async (tx) => {
    const changed = await repo.markAllNotificationsRead(tx, ctx.workspace.workspaceId, memberId);
    if (changed > 0) await emitEvent(tx, ctx.workspace.workspaceId, 'notification.read', { memberId, count: changed });
    return changed;
  });
}
