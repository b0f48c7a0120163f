// Puts a notification in one member's list and tells their open browsers, inside the caller's
// transaction so it exists only if the change that caused it commits.
import type { Executor } from '../../../db/client.js';
import { emitEvent } from '../../../server/events.js';
import { newId } from '../../../lib/ids.js';
import * as repo from '../repository.js';

export type NotificationKind = 'mention' | 'task_assigned' | 'reminder' | 'mention_assigned' | 'conversation_assigned' | 'conversation_mention' | 'conversation_handoff' | 'sla_warning' | 'sla_breach' | 'routing' | 'channel_health';

export type NewNotification = { workspaceId: string; memberId: string; kind: NotificationKind; title: string; body?: string; link?: string | null };

export async function notifyMember(tx: Executor, input: NewNotification): Promise<repo.NotificationRow> {
  const notification = await repo.insertNotification(tx, {
    id: newId('ntf'),
    workspaceId: input.workspaceId,
    memberId: input.memberId,
    kind: input.kind,
    title: input.title.slice(0, 300),
    body: input.body ?? '',
    link: input.link ?? null,
  });
  await emitEvent(tx, input.workspaceId, 'notification.created', { id: notification.id, memberId: input.memberId });
  return notification;
}
