import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconBell, IconCalendar } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors, formError } from '../../lib/api';
import { dayjs } from '../../lib/dates';
import { useMemberOptions } from '../members/hooks';
import type { ActivityTarget, Task } from './api';
import { useCreateTask, useDeleteTask, useUpdateTask } from './hooks';

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';
const UNASSIGNED = '__unassigned';
const toPicker = (iso: string | null) => (iso ? dayjs(iso).format(PICKER_FORMAT) : null);
const toIso = (value: string | null) => (value ? dayjs(value).toISOString() : null);

/**
 * Creates a task, or edits one when `task` is given: title, notes, assignee, due date and reminder.
 * Mount it only while open so it starts fresh.
 */
export function TaskFormModal({ task, target, defaultAssigneeId, onClose }: { task?: Task; target?: ActivityTarget; defaultAssigneeId?: string | null; onClose: () => void }) {
  const [title, setTitle] = useState(task?.title ?? '');
  const [description, setDescription] = useState(task?.description ?? '');
  const [assignee, setAssignee] = useState<string>(task ? (task.assigneeMemberId ?? UNASSIGNED) : (defaultAssigneeId ?? ''));
  const [dueAt, setDueAt] = useState<string | null>(toPicker(task?.dueAt ?? null));
  const [remindAt, setRemindAt] = useState<string | null>(toPicker(task?.remindAt ?? null));
  const members = useMemberOptions();
  const create = useCreateTask();
  const update = useUpdateTask();
  const remove = useDeleteTask();
  const mutation = task ? update : create;
  const errors = fieldErrors(mutation.error);
  const general = formError(mutation.error, ['title', 'description', 'assigneeMemberId', 'dueAt', 'remindAt']);

  const memberOptions = [{ value: UNASSIGNED, label: 'Unassigned' }, ...(members.data ?? []).map((member) => ({ value: member.id, label: member.name }))];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      title: title.trim(),
      description: description.trim(),
      dueAt: toIso(dueAt),
      remindAt: toIso(remindAt),
      // Empty means "the default" (you) when creating; the explicit choice otherwise.
      ...(assignee === '' ? {} : { assigneeMemberId: assignee === UNASSIGNED ? null : assignee }),
    };
    const onSuccess = () => {
      notifications.show({ color: 'teal', message: task ? 'Task saved.' : 'Task added.' });
      onClose();
    };
    if (task) update.mutate({ taskId: task.id, input }, { onSuccess });
    else create.mutate({ ...input, ...target }, { onSuccess });
  };

  const deleteTask = () => {
    if (!task) return;
    remove.mutate(task.id, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: 'Task deleted.' });
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={task ? 'Edit task' : 'New task'} centered size="lg">
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          {remove.error && <Alert color="red" variant="light" role="alert">{errorMessage(remove.error)}</Alert>}
          <TextInput label="Title" placeholder="e.g. Call back about the renewal" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} data-autofocus />
          <Textarea label="Details" autosize minRows={2} maxRows={6} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
          <Select
            label="Assignee"
            placeholder="You"
            data={memberOptions}
            value={assignee === '' ? null : assignee}
            onChange={(value) => setAssignee(value ?? '')}
            searchable
            nothingFoundMessage="No member matches"
            error={errors.assigneeMemberId}
            comboboxProps={{ withinPortal: true }}
          />
          <Group grow align="flex-start">
            <DateTimePicker
              label="Due"
              placeholder="No due date"
              leftSection={<IconCalendar size={16} />}
              clearable
              value={dueAt}
              onChange={setDueAt}
              valueFormat="ddd D MMM YYYY, HH:mm"
              error={errors.dueAt}
            />
            <DateTimePicker
              label="Remind me"
              placeholder="No reminder"
              leftSection={<IconBell size={16} />}
              clearable
              value={remindAt}
              onChange={setRemindAt}
              valueFormat="ddd D MMM YYYY, HH:mm"
              description={task?.remindedAt && remindAt === toPicker(task.remindAt) ? 'Reminder already sent' : undefined}
              error={errors.remindAt}
            />
          </Group>
          <Group justify="space-between" gap="sm">
            {task ? (
              <Button variant="subtle" color="red" onClick={deleteTask} loading={remove.isPending}>
                Delete task
              </Button>
            ) : (
              <span />
            )}
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending} disabled={title.trim() === ''}>
                {task ? 'Save task' : 'Add task'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
