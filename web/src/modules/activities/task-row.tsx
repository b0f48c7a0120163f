import { ActionIcon, Badge, Checkbox, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconBell, IconCalendar, IconPencil, IconUser } from '@tabler/icons-react';
import type { Task } from './api';
import { dueLabel, taskGroup } from './group-tasks';
import { useUpdateTask } from './hooks';

/** One task: a checkbox that completes it, its title, due date, reminder and assignee. */
export function TaskRow({ task, onEdit, canManage, showAssignee = true }: { task: Task; onEdit: (task: Task) => void; canManage: boolean; showAssignee?: boolean }) {
  const update = useUpdateTask();
  const done = task.status === 'done';
  const overdue = !done && taskGroup(task) === 'overdue';
  const toggle = () => update.mutate({ taskId: task.id, input: { status: done ? 'open' : 'done' } });

  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" py={8} px="sm" data-task-id={task.id}>
      <Checkbox
        mt={2}
        radius="xl"
        checked={done}
        onChange={toggle}
        disabled={!canManage || update.isPending}
        aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
      />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={500} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
          {task.title}
        </Text>
        {task.description && (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {task.description}
          </Text>
        )}
        <Group gap={6}>
          {task.dueAt && (
            <Badge size="sm" variant="light" color={overdue ? 'red' : 'gray'} leftSection={<IconCalendar size={12} />} tt="none" fw={500}>
              {dueLabel(task.dueAt)}
            </Badge>
          )}
          {task.remindAt && !done && (
            <Tooltip label={task.remindedAt ? 'Reminder sent' : `Reminder ${dueLabel(task.remindAt)}`}>
              <Badge size="sm" variant="light" color={task.remindedAt ? 'gray' : 'blue'} leftSection={<IconBell size={12} />} tt="none" fw={500}>
                {task.remindedAt ? 'Reminded' : dueLabel(task.remindAt)}
              </Badge>
            </Tooltip>
          )}
          {showAssignee && (
            <Badge size="sm" variant="outline" color="gray" leftSection={<IconUser size={12} />} tt="none" fw={500}>
              {task.assigneeName ?? 'Unassigned'}
            </Badge>
          )}
        </Group>
      </Stack>
      {canManage && (
        <Tooltip label="Edit task">
          <ActionIcon variant="subtle" color="gray" aria-label={`Edit “${task.title}”`} onClick={() => onEdit(task)}>
            <IconPencil size={16} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
