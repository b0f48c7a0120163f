// Small visual signals shared by the list, the profile and the duplicates review.
import { Avatar, Badge, Box, Group, Progress, Text, Tooltip } from '@mantine/core';
import { IconStarFilled } from '@tabler/icons-react';
import { lifecycleColors, lifecycleLabels, sentimentColor, sentimentLabel, type LifecycleStage } from './constants';

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

export function ContactAvatar({ name, src, size = 32 }: { name: string; src: string | null; size?: number }) {
  return (
    <Avatar src={src} size={size} radius="xl" color="initials" name={name} alt="">
      {initialsOf(name)}
    </Avatar>
  );
}

export function InfluenceMeter({ score, width = 64 }: { score: number; width?: number }) {
  const color = score >= 60 ? 'grape' : score >= 30 ? 'blue' : 'gray';
  return (
    <Tooltip label={`Influence ${score.toFixed(1)} / 100`} withArrow>
      <Group gap={6} wrap="nowrap" aria-label={`Influence ${Math.round(score)} out of 100`}>
        <Progress value={score} w={width} size="sm" color={color} radius="xl" aria-hidden />
        <Text size="xs" c="dimmed" w={24} ta="right">
          {Math.round(score)}
        </Text>
      </Group>
    </Tooltip>
  );
}

export function SentimentDot({ value, size = 10 }: { value: number | null; size?: number }) {
  const label = sentimentLabel(value);
  return (
    <Tooltip label={label} withArrow>
      <Box
        role="img"
        aria-label={label}
        w={size}
        h={size}
        style={{ borderRadius: '50%', flexShrink: 0, background: value === null ? 'var(--mantine-color-default-border)' : `var(--mantine-color-${sentimentColor(value)}-6)` }}
      />
    </Tooltip>
  );
}

export function VipStar({ size = 14 }: { size?: number }) {
  return (
    <Tooltip label="VIP" withArrow>
      <Box component="span" role="img" aria-label="VIP" c="yellow.6" style={{ display: 'inline-flex' }}>
        <IconStarFilled size={size} />
      </Box>
    </Tooltip>
  );
}

export function LifecycleBadge({ stage }: { stage: LifecycleStage }) {
  return (
    <Badge variant="light" color={lifecycleColors[stage]} radius="sm" tt="none" style={{ minWidth: 'max-content' }}>
      {lifecycleLabels[stage]}
    </Badge>
  );
}
