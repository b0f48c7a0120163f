import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { workspaceKey } from '../workspaces/query-keys';
import {
  createNote,
  createTask,
  deleteNote,
  deleteTask,
  fetchTask,
  fetchUnreadCount,
  listNotes,
  listNotifications,
  listTasks,
  markAllNotificationsRead,
  markNotificationRead,
  updateNote,
  updateTask,
  type ActivityTarget,
  type TaskFilters,
  type TaskInput,
} from './api';

// --- tasks ---

/** Up to 200 tasks, by due date; enough for one person's list or one contact's. */
export function useTasks(filters: TaskFilters) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: workspaceKey(workspace.id, 'tasks', 'list', filters),
    queryFn: () => listTasks(workspace.id, filters),
    placeholderData: (previous) => previous,
  });
}

export function useTask(taskId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: workspaceKey(workspace.id, 'tasks', 'one', taskId),
    queryFn: () => fetchTask(workspace.id, taskId!),
    enabled: taskId !== null,
  });
}

function useInvalidate(domain: 'tasks' | 'notes' | 'notifications') {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, domain) });
}

export function useCreateTask() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('tasks');
  return useMutation({ mutationFn: (input: TaskInput & { title: string }) => createTask(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateTask() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('tasks');
  return useMutation({
    mutationFn: ({ taskId, input }: { taskId: string; input: TaskInput }) => updateTask(workspace.id, taskId, input),
    onSettled: invalidate,
  });
}

export function useDeleteTask() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('tasks');
  return useMutation({ mutationFn: (taskId: string) => deleteTask(workspace.id, taskId), onSuccess: invalidate });
}

// --- notes ---

export function useNotes(target: ActivityTarget) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: workspaceKey(workspace.id, 'notes', 'list', target),
    queryFn: () => listNotes(workspace.id, target),
  });
}

export function useCreateNote() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('notes');
  return useMutation({ mutationFn: (input: ActivityTarget & { body: string }) => createNote(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateNote() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('notes');
  return useMutation({ mutationFn: ({ noteId, body }: { noteId: string; body: string }) => updateNote(workspace.id, noteId, body), onSuccess: invalidate });
}

export function useDeleteNote() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('notes');
  return useMutation({ mutationFn: (noteId: string) => deleteNote(workspace.id, noteId), onSuccess: invalidate });
}

// --- notifications ---

export function useNotifications(enabled: boolean) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: workspaceKey(workspace.id, 'notifications', 'list'),
    queryFn: () => listNotifications(workspace.id, {}),
    enabled,
  });
}

export function useUnreadCount() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: workspaceKey(workspace.id, 'notifications', 'unread-count'),
    queryFn: () => fetchUnreadCount(workspace.id),
    // Live updates arrive over the WebSocket; the interval only covers a dropped connection.
    refetchInterval: 120_000,
  });
}

export function useMarkNotificationRead() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('notifications');
  return useMutation({ mutationFn: (notificationId: string) => markNotificationRead(workspace.id, notificationId), onSuccess: invalidate });
}

export function useMarkAllNotificationsRead() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('notifications');
  return useMutation({ mutationFn: () => markAllNotificationsRead(workspace.id), onSuccess: invalidate });
}
