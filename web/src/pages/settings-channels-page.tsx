// Settings → Channels: the accounts conversations arrive on. Each card shows the channel's health;
// "Add channel" connects a web chat (a widget for your site) or a messaging account (WhatsApp,
// Messenger, Instagram, X, Telegram, email) with its settings, credentials and webhook set-up.
import { Badge, Button, Card, Group, Menu, Paper, SimpleGrid, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { IconBrandInstagram, IconBrandMessenger, IconBrandTelegram, IconBrandWhatsapp, IconBrandX, IconChevronDown, IconMail, IconMessageCircle, IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../lib/api';
import { useChannels, useCreateChannel, type Channel } from '../modules/channels/api';
import { HealthBadge } from '../modules/channels/channel-health';
import { ChannelSettingsForm } from '../modules/channels/channel-settings-form';
import { MessagingChannelDetail } from '../modules/channels/messaging-channel-detail';
import { platformOf, platforms } from '../modules/channels/platforms';
import { WebchatEditor } from '../modules/channels/webchat-editor';
import { useCurrentWorkspace } from '../modules/workspaces/current-workspace';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';
import { TableSkeleton } from '../ui/table-skeleton';

const icons: Record<string, ReactNode> = {
  webchat: <IconMessageCircle size={18} />,
  whatsapp: <IconBrandWhatsapp size={18} />,
  messenger: <IconBrandMessenger size={18} />,
  instagram: <IconBrandInstagram size={18} />,
  x: <IconBrandX size={18} />,
  telegram: <IconBrandTelegram size={18} />,
  email: <IconMail size={18} />,
};
const typeLabel = (type: string) => (type === 'webchat' ? 'Web chat' : (platformOf(type)?.label ?? type));

export function SettingsChannelsPage() {
  const { can } = useCurrentWorkspace();
  if (!can('inbox.read')) return <NoAccess what="see the inbox's channels" />;
  return <Channels canManage={can('channels.manage')} />;
}

function Channels({ canManage }: { canManage: boolean }) {
  const channels = useChannels();
  const [params, setParams] = useSearchParams();
  const [adding, setAdding] = useState<string | null>(null);
  // The verify/secret token made up for a channel just connected: shown once, in memory only.
  const [justStored, setJustStored] = useState<{ channelId: string; token: string } | null>(null);
  const selectedId = params.get('channel');
  const select = (id: string) => setParams((current) => ({ ...Object.fromEntries(current), channel: id }), { replace: true });
  const selected = channels.data?.find((channel) => channel.id === selectedId) ?? channels.data?.[0] ?? null;

  const addMenu = canManage ? (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
          Add channel
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={icons.webchat} onClick={() => setAdding('webchat')}>
          Web chat
        </Menu.Item>
        <Menu.Divider />
        {platforms.map((platform) => (
          <Menu.Item key={platform.type} leftSection={icons[platform.type]} onClick={() => setAdding(platform.type)}>
            {platform.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  ) : undefined;

  const stored = (channel: Channel, token: string | null) => {
    setAdding(null);
    setJustStored(token ? { channelId: channel.id, token } : null);
    select(channel.id);
  };
  const addingPlatform = adding && adding !== 'webchat' ? platformOf(adding) : null;

  return (
    <>
      <PageHeader
        order={2}
        title="Channels"
        description="Where conversations come from: a chat widget on your site, or your accounts on WhatsApp, Messenger, Instagram, X, Telegram and email."
        actions={channels.data && channels.data.length > 0 ? addMenu : undefined}
      />
      {adding === 'webchat' && <NewWebchat onCreated={(channel) => stored(channel, null)} onCancel={() => setAdding(null)} />}
      {addingPlatform && (
        <Card withBorder mb="lg" padding="lg" data-testid="connect-form">
          <Stack gap="md">
            <Group gap="xs">
              {icons[addingPlatform.type]}
              <Title order={3} fz={18}>
                Connect {addingPlatform.label}
              </Title>
            </Group>
            <Text size="sm" c="dimmed" mt={-8}>
              {addingPlatform.intro} After connecting, Parley shows the webhook address to give {addingPlatform.label}.
            </Text>
            <ChannelSettingsForm key={addingPlatform.type} platform={addingPlatform} onStored={({ channel, generatedToken }) => stored(channel, generatedToken)} onCancel={() => setAdding(null)} />
          </Stack>
        </Card>
      )}
      {channels.isPending ? (
        <TableSkeleton rows={2} />
      ) : channels.isError ? (
        <QueryError error={channels.error} onRetry={() => void channels.refetch()} />
      ) : channels.data.length === 0 ? (
        !adding && (
          <EmptyState
            icon={<IconMessageCircle size={24} />}
            title="No channels yet"
            description={
              canManage
                ? 'Add a web chat and paste its script tag into your site, or connect a WhatsApp, Messenger, Instagram, X, Telegram or email account: its messages arrive in the inbox.'
                : 'An admin connects the accounts your team answers on; ask one to add a channel.'
            }
            action={addMenu}
          />
        )
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" role="tablist" aria-label="Channels">
            {channels.data.map((channel) => (
              <ChannelCard key={channel.id} channel={channel} selected={channel.id === selected?.id} onSelect={() => select(channel.id)} />
            ))}
          </SimpleGrid>
          {selected && selected.type === 'webchat' ? (
            <WebchatEditor key={selected.id} channel={selected} canManage={canManage} />
          ) : selected && platformOf(selected.type) ? (
            <MessagingChannelDetail
              key={selected.id}
              channel={selected}
              platform={platformOf(selected.type)!}
              canManage={canManage}
              generatedToken={justStored?.channelId === selected.id ? justStored.token : null}
              onStored={({ channel, generatedToken }) => generatedToken && setJustStored({ channelId: channel.id, token: generatedToken })}
            />
          ) : selected ? (
            <Text c="dimmed">
              {selected.name} ({selected.type}) is managed where it was set up.
            </Text>
          ) : null}
        </Stack>
      )}
    </>
  );
}

function ChannelCard({ channel, selected, onSelect }: { channel: Channel; selected: boolean; onSelect: () => void }) {
  return (
    <UnstyledButton role="tab" aria-selected={selected} onClick={onSelect} data-testid="channel-card">
      <Paper withBorder radius="md" p="sm" style={selected ? { borderColor: 'var(--mantine-primary-color-filled)', boxShadow: '0 0 0 1px var(--mantine-primary-color-filled)' } : undefined}>
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap">
            {icons[channel.type] ?? icons.webchat}
            <Text fw={500} truncate style={{ flex: 1 }}>
              {channel.name}
            </Text>
            {!channel.enabled && (
              <Badge size="xs" color="gray">
                off
              </Badge>
            )}
          </Group>
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="xs" c="dimmed">
              {typeLabel(channel.type)}
            </Text>
            <HealthBadge channel={channel} />
          </Group>
        </Stack>
      </Paper>
    </UnstyledButton>
  );
}

function NewWebchat({ onCreated, onCancel }: { onCreated: (channel: Channel) => void; onCancel: () => void }) {
  const create = useCreateChannel();
  const [name, setName] = useState('');
  const add = () => create.mutate({ type: 'webchat', name: name.trim() || 'Web chat' }, { onSuccess: onCreated });
  return (
    <Card withBorder mb="md">
      <Group align="flex-end" gap="xs">
        <TextInput label="New channel name" placeholder="Website chat" value={name} onChange={(event) => setName(event.currentTarget.value)} onKeyDown={(event) => event.key === 'Enter' && add()} autoFocus error={create.error ? errorMessage(create.error) : undefined} />
        <Button onClick={add} loading={create.isPending}>
          Create web chat
        </Button>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </Card>
  );
}
