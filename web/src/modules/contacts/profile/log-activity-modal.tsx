import { Alert, Button, Checkbox, Group, Modal, Select, SimpleGrid, Slider, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { fieldErrors, formError } from '../../../lib/api';
import { dayjs } from '../../../lib/dates';
import { channelLabels, IDENTITY_CHANNELS, interactionKindLabels, isOneOf, LOGGABLE_KINDS, type LoggableKind } from '../constants';
import { useLogInteraction } from '../hooks';

const DIRECTIONS = ['outbound', 'inbound', 'internal'] as const;

/** Records a call, an email or any other touchpoint that happened outside Parley. */
export function LogActivityModal({ contactId, onClose }: { contactId: string; onClose: () => void }) {
  const log = useLogInteraction(contactId);
  const [kind, setKind] = useState<LoggableKind>('call');
  const [channel, setChannel] = useState<string | null>(null);
  const [direction, setDirection] = useState<(typeof DIRECTIONS)[number]>('outbound');
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [when, setWhen] = useState(() => dayjs().format('YYYY-MM-DDTHH:mm'));
  const [rated, setRated] = useState(false);
  const [sentiment, setSentiment] = useState(0);
  const errors = fieldErrors(log.error);
  const general = formError(log.error, ['summary', 'body']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    log.mutate(
      {
        kind,
        direction,
        summary: summary.trim(),
        ...(channel ? { channel } : {}),
        ...(body.trim() ? { body: body.trim() } : {}),
        ...(when ? { occurredAt: new Date(when).toISOString() } : {}),
        ...(rated ? { sentiment } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${interactionKindLabels[kind]} logged.` });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title="Log activity" size="lg" centered>
      <form onSubmit={submit}>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label="Kind" data={LOGGABLE_KINDS.map((k) => ({ value: k, label: interactionKindLabels[k] }))} value={kind} allowDeselect={false} onChange={(v) => isOneOf(LOGGABLE_KINDS, v) && setKind(v)} />
            <Select label="Channel" placeholder="None" clearable data={IDENTITY_CHANNELS.map((c) => ({ value: c, label: channelLabels[c] }))} value={channel} onChange={setChannel} />
            <Select label="Direction" data={[{ value: 'outbound', label: 'Outbound' }, { value: 'inbound', label: 'Inbound' }, { value: 'internal', label: 'Internal' }]} value={direction} allowDeselect={false} onChange={(v) => isOneOf(DIRECTIONS, v) && setDirection(v)} />
          </SimpleGrid>
          <TextInput label="Summary" placeholder="e.g. Call about the renewal" required value={summary} onChange={(e) => setSummary(e.currentTarget.value)} error={errors.summary} data-autofocus />
          <Textarea label="Details" autosize minRows={2} maxRows={8} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} />
          <TextInput label="When" type="datetime-local" value={when} onChange={(e) => setWhen(e.currentTarget.value)} />
          <Checkbox label="Rate the sentiment" checked={rated} onChange={(e) => setRated(e.currentTarget.checked)} />
          {rated && (
            <Stack gap={4}>
              <Text size="sm" id="sentiment-label">
                Sentiment: {sentiment.toFixed(1)}
              </Text>
              <Slider aria-labelledby="sentiment-label" min={-1} max={1} step={0.1} value={sentiment} onChange={setSentiment} marks={[{ value: -1, label: 'Negative' }, { value: 0, label: 'Neutral' }, { value: 1, label: 'Positive' }]} mb="md" />
            </Stack>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={log.isPending} disabled={!summary.trim()}>
              Log activity
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
