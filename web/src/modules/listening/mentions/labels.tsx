// Small presentational pieces of a mention: sentiment badge, channel mark, markers, author line.
import { Badge, Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconArticle, IconCopy, IconDiscountCheckFilled, IconMessages, IconNews, IconStar, IconUserCheck, IconUsersGroup, type Icon } from '@tabler/icons-react';
import { ChannelIcon, channelColor, channelLabel } from '../../contacts/channel-icon';
import { compactNumber } from '../../contacts/constants';
import { isNearDuplicate, isSpam, type Mention, type Sentiment } from './api';

export const sentimentColors: Record<Sentiment, string> = { positive: 'teal', neutral: 'gray', negative: 'red' };
export const sentimentNames: Record<Sentiment, string> = { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' };

export function SentimentBadge({ mention }: { mention: Mention }) {
  const { label, by, machineLabel } = mention.sentiment;
  const help = by === 'person' ? `Corrected by a person (the machine said ${machineLabel})` : by === 'model' ? "Labelled by this workspace's model" : 'Labelled by the machine';
  return (
    <Tooltip label={help} withArrow>
      <Badge size="sm" variant={by === 'person' ? 'filled' : 'light'} color={sentimentColors[label]} aria-label={`Sentiment: ${label}${by === 'person' ? ', corrected' : ''}`}>
        {sentimentNames[label]}
        {by === 'person' ? ' ✓' : ''}
      </Badge>
    </Tooltip>
  );
}

// Kinds of sites that are not CRM identity channels.
const SITE_KINDS: Record<string, { label: string; icon: Icon; color: string }> = {
  news: { label: 'News', icon: IconNews, color: 'gray' },
  blog: { label: 'Blog', icon: IconArticle, color: 'lime' },
  review: { label: 'Review site', icon: IconStar, color: 'yellow' },
  forum: { label: 'Forum', icon: IconMessages, color: 'teal' },
};

export const channelName = (channel: string) => SITE_KINDS[channel]?.label ?? channelLabel(channel);

export function ChannelMark({ channel }: { channel: string | null }) {
  const name = channel ?? 'web';
  const site = SITE_KINDS[name];
  return (
    <Tooltip label={channelName(name)} withArrow>
      <ThemeIcon size={22} radius="xl" variant="light" color={site?.color ?? channelColor(name)} aria-label={channelName(name)} role="img">
        {site ? <site.icon size={13} stroke={1.7} aria-hidden /> : <ChannelIcon channel={name} size={13} />}
      </ThemeIcon>
    </Tooltip>
  );
}

export function AuthorLine({ mention }: { mention: Mention }) {
  const { name, handle, followers, verified } = mention.author;
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      <Text size="sm" fw={600} truncate="end" maw={220}>
        {name ?? (handle ? `@${handle}` : 'Unknown author')}
      </Text>
      {verified && <IconDiscountCheckFilled size={15} color="var(--mantine-color-blue-6)" aria-label="Verified" />}
      {handle && name && (
        <Text size="sm" c="dimmed" truncate="end" maw={180}>
          @{handle}
        </Text>
      )}
      {followers !== null && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          · {compactNumber(followers)} followers
        </Text>
      )}
    </Group>
  );
}

/** Spam, near-duplicate, linked contact and assignment markers. */
export function MentionMarkers({ mention }: { mention: Mention }) {
  return (
    <>
      {isSpam(mention) && (
        <Tooltip label={mention.spamMarked === null ? `The machine thinks it is spam (${Math.round(mention.spamScore * 100)}%)` : 'Marked spam by a person'} withArrow>
          <Badge size="sm" variant="outline" color="orange">
            Spam
          </Badge>
        </Tooltip>
      )}
      {mention.relevance === 'irrelevant' && (
        <Badge size="sm" variant="outline" color="gray">
          Irrelevant
        </Badge>
      )}
      {isNearDuplicate(mention) && (
        <Tooltip label="A near-duplicate of an earlier post (copy-paste, retweet)" withArrow>
          <Badge size="sm" variant="outline" color="grape" leftSection={<IconCopy size={11} />}>
            Duplicate
          </Badge>
        </Tooltip>
      )}
      {mention.contactId && (
        <Tooltip label="The author is a contact" withArrow>
          <IconUserCheck size={16} color="var(--mantine-color-teal-6)" aria-label="Linked to a contact" />
        </Tooltip>
      )}
      {mention.assignment && (
        <Tooltip label={mention.assignment.note ?? 'Assigned'} withArrow>
          <Badge size="sm" variant="light" color="indigo" leftSection={<IconUsersGroup size={11} />}>
            Assigned
          </Badge>
        </Tooltip>
      )}
    </>
  );
}
