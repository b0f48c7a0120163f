// How much the workspace's models learned from people's corrections: per kind, the corrections
// learned from, the machine's and the model's accuracy on held-out corrections, and whether new
// mentions get the model's labels.
import { Badge, Button, Group, Popover, Progress, Stack, Text } from '@mantine/core';
import { useDisclosure, useWindowEvent } from '@mantine/hooks';
import { IconBrain } from '@tabler/icons-react';
import { fromNow } from '../../../lib/dates';
import type { ListeningModel } from './api';
import { useListeningModels } from './hooks';

const pct = (value: number) => `${Math.round(value * 100)}%`;
const KIND_NAMES = { sentiment: 'Sentiment', relevance: 'Relevance' } as const;

export function ModelPanel() {
  const models = useListeningModels();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Esc closes it wherever the focus is (the popover itself only hears it from inside).
  useWindowEvent('keydown', (event) => event.key === 'Escape' && close());
  const learned = (models.data ?? []).reduce((sum, model) => sum + model.examples, 0);
  return (
    <Popover width={360} position="bottom-end" shadow="md" opened={opened} onChange={(next) => !next && close()}>
      <Popover.Target>
        <Button variant="default" leftSection={<IconBrain size={16} />} aria-label="What the model learned" onClick={toggle}>
          Learning{learned > 0 ? ` · ${learned}` : ''}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="md">
          <Text size="sm" fw={600}>
            What the model learned from your corrections
          </Text>
          {(models.data ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing yet. Correct the sentiment or relevance of mentions (p, n, u, i): about 30 seconds later this workspace's model trains on them and is measured against the machine on corrections it has not seen.
            </Text>
          ) : (
            models.data!.map((model) => <ModelSummary key={model.kind} model={model} />)
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function ModelSummary({ model }: { model: ListeningModel }) {
  return (
    <Stack gap={6} data-testid={`model-${model.kind}`}>
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {KIND_NAMES[model.kind]}
        </Text>
        <Badge size="sm" color={model.deployed ? 'teal' : 'gray'} variant="light">
          {model.deployed ? 'In use for new mentions' : 'Not in use'}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        Learned from {model.examples} correction{model.examples === 1 ? '' : 's'}, trained {fromNow(model.trainedAt)}.
      </Text>
      {model.heldOut ? (
        <>
          <Measure label="Machine alone" value={model.heldOut.before.accuracy} color="gray" />
          <Measure label="With the model" value={model.heldOut.after.accuracy} color={model.heldOut.after.accuracy > model.heldOut.before.accuracy ? 'teal' : 'orange'} />
          <Text size="xs" c="dimmed">
            Accuracy on {model.heldOut.n} held-out correction{model.heldOut.n === 1 ? '' : 's'} it did not learn from.
          </Text>
        </>
      ) : null}
      <Text size="xs" c="dimmed">
        {model.reason}
      </Text>
    </Stack>
  );
}

function Measure({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="xs" w={100}>
        {label}
      </Text>
      <Progress value={value * 100} color={color} style={{ flex: 1 }} aria-label={`${label}: ${pct(value)}`} />
      <Text size="xs" w={36} ta="right" fw={600}>
        {pct(value)}
      </Text>
    </Group>
  );
}
