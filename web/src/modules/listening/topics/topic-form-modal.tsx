import { Alert, Button, ColorInput, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../../lib/api';
import { topicKindLabels, topicKinds, type Topic, type TopicInput, type TopicKind } from './api';
import { useCreateTopic, useUpdateTopic } from './hooks';

const SWATCHES = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#be4bdb', '#15aabf', '#fd7e14', '#868e96'];

/** Create a topic, or rename and re-describe one. */
export function TopicFormModal({ topic, onClose, onSaved }: { topic: Topic | null; onClose: () => void; onSaved?: (topic: Topic) => void }) {
  const [name, setName] = useState(topic?.name ?? '');
  const [kind, setKind] = useState<TopicKind>(topic?.kind ?? 'brand');
  const [description, setDescription] = useState(topic?.description ?? '');
  const [color, setColor] = useState(topic?.color ?? '');
  const create = useCreateTopic();
  const update = useUpdateTopic(topic?.id ?? '');
  const mutation = topic ? update : create;
  const errors = fieldErrors(mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: TopicInput = { name: name.trim(), kind, description: description.trim() || null, color: /^#[0-9a-f]{6}$/i.test(color) ? color : null };
    mutation.mutate(input, {
      onSuccess: (saved) => {
        onSaved?.(saved);
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>{topic ? 'Edit topic' : 'New topic'}</Text>} centered>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Name" placeholder="e.g. Lumen Coffee" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus maxLength={120} />
          <Select
            label="What it follows"
            data={topicKinds.map((value) => ({ value, label: topicKindLabels[value] }))}
            value={kind}
            onChange={(value) => value && setKind(value as TopicKind)}
            allowDeselect={false}
          />
          <Textarea label="Description" placeholder="What belongs here, for your team" autosize minRows={2} maxRows={5} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <ColorInput label="Colour" placeholder="Used in charts" swatches={SWATCHES} swatchesPerRow={8} value={color} onChange={setColor} format="hex" />
          {formError(mutation.error, ['name']) && (
            <Alert color="red" variant="light">
              {formError(mutation.error, ['name'])}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={name.trim() === ''}>
              {topic ? 'Save' : 'Create topic'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
