import { Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconBrandBluesky,
  IconBrandFacebook,
  IconBrandInstagram,
  IconBrandLinkedin,
  IconBrandMastodon,
  IconBrandReddit,
  IconBrandTelegram,
  IconBrandWhatsapp,
  IconBrandX,
  IconBrandYoutube,
  IconMail,
  IconMessageChatbot,
  IconPhone,
  IconUsersGroup,
  IconWorld,
  type Icon,
} from '@tabler/icons-react';
import { channelLabels, compactNumber, isOneOf, IDENTITY_CHANNELS, type IdentityChannel } from './constants';

const icons: Record<IdentityChannel, Icon> = {
  email: IconMail,
  phone: IconPhone,
  twitter: IconBrandX,
  facebook: IconBrandFacebook,
  instagram: IconBrandInstagram,
  whatsapp: IconBrandWhatsapp,
  telegram: IconBrandTelegram,
  mastodon: IconBrandMastodon,
  bluesky: IconBrandBluesky,
  reddit: IconBrandReddit,
  youtube: IconBrandYoutube,
  linkedin: IconBrandLinkedin,
  community: IconUsersGroup,
  webchat: IconMessageChatbot,
};

const colors: Record<IdentityChannel, string> = {
  email: 'gray',
  phone: 'gray',
  twitter: 'dark',
  facebook: 'blue',
  instagram: 'pink',
  whatsapp: 'green',
  telegram: 'cyan',
  mastodon: 'violet',
  bluesky: 'blue',
  reddit: 'orange',
  youtube: 'red',
  linkedin: 'indigo',
  community: 'teal',
  webchat: 'grape',
};

export function channelLabel(channel: string): string {
  return isOneOf(IDENTITY_CHANNELS, channel) ? channelLabels[channel] : channel;
}

/** How an identity reads: @handle on social networks, the address or number itself otherwise. */
export function identityText(identity: { channel: string; handle: string | null; externalId?: string }): string {
  const value = identity.handle ?? identity.externalId ?? '';
  return ['email', 'phone', 'whatsapp'].includes(identity.channel) || !identity.handle ? value : `@${identity.handle}`;
}

export function channelColor(channel: string): string {
  return isOneOf(IDENTITY_CHANNELS, channel) ? colors[channel] : 'gray';
}

export function ChannelIcon({ channel, size = 16 }: { channel: string; size?: number }) {
  const Glyph = isOneOf(IDENTITY_CHANNELS, channel) ? icons[channel] : IconWorld;
  return <Glyph size={size} stroke={1.7} aria-hidden />;
}

/** The networks a contact is on, as small tinted icons with the handle in a tooltip. */
export function ChannelIcons({ channels, max = 5 }: { channels: { channel: string; handle: string | null; followers: number | null }[]; max?: number }) {
  if (channels.length === 0) return <Text size="xs" c="dimmed">—</Text>;
  const shown = channels.slice(0, max);
  const label = channels.map((c) => `${channelLabel(c.channel)}${c.handle ? ` ${identityText(c)}` : ''}`).join(', ');
  return (
    <Group gap={4} wrap="nowrap" aria-label={label} role="img">
      {shown.map((c, index) => (
        <Tooltip key={`${c.channel}-${index}`} label={`${channelLabel(c.channel)}${c.handle ? ` · ${identityText(c)}` : ''}${c.followers !== null ? ` · ${compactNumber(c.followers)} followers` : ''}`} withArrow>
          <ThemeIcon size={22} radius="xl" variant="light" color={channelColor(c.channel)}>
            <ChannelIcon channel={c.channel} size={13} />
          </ThemeIcon>
        </Tooltip>
      ))}
      {channels.length > max && (
        <Text size="xs" c="dimmed">
          +{channels.length - max}
        </Text>
      )}
    </Group>
  );
}
