import { Anchor, Badge, Button, Group, NumberInput, Select, Stack, Text, TextInput, ThemeIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconRosetteDiscountCheck, IconUnlink } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { errorMessage, formError } from '../../../lib/api';
import { ConfirmActionButton } from '../../../ui/confirm-action-button';
import type { ContactDetail, Identity } from '../api';
import { ChannelIcon, channelColor, channelLabel, identityText } from '../channel-icon';
import { channelLabels, compactNumber, IDENTITY_CHANNELS, isOneOf, type IdentityChannel } from '../constants';
import { useAddIdentity, useRemoveIdentity } from '../hooks';
import { SectionCard } from './section-card';

function DetachButton({ contactId, identity }: { contactId: string; identity: Identity }) {
  const remove = useRemoveIdentity(contactId);
  const what = `${channelLabel(identity.channel)} ${identityText(identity)}`;
  return (
    <ConfirmActionButton
      icon={<IconUnlink size={16} />}
      tooltip={`Detach ${what}`}
      title={`Detach ${what}?`}
      confirmLabel="Detach identity"
      size="sm"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={remove.reset}
      onConfirm={async () => {
        await remove.mutateAsync(identity.id);
        notifications.show({ color: 'teal', message: `${what} detached.` });
      }}
    >
      This identity stops belonging to this contact. Past interactions stay on the timeline; new messages from it will create or match another contact.
    </ConfirmActionButton>
  );
}

function AddIdentityForm({ contactId, onDone }: { contactId: string; onDone: () => void }) {
  const add = useAddIdentity(contactId);
  const [channel, setChannel] = useState<IdentityChannel>('instagram');
  const [handle, setHandle] = useState('');
  const [followers, setFollowers] = useState<number | ''>('');
  const byValue = channel === 'email' || channel === 'phone';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = handle.trim().replace(/^@/, '');
    add.mutate(
      { channel, ...(byValue ? { externalId: value } : { handle: value }), ...(followers === '' ? {} : { followers }) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${channelLabels[channel]} identity added.` });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select label="Network" size="xs" w={130} data={IDENTITY_CHANNELS.map((c) => ({ value: c, label: channelLabels[c] }))} value={channel} allowDeselect={false} onChange={(v) => isOneOf(IDENTITY_CHANNELS, v) && setChannel(v)} />
          <TextInput label={byValue ? (channel === 'email' ? 'Email' : 'Phone') : 'Handle or id'} size="xs" placeholder={byValue ? '' : '@handle'} value={handle} onChange={(e) => setHandle(e.currentTarget.value)} style={{ flex: 1, minWidth: 120 }} data-autofocus />
          {!byValue && <NumberInput label="Followers" size="xs" w={100} min={0} value={followers} onChange={(v) => setFollowers(typeof v === 'number' ? v : '')} />}
        </Group>
        {add.error && <Text size="xs" c="red" role="alert">{formError(add.error, [])}</Text>}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button size="xs" type="submit" loading={add.isPending} disabled={!handle.trim()}>
            Add identity
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function IdentitiesCard({ contact, canManage }: { contact: ContactDetail; canManage: boolean }) {
  const [adding, setAdding] = useState(false);
  return (
    <SectionCard
      title="Identities"
      actions={
        canManage && !adding && (
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
            Add
          </Button>
        )
      }
    >
      {adding && <AddIdentityForm contactId={contact.id} onDone={() => setAdding(false)} />}
      {contact.identities.length === 0 ? (
        <Text size="sm" c="dimmed">No identity yet. Add an email, a phone number or a social handle so messages from them land on this profile.</Text>
      ) : (
        <Stack gap={6}>
          {contact.identities.map((identity) => (
            <Group key={identity.id} gap="sm" wrap="nowrap" justify="space-between">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <ThemeIcon size={28} radius="xl" variant="light" color={channelColor(identity.channel)}>
                  <ChannelIcon channel={identity.channel} size={15} />
                </ThemeIcon>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={4} wrap="nowrap">
                    {identity.profileUrl ? (
                      <Anchor href={identity.profileUrl} target="_blank" rel="noreferrer" size="sm" truncate="end">
                        {identityText(identity)}
                      </Anchor>
                    ) : (
                      <Text size="sm" truncate="end">
                        {identityText(identity)}
                      </Text>
                    )}
                    {identity.verified && (
                      <Tooltip label="Verified" withArrow>
                        <IconRosetteDiscountCheck size={14} color="var(--mantine-color-blue-6)" aria-label="Verified" />
                      </Tooltip>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {channelLabel(identity.channel)}
                    {identity.followers !== null ? ` · ${compactNumber(identity.followers)} followers` : ''}
                  </Text>
                </Stack>
              </Group>
              {canManage && <DetachButton contactId={contact.id} identity={identity} />}
            </Group>
          ))}
        </Stack>
      )}
      {contact.mergedContactIds.length > 0 && (
        <Badge variant="light" color="gray" tt="none" radius="sm">
          Includes {contact.mergedContactIds.length} merged contact{contact.mergedContactIds.length === 1 ? '' : 's'}
        </Badge>
      )}
    </SectionCard>
  );
}
