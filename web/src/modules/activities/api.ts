import { request, type One, type Page } from '../../lib/api';

export type TaskStatus = 'open' | 'done';

export type Task = {
  id: string;
  title: string;
  description: string;
  status: TaskStatus;
  dueAt: string | null;
  remindAt: string | null;
  remindedAt: string | null;
  assigneeMemberId: string | null;
  assigneeName: string | null;
  contactId: string | null;
  dealId: string | null;
  companyId: string | null;
  completedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

/** What a task or note is attached to. */
export type ActivityTarget = { contactId?: string; dealId?: string };

export type TaskFilters = ActivityTarget & {
  /** "me", a member id, or nothing for everyone's */
  assigneeMemberId?: string | null;
  status?: TaskStatus | null;
};

export type TaskInput = {
  title?: string;
  description?: string;
  status?: TaskStatus;
  dueAt?: string | null;
  remindAt?: string | null;
  assigneeMemberId?: string | null;
  contactId?: string | null;
  dealId?: string | null;
};

export type Note = {
  id: string;
  body: string;
  mentionedMemberIds: string[];
  authorMemberId: string | null;
  authorName: string | null;
  contactId: string | null;
  dealId: string | null;
  companyId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AppNotification = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
};

const path = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

export async function listTasks(workspaceId: string, filters: TaskFilters & { cursor?: string | null; limit?: number }): Promise<Page<Task>> {
  return request<Page<Task>>('/tasks', { workspaceId, query: { limit: filters.limit ?? 200, ...filters } });
}

export async function fetchTask(workspaceId: string, taskId: string): Promise<Task> {
  return (await request<One<Task>>(path('/tasks', taskId), { workspaceId })).data;
}

export async function createTask(workspaceId: string, input: TaskInput & { title: string }): Promise<Task> {
  return (await request<One<Task>>('/tasks', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateTask(workspaceId: string, taskId: string, input: TaskInput): Promise<Task> {
  return (await request<One<Task>>(path('/tasks', taskId), { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteTask(workspaceId: string, taskId: string): Promise<void> {
  await request<void>(path('/tasks', taskId), { method: 'DELETE', workspaceId });
}

export async function listNotes(workspaceId: string, target: ActivityTarget & { cursor?: string | null }): Promise<Page<Note>> {
  return request<Page<Note>>('/notes', { workspaceId, query: { limit: 50, ...target } });
}

export async function createNote(workspaceId: string, input: ActivityTarget & { body: string }): Promise<Note> {
  return (await request<One<Note>>('/notes', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateNote(workspaceId: string, noteId: string, body: string): Promise<Note> {
  return (await request<One<Note>>(path('/notes', noteId), { method: 'PATCH', body: { body }, workspaceId })).data;
}

export async function deleteNote(workspaceId: string, noteId: string): Promise<void> {
  await request<void>(path('/notes', noteId), { method: 'DELETE', workspaceId });
}

export async function listNotifications(workspaceId: string, options: { unread?: boolean; cursor?: string | null }): Promise<Page<AppNotification>> {
  return request<Page<AppNotification>>('/notifications', {
    workspaceId,
    query: { limit: 20, unread: options.unread ? 'true' : undefined, cursor: options.cursor },
  });
}

export async function fetchUnreadCount(workspaceId: string): Promise<number> {
  return (await request<One<{ count: number }>>('/notifications/unread-count', { workspaceId })).data.count;
}

export async function markNotificationRead(workspaceId: string, notificationId: string): Promise<AppNotification> {
  return (await request<One<AppNotification>>(`${path('/notifications', notificationId)}/read`, { method: 'POST', workspaceId })).data;
}

export async function markAllNotificationsRead(workspaceId: string): Promise<number> {
  return (await request<One<{ count: number }>>('/notifications/read-all', { method: 'POST', workspaceId })).data.count;
}
