import { dayjs } from '../../lib/dates';
import type { Task } from './api';

export type TaskGroupKey = 'overdue' | 'today' | 'upcoming' | 'none';
export const TASK_GROUPS: { key: TaskGroupKey; label: string }[] = [
  { key: 'overdue', label: 'Overdue' },
  { key: 'today', label: 'Today' },
  { key: 'upcoming', label: 'Upcoming' },
  { key: 'none', label: 'No date' },
];

/** Which group a task belongs in, in the browser's own time zone. */
export function taskGroup(task: Pick<Task, 'dueAt'>, now = dayjs()): TaskGroupKey {
  if (!task.dueAt) return 'none';
  const due = dayjs(task.dueAt);
  if (due.isBefore(now)) return 'overdue';
  if (due.isBefore(now.endOf('day'))) return 'today';
  return 'upcoming';
}

export function groupTasks(tasks: Task[]): Record<TaskGroupKey, Task[]> {
  const groups: Record<TaskGroupKey, Task[]> = { overdue: [], today: [], upcoming: [], none: [] };
  const now = dayjs();
  for (const task of tasks) groups[taskGroup(task, now)].push(task);
  return groups;
}

/** "Today 14:00", "Tomorrow 09:30", "Mon 3 Jun 10:00", with the year when it is not this one. */
export function dueLabel(iso: string): string {
  const due = dayjs(iso);
  const now = dayjs();
  const time = due.format('HH:mm');
  if (due.isSame(now, 'day')) return `Today ${time}`;
  if (due.isSame(now.add(1, 'day'), 'day')) return `Tomorrow ${time}`;
  if (due.isSame(now.subtract(1, 'day'), 'day')) return `Yesterday ${time}`;
  return due.format(due.isSame(now, 'year') ? 'ddd D MMM HH:mm' : 'D MMM YYYY HH:mm');
}
