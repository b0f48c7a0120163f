import { Badge, Button, Group, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { formError } from '../../../lib/api';
import { RelativeTime } from '../../../ui/relative-time';
import type { ContactDetail } from '../api';
import { channelLabel } from '../channel-icon';
import { IDENTITY_CHANNELS } from '../constants';
import { useSetConsent } from '../hooks';
import { SectionCard } from './section-card';

function ConsentForm({ contact, onDone }: { contact: ContactDetail; onDone: () => void }) {
  const set = useSetConsent(contact.id);
  // The channels this person can be reached on come first; any other channel can still be recorded.
  const known = [...new Set(contact.identities.map((identity) => identity.channel))];
  const [channel, setChannel] = useState<string | null>(known[0] ?? 'email');
  const [status, setStatus] = useState<'granted' | 'denied'>('granted');
  const [method, setMethod] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!channel) return;
    set.mutate(
      { channel, status, method: method.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Consent on ${channelLabel(channel)} recorded.` });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select label="Channel" size="xs" w={130} data={[...known, ...IDENTITY_CHANNELS.filter((c) => !known.includes(c))].map((c) => ({ value: c, label: channelLabel(c) }))} value={channel} onChange={setChannel} allowDeselect={false} />
          <SegmentedControl
            size="xs"
            aria-label="Consent"
            value={status}
            onChange={(value) => setStatus(value === 'denied' ? 'denied' : 'granted')}
            data={[
              { value: 'granted', label: 'Granted' },
              { value: 'denied', label: 'Denied' },
            ]}
          />
        </Group>
        <TextInput label="How" size="xs" placeholder="e.g. web form, replied STOP, double opt-in" value={method} onChange={(e) => setMethod(e.currentTarget.value)} required data-autofocus />
        {set.error && <Text size="xs" c="red" role="alert">{formError(set.error, [])}</Text>}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={set.isPending} disabled={!method.trim() || !channel}>
            Record consent
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ConsentsCard({ contact, canManage }: { contact: ContactDetail; canManage: boolean }) {
  const [recording, setRecording] = useState(false);
  return (
    <SectionCard
      title="Consents"
      actions={
        canManage && !recording && (
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setRecording(true)}>
            Record
          </Button>
        )
      }
    >
      {recording && <ConsentForm contact={contact} onDone={() => setRecording(false)} />}
      {contact.consents.length === 0 ? (
        <Text size="sm" c="dimmed">No consent recorded. Record how this person agreed (or refused) to be messaged on each channel.</Text>
      ) : (
        <Table verticalSpacing={4} fz="sm" aria-label="Consents">
          <Table.Tbody>
            {contact.consents.map((consent) => (
              <Table.Tr key={consent.channel}>
                <Table.Td>{channelLabel(consent.channel)}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={consent.status === 'granted' ? 'teal' : 'red'} tt="none">
                    {consent.status === 'granted' ? 'Granted' : 'Denied'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">{consent.method}</Text>
                </Table.Td>
                <Table.Td>
                  <RelativeTime value={consent.recordedAt} size="xs" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}
