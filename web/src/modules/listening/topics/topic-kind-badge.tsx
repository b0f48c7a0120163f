import { Badge, ColorSwatch, Group, Text } from '@mantine/core';
import { topicKindLabels, type Topic, type TopicKind } from './api';

const kindColors: Record<TopicKind, string> = { brand: 'blue', competitor: 'orange', product: 'teal', campaign: 'grape', industry: 'cyan', other: 'gray' };

export function TopicKindBadge({ kind }: { kind: TopicKind }) {
  return (
    <Badge variant="light" color={kindColors[kind]} size="sm">
      {topicKindLabels[kind]}
    </Badge>
  );
}

export function TopicName({ topic }: { topic: Topic }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ColorSwatch color={topic.color ?? 'var(--mantine-color-gray-4)'} size={12} withShadow={false} />
      <Text fw={600} size="sm" truncate>
        {topic.name}
      </Text>
    </Group>
  );
}
