import { Avatar, Badge, Box, Checkbox, Group, Highlight, Stack } from '@mantine/core';
import { memo } from 'react';
import { RelativeTime } from '../../../ui/relative-time';
import type { Mention, TopicRef } from './api';
import { AuthorLine, ChannelMark, MentionMarkers, SentimentBadge } from './labels';
import classes from './mentions.module.css';

type Props = {
  mention: Mention;
  terms: string[];
  topics: Map<string, TopicRef>;
  active: boolean;
  selected: boolean;
  selectable: boolean;
  onOpen: (id: string) => void;
  onSelect: (id: string, on: boolean) => void;
};

/** One mention in the explorer's list: who, where, when, the text with the matched words, the labels. */
export const MentionRow = memo(function MentionRow({ mention, terms, topics, active, selected, selectable, onOpen, onSelect }: Props) {
  const who = mention.author.name ?? mention.author.handle ?? '?';
  return (
    <Box
      className={classes.row}
      data-active={active || undefined}
      data-selected={selected || undefined}
      data-testid="mention-row"
      data-mention-id={mention.id}
      onClick={() => onOpen(mention.id)}
      role="listitem"
      aria-current={active || undefined}
    >
      <Group align="flex-start" gap="sm" wrap="nowrap">
        {selectable && (
          <Checkbox
            mt={6}
            size="xs"
            checked={selected}
            aria-label={`Select the mention by ${who}`}
            onClick={(event) => event.stopPropagation()}
            onChange={(event) => onSelect(mention.id, event.currentTarget.checked)}
          />
        )}
        <Avatar src={mention.author.avatarUrl} size={34} radius="xl" color="initials" name={who} />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <AuthorLine mention={mention} />
            <Group gap={6} wrap="nowrap" c="dimmed">
              <ChannelMark channel={mention.channel} />
              <RelativeTime value={mention.publishedAt} size="xs" />
            </Group>
          </Group>
          {showsTitle(mention) && (
            <Highlight highlight={terms} size="sm" fw={600} lineClamp={1}>
              {mention.title ?? ''}
            </Highlight>
          )}
          <Highlight highlight={terms} size="sm" lineClamp={3} className={classes.text}>
            {mention.text}
          </Highlight>
          <Group gap={6} wrap="wrap">
            <SentimentBadge mention={mention} />
            {mention.lang && (
              <Badge size="sm" variant="default" tt="uppercase" aria-label={`Language: ${mention.lang}`}>
                {mention.lang}
              </Badge>
            )}
            {mention.topicIds.map((topicId) => {
              const topic = topics.get(topicId);
              return topic ? (
                <Badge key={topicId} size="sm" variant="dot" color={topic.color ?? 'blue'} tt="none">
                  {topic.name}
                </Badge>
              ) : null;
            })}
            {mention.tags.map((tag) => (
              <Badge key={tag} size="sm" variant="light" color="cyan" tt="none">
                #{tag}
              </Badge>
            ))}
            <MentionMarkers mention={mention} />
          </Group>
        </Stack>
      </Group>
    </Box>
  );
});

/** A title worth its own line: not the first words of the text again (Reddit, reviews). */
export function showsTitle(mention: Mention): boolean {
  return mention.title !== null && mention.title.trim() !== '' && !mention.text.trimStart().startsWith(mention.title.trim());
}
