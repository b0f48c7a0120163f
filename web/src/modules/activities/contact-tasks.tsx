import { Button, Divider, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { EmptyState } from '../../ui/empty-state';
import { QueryError } from '../../ui/query-error';
import type { ActivityTarget, Task } from './api';
import { useTasks } from './hooks';
import { useActivityPermissions } from './permissions';
import { QuickAddTask } from './quick-add-task';
import { TaskFormModal } from './task-form-modal';
import { TaskRow } from './task-row';

/** Tasks of a contact (or a deal): open ones by due date, then done ones on request, with quick add. */
export function ContactTasks({ contactId, dealId }: ActivityTarget) {
  const target: ActivityTarget = contactId ? { contactId } : { dealId };
  const [showDone, setShowDone] = useState(false);
  const open = useTasks({ ...target, status: 'open' });
  const done = useTasks({ ...target, status: 'done' });
  const { canManage } = useActivityPermissions();
  const [editing, setEditing] = useState<Task | null>(null);
  const [creating, setCreating] = useState(false);
  const doneCount = done.data?.data.length ?? 0;
  const list = [...(open.data?.data ?? []), ...(showDone ? (done.data?.data ?? []) : [])];

  return (
    <Stack gap="sm">
      {canManage && (
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <div style={{ flex: 1 }}>
            <QuickAddTask target={target} />
          </div>
          <Button variant="default" onClick={() => setCreating(true)}>
            Details…
          </Button>
        </Group>
      )}
      {open.isLoading && <Skeleton h={56} radius="md" />}
      {open.error && <QueryError error={open.error} onRetry={() => void open.refetch()} />}
      {open.data && list.length === 0 && (
        <EmptyState icon={<IconChecklist size={22} />} title="No open tasks" description={doneCount > 0 ? `${doneCount} done.` : 'Tasks with a due date and a reminder keep follow-ups from slipping.'} />
      )}
      {list.length > 0 && (
        <Paper withBorder radius="md">
          {list.map((task, index) => (
            <Fragment key={task.id}>
              {index > 0 && <Divider />}
              <TaskRow task={task} onEdit={setEditing} canManage={canManage} />
            </Fragment>
          ))}
        </Paper>
      )}
      {doneCount > 0 && (
        <Text size="xs">
          <Button variant="subtle" size="compact-xs" onClick={() => setShowDone((value) => !value)}>
            {showDone ? 'Hide done tasks' : `Show ${doneCount} done`}
          </Button>
        </Text>
      )}
      {editing && <TaskFormModal task={editing} onClose={() => setEditing(null)} />}
      {creating && <TaskFormModal target={target} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
