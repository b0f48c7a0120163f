// One messaging or email channel: its health, how to point the platform's webhook at Parley, its
// settings and write-only credentials, and the deliveries that could not be processed.
import { Button, Divider, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockSearch, IconTrash } from '@tabler/icons-react';
import { errorMessage } from '../../lib/api';
import { ConfirmActionButton } from '../../ui/confirm-action-button';
import { useCheckToken, useDeleteChannel, useUpdateChannel, type Channel } from './api';
import { HealthBadge, HealthPanel } from './channel-health';
import { ChannelSettingsForm, type JustStored } from './channel-settings-form';
import { DeadLetters } from './dead-letters';
import type { PlatformSpec } from './platforms';
import { WebhookSetup } from './webhook-setup';

export function MessagingChannelDetail({ channel, platform, canManage, generatedToken, onStored }: { channel: Channel; platform: PlatformSpec; canManage: boolean; generatedToken: string | null; onStored: (stored: JustStored) => void }) {
  const update = useUpdateChannel();
  const remove = useDeleteChannel();
  const checkToken = useCheckToken();
  const canCheckToken = canManage && channel.webhook?.platform === 'meta' && channel.storedCredentials.includes('accessToken');
  const check = () =>
    checkToken.mutate(channel.id, {
      onSuccess: (checked) =>
        notifications.show({
          color: checked.status.state === 'needs_reconnect' ? 'red' : 'teal',
          message: checked.status.state === 'needs_reconnect' ? 'Meta no longer accepts this token: replace it.' : checked.tokenExpiresAt ? 'Meta told us when the token expires.' : 'Meta says this token does not expire.',
        }),
      onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
    });
  const toggle = (enabled: boolean) =>
    update.mutate({ id: channel.id, patch: { enabled } }, { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) });

  return (
    <Stack gap="lg" data-testid="channel-detail">
      <Group justify="space-between" align="center">
        <Group gap="sm">
          <Title order={3} fz={18}>
            {channel.name}
          </Title>
          <Text c="dimmed" size="sm">
            {platform.label}
          </Text>
          <HealthBadge channel={channel} />
        </Group>
        <Group gap="md">
          <Switch label="Enabled" checked={channel.enabled} disabled={!canManage || update.isPending} onChange={(event) => toggle(event.currentTarget.checked)} />
          {canManage && (
            <ConfirmActionButton
              icon={<IconTrash size={16} />}
              tooltip="Remove this channel"
              title={`Remove ${channel.name}?`}
              confirmLabel="Remove channel"
              onConfirm={() => remove.mutateAsync(channel.id)}
              onCancel={() => remove.reset()}
              pending={remove.isPending}
              error={remove.error ? errorMessage(remove.error) : null}
            >
              Parley stops receiving and sending on it, and its conversations are removed from the inbox. Contacts and their timelines stay.
            </ConfirmActionButton>
          )}
        </Group>
      </Group>
      <HealthPanel channel={channel} />
      {canCheckToken && (
        <Group gap="xs" mt={-8}>
          <Button size="xs" variant="default" leftSection={<IconClockSearch size={14} />} onClick={check} loading={checkToken.isPending}>
            Ask Meta when the token expires
          </Button>
          <Text size="xs" c="dimmed">
            Reads it with Graph API debug_token, instead of typing the date.
          </Text>
        </Group>
      )}
      <WebhookSetup channel={channel} platform={platform} generatedToken={generatedToken} />
      {!channel.webhook && platform.type === 'email' && (
        <Text size="sm" c="dimmed">
          Parley checks the mailbox every minute; there is nothing to set up on the mail server.
        </Text>
      )}
      <Divider />
      <ChannelSettingsForm
        key={`${channel.id}-${channel.updatedAt}`}
        platform={platform}
        channel={channel}
        canManage={canManage}
        onStored={(stored) => {
          notifications.show({ color: 'teal', message: `${stored.channel.name} saved.` });
          onStored(stored);
        }}
      />
      {channel.webhook && (
        <>
          <Divider />
          <DeadLetters channelId={channel.id} canManage={canManage} />
        </>
      )}
    </Stack>
  );
}
