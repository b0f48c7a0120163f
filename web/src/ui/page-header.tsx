import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader({ title, description, actions, order = 1 }: { title: string; description?: ReactNode; actions?: ReactNode; order?: 1 | 2 }) {
  return (
    <Group justify="space-between" align="flex-start" gap="md" mb="lg" wrap="wrap">
      <Stack gap={4} style={{ flex: '1 1 260px' }}>
        <Title order={order} fz={order === 1 ? 26 : 20} fw={650} style={{ letterSpacing: '-0.01em' }}>
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
