// Puts a notification in one member's list and tells their open browsers, inside the caller's
// transaction so it exists only if the change that caused it commits.
import type { Executor } from '../../../db/client.js';
import { emitEvent, emitEvents } from '../../../server/events.js';
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

/** Several notifications of one workspace in one insert, and their events in one statement (the inbound batch's assignments). */
export async function notifyMembers(tx: Executor, workspaceId: string, inputs: Omit<NewNotification, 'workspaceId'>[]): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((input) => ({
    id: newId('ntf'),
    workspaceId,
    memberId: input.memberId,
    kind: input.kind,
    title: input.title.slice(0, 300),
    body: input.body ?? '',
    link: input.link ?? null,
  }));
  await repo.insertNotifications(tx, rows);
  await emitEvents(tx, workspaceId, rows.map((row) => ({ type: 'notification.created', data: { id: row.id, memberId: row.memberId } })));
}
