// A channel's health as a badge (on its card) and as a panel (in its detail): what is wrong, since
// when, and what to do about it.
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClockExclamation, IconPlugConnectedX, IconPlayerPause, IconWebhook } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { shortDate } from '../../lib/dates';
import { RelativeTime } from '../../ui/relative-time';
import type { Channel, ChannelHealthState } from './api';

const looks: Record<ChannelHealthState, { color: string; label: string; icon: ReactNode }> = {
  ok: { color: 'teal', label: 'Working', icon: <IconCircleCheck size={14} /> },
  disabled: { color: 'gray', label: 'Off', icon: <IconPlayerPause size={14} /> },
  needs_reconnect: { color: 'red', label: 'Needs reconnecting', icon: <IconPlugConnectedX size={14} /> },
  token_expiring: { color: 'orange', label: 'Token expiring', icon: <IconClockExclamation size={14} /> },
  rate_limited: { color: 'yellow', label: 'Rate-limited', icon: <IconClockExclamation size={14} /> },
  failing: { color: 'red', label: 'Failing', icon: <IconAlertTriangle size={14} /> },
  webhook_unverified: { color: 'blue', label: 'Webhook not verified', icon: <IconWebhook size={14} /> },
};

export function healthLabel(channel: Channel): string {
  const { state, tokenExpiresInDays } = channel.status;
  if (state === 'token_expiring' && tokenExpiresInDays !== null) return `Token expires in ${Math.max(1, tokenExpiresInDays)} day${tokenExpiresInDays === 1 ? '' : 's'}`;
  return looks[state].label;
}

export function HealthBadge({ channel }: { channel: Channel }) {
  const look = looks[channel.status.state];
  return (
    <Badge color={look.color} variant="light" leftSection={look.icon} data-testid="channel-health" style={{ textTransform: 'none' }}>
      {healthLabel(channel)}
    </Badge>
  );
}

export function HealthPanel({ channel }: { channel: Channel }) {
  const { state, summary } = channel.status;
  const look = looks[state];
  return (
    <Alert color={look.color} variant="light" icon={look.icon} title={healthLabel(channel)} data-testid="channel-health-panel">
      <Stack gap={4}>
        <Text size="sm">{summary}</Text>
        {channel.lastError && state !== 'ok' && (
          <Text size="sm" c="dimmed">
            Last error{channel.lastErrorAt ? <> (<RelativeTime value={channel.lastErrorAt} />)</> : null}: {channel.lastError}
          </Text>
        )}
        <Group gap="lg">
          {channel.tokenExpiresAt && (
            <Text size="xs" c="dimmed">
              Token expires {shortDate(channel.tokenExpiresAt)}
            </Text>
          )}
          {channel.webhookVerifiedAt && (
            <Text size="xs" c="dimmed" component="div">
              <Group gap={4}>
                Webhook verified <RelativeTime value={channel.webhookVerifiedAt} size="xs" />
              </Group>
            </Text>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
