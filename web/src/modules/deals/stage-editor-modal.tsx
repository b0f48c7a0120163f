import { ActionIcon, Alert, Badge, Button, Group, Modal, NumberInput, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../lib/api';
import type { Pipeline, Stage } from './api';
import { useStageMutations } from './hooks';

function StageRow({ stage, index, openCount, onError }: { stage: Stage; index: number; openCount: number; onError: (message: string | null) => void }) {
  const { update, remove } = useStageMutations();
  const [name, setName] = useState(stage.name);
  const [probability, setProbability] = useState<number>(stage.probability);
  const isOpen = stage.kind === 'open';
  const save = (patch: { name?: string; probability?: number; position?: number }) =>
    update.mutate({ stageId: stage.id, patch }, { onSuccess: () => onError(null), onError: (error) => onError(errorMessage(error)) });

  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <TextInput
        aria-label={`Name of stage ${stage.name}`}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        onBlur={() => name.trim() && name.trim() !== stage.name && save({ name: name.trim() })}
        style={{ flex: 1 }}
      />
      <NumberInput
        aria-label={`Probability of stage ${stage.name}`}
        value={probability}
        onChange={(value) => setProbability(typeof value === 'number' ? value : Number(value) || 0)}
        onBlur={() => probability !== stage.probability && save({ probability: Math.max(0, Math.min(100, Math.round(probability))) })}
        min={0}
        max={100}
        suffix="%"
        w={90}
        disabled={!isOpen}
      />
      {isOpen ? (
        <>
          <Tooltip label="Move up">
            <ActionIcon variant="subtle" aria-label={`Move ${stage.name} up`} disabled={index === 0} onClick={() => save({ position: index - 1 })}>
              <IconArrowUp size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Move down">
            <ActionIcon variant="subtle" aria-label={`Move ${stage.name} down`} disabled={index >= openCount - 1} onClick={() => save({ position: index + 1 })}>
              <IconArrowDown size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete stage">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Delete stage ${stage.name}`}
              loading={remove.isPending}
              onClick={() => remove.mutate(stage.id, { onSuccess: () => onError(null), onError: (error) => onError(errorMessage(error)) })}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </>
      ) : (
        <Badge w={104} variant="light" color={stage.kind === 'won' ? 'teal' : 'red'}>
          {stage.kind}
        </Badge>
      )}
    </Group>
  );
}

/** Renames, adds, reorders and removes the stages of a pipeline; every change is saved at once. */
export function StageEditorModal({ pipeline, onClose }: { pipeline: Pipeline; onClose: () => void }) {
  const { create } = useStageMutations();
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const openCount = pipeline.stages.filter((stage) => stage.kind === 'open').length;

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!newName.trim()) return;
    create.mutate(
      { pipelineId: pipeline.id, name: newName.trim() },
      {
        onSuccess: (stage) => {
          setNewName('');
          setError(null);
          notifications.show({ color: 'teal', message: `Stage “${stage.name}” added.` });
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Stages of ${pipeline.name}`} size="lg" centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Open stages run left to right on the board; Won and Lost always come last. Probability weighs each stage in forecasts. Changes are saved when you leave a field.
        </Text>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        {pipeline.stages.map((stage, index) => (
          <StageRow key={`${stage.id}:${stage.name}:${stage.probability}`} stage={stage} index={index} openCount={openCount} onError={setError} />
        ))}
        <form onSubmit={add}>
          <Group gap="xs" mt="xs">
            <TextInput aria-label="New stage name" placeholder="New stage, e.g. Demo" value={newName} onChange={(e) => setNewName(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button type="submit" leftSection={<IconPlus size={16} />} loading={create.isPending} disabled={!newName.trim()}>
              Add stage
            </Button>
          </Group>
        </form>
      </Stack>
    </Modal>
  );
}
