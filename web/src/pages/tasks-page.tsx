import { Badge, Button, Divider, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Task, TaskFilters } from '../modules/activities/api';
import { groupTasks, TASK_GROUPS } from '../modules/activities/group-tasks';
import { useTask, useTasks } from '../modules/activities/hooks';
import { useActivityPermissions } from '../modules/activities/permissions';
import { QuickAddTask } from '../modules/activities/quick-add-task';
import { TaskFormModal } from '../modules/activities/task-form-modal';
import { TaskRow } from '../modules/activities/task-row';
import { useMemberOptions } from '../modules/members/hooks';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';

type Scope = 'mine' | 'all' | 'member';

export function TasksPage() {
  const { canRead, canManage } = useActivityPermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const [scope, setScope] = useState<Scope>('mine');
  const [memberId, setMemberId] = useState<string | null>(null);
  const [showDone, setShowDone] = useState(false);
  const [editing, setEditing] = useState<Task | null>(null);
  const [creating, setCreating] = useState(false);
  const members = useMemberOptions(scope === 'member');

  const assigneeMemberId = scope === 'mine' ? 'me' : scope === 'member' ? memberId : null;
  const filters: TaskFilters = { assigneeMemberId, status: showDone ? null : 'open' };
  const tasks = useTasks(filters);

  // A notification links to /tasks?task=<id>: open that task.
  const linkedId = searchParams.get('task');
  const linked = useTask(linkedId);
  const closeLinked = () => setSearchParams((params) => {
    params.delete('task');
    return params;
  });

  if (!canRead) return <NoAccess what="see tasks" />;

  const groups = groupTasks(tasks.data?.data ?? []);
  const total = tasks.data?.data.length ?? 0;

  return (
    <>
      <PageHeader
        title="Tasks"
        description="Follow-ups with due dates and reminders, yours and your team’s."
        actions={canManage && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>New task</Button>}
      />
      <Stack gap="lg">
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="Whose tasks"
            value={scope}
            onChange={(value) => setScope(value as Scope)}
            data={[
              { value: 'mine', label: 'Mine' },
              { value: 'all', label: 'Everyone' },
              { value: 'member', label: 'By person' },
            ]}
          />
          {scope === 'member' && (
            <Select
              aria-label="Assignee"
              placeholder="Choose a person"
              data={(members.data ?? []).map((member) => ({ value: member.id, label: member.name }))}
              value={memberId}
              onChange={setMemberId}
              searchable
              w={220}
            />
          )}
          <Switch label="Show done" checked={showDone} onChange={(e) => setShowDone(e.currentTarget.checked)} ml="auto" />
        </Group>
        {canManage && <QuickAddTask placeholder="Add a task for yourself and press Enter" />}
        {tasks.isLoading && <Skeleton h={160} radius="md" />}
        {tasks.error && <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />}
        {tasks.data && total === 0 && (
          <EmptyState icon={<IconChecklist size={22} />} title="Nothing to do" description={scope === 'member' && !memberId ? 'Choose a person to see their tasks.' : 'No tasks here. Add one above, or from a contact.'} />
        )}
        {TASK_GROUPS.filter((group) => groups[group.key].length > 0).map((group) => (
          <section key={group.key} aria-labelledby={`tasks-${group.key}`}>
            <Group gap="xs" mb="xs">
              <Title order={2} fz="md" fw={600} id={`tasks-${group.key}`} c={group.key === 'overdue' ? 'red.7' : undefined}>
                {group.label}
              </Title>
              <Badge variant="light" color={group.key === 'overdue' ? 'red' : 'gray'} size="sm" circle>
                {groups[group.key].length}
              </Badge>
            </Group>
            <Paper withBorder radius="md">
              {groups[group.key].map((task, index) => (
                <Fragment key={task.id}>
                  {index > 0 && <Divider />}
                  <TaskRow task={task} onEdit={setEditing} canManage={canManage} showAssignee={scope !== 'mine'} />
                </Fragment>
              ))}
            </Paper>
          </section>
        ))}
        {tasks.data?.nextCursor && (
          <Text size="xs" c="dimmed">
            Showing the first {total} tasks by due date.
          </Text>
        )}
      </Stack>
      {editing && <TaskFormModal task={editing} onClose={() => setEditing(null)} />}
      {creating && <TaskFormModal onClose={() => setCreating(false)} />}
      {linked.data && canManage && !editing && <TaskFormModal key={linked.data.id} task={linked.data} onClose={closeLinked} />}
    </>
  );
}
