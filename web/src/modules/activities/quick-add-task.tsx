import { ActionIcon, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api';
import type { ActivityTarget } from './api';
import { useCreateTask } from './hooks';

/** One line to add a task (assigned to you, no date); details go in the edit modal. */
export function QuickAddTask({ target, placeholder = 'Add a task and press Enter' }: { target?: ActivityTarget; placeholder?: string }) {
  const [title, setTitle] = useState('');
  const create = useCreateTask();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    create.mutate({ title: title.trim(), ...target }, { onSuccess: () => setTitle('') });
  };
  return (
    <form onSubmit={submit}>
      <TextInput
        aria-label="New task"
        placeholder={placeholder}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={create.error ? errorMessage(create.error) : undefined}
        disabled={create.isPending}
        rightSection={
          <ActionIcon type="submit" variant="subtle" aria-label="Add task" disabled={!title.trim()} loading={create.isPending}>
            <IconPlus size={16} />
          </ActionIcon>
        }
      />
    </form>
  );
}
