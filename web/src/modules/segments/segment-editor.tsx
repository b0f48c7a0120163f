import { Alert, Badge, Button, Group, Loader, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { errorCode, errorMessage, fieldErrors, formError } from '../../lib/api';
import { useContactCount } from '../contacts/hooks';
import type { Segment } from './api';
import { FilterBuilder } from './filter-builder';
import { completeFilter, emptyFilter, type FilterGroup } from './filter-fields';
import { useSaveSegment } from './hooks';

/** Creates or edits a segment, with a live count of the contacts the filter matches. Mount only while open. */
export function SegmentEditor({ segment, onClose, onSaved }: { segment?: Segment; onClose: () => void; onSaved?: (segment: Segment) => void }) {
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [filter, setFilter] = useState<FilterGroup>(() => segment?.filter ?? emptyFilter());
  const complete = useMemo(() => completeFilter(filter), [filter]);
  const [previewFilter] = useDebouncedValue(complete, 400);
  const preview = useContactCount({ filter: previewFilter });
  const save = useSaveSegment();
  const errors = fieldErrors(save.error);
  const nameTaken = errorCode(save.error) === 'segment.name_taken';
  const general = nameTaken ? null : formError(save.error, ['name', 'description']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { segmentId: segment?.id, input: { name: name.trim(), description: description.trim(), filter: complete } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: segment ? `Segment “${saved.name}” saved.` : `Segment “${saved.name}” created.` });
          onSaved?.(saved);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={segment ? 'Edit segment' : 'New segment'} size="xl" centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label="Name" placeholder="e.g. Influencers on Instagram" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameTaken ? 'A segment with this name already exists.' : errors.name} data-autofocus />
          <Textarea label="Description" autosize minRows={1} maxRows={4} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>Who is in it</Text>
            <FilterBuilder value={filter} onChange={setFilter} />
          </Stack>
          <Group gap="xs" aria-live="polite">
            <Text size="sm">Matches now:</Text>
            {preview.isError ? (
              <Text size="sm" c="red">{errorMessage(preview.error)}</Text>
            ) : preview.data === undefined ? (
              <Loader size="xs" />
            ) : (
              <Badge size="lg" variant="light" tt="none">
                {preview.data.toLocaleString()} contact{preview.data === 1 ? '' : 's'}
              </Badge>
            )}
            {preview.isFetching && preview.data !== undefined && <Loader size="xs" />}
          </Group>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {segment ? 'Save segment' : 'Create segment'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
