// Actions on the selected mentions: sentiment, relevance, spam, tags. Each is a correction of every
// mention, so they teach the workspace's model as corrections one by one do.
import { Affix, Button, Group, Menu, Paper, TagsInput, Text, Transition } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconTag, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/api';
import type { BulkSet } from './api';
import { useBulkReview } from './hooks';
import { sentimentNames } from './labels';

export function BulkBar({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const bulk = useBulkReview();
  const [tags, setTags] = useState<string[]>([]);
  const apply = (set: BulkSet, what: string) =>
    bulk.mutate(
      { ids, set },
      {
        onSuccess: (result) => notifications.show({ color: 'teal', message: `${what}: ${result.updated} mention${result.updated === 1 ? '' : 's'}.` }),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  return (
    <Affix position={{ bottom: 20, left: 0, right: 0 }} zIndex={150}>
      <Transition mounted={ids.length > 0} transition="slide-up">
        {(style) => (
          <Group justify="center" style={style}>
            <Paper shadow="lg" withBorder radius="md" p="xs" px="md" role="region" aria-label="Bulk actions">
              <Group gap="sm" wrap="wrap">
                <Text size="sm" fw={600}>
                  {ids.length} selected
                </Text>
                <Menu position="top">
                  <Menu.Target>
                    <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />} loading={bulk.isPending}>
                      Sentiment
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {(['positive', 'neutral', 'negative'] as const).map((label) => (
                      <Menu.Item key={label} onClick={() => apply({ sentiment: label }, `Marked ${label}`)}>
                        {sentimentNames[label]}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
                <Button size="xs" variant="default" onClick={() => apply({ relevance: 'irrelevant' }, 'Marked irrelevant')}>
                  Irrelevant
                </Button>
                <Button size="xs" variant="default" onClick={() => apply({ relevance: 'relevant' }, 'Marked relevant')}>
                  Relevant
                </Button>
                <Button size="xs" variant="default" onClick={() => apply({ spam: true }, 'Marked spam')}>
                  Spam
                </Button>
                <Group gap={4} wrap="nowrap">
                  <TagsInput size="xs" placeholder="Tags to add" value={tags} onChange={setTags} w={180} aria-label="Tags to add to the selected mentions" />
                  <Button
                    size="xs"
                    leftSection={<IconTag size={14} />}
                    disabled={tags.length === 0}
                    onClick={() => {
                      apply({ addTags: tags.map((tag) => tag.trim().toLowerCase().replace(/^#/, '')) }, `Tagged ${tags.map((tag) => `#${tag}`).join(' ')}`);
                      setTags([]);
                    }}
                  >
                    Tag
                  </Button>
                </Group>
                <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
                  Clear
                </Button>
              </Group>
            </Paper>
          </Group>
        )}
      </Transition>
    </Affix>
  );
}
