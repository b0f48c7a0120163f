import { Badge, Code, Drawer, Group, Paper, Stack, Text } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { EmptyState } from '../../../ui/empty-state';
import { QueryError } from '../../../ui/query-error';
import { RelativeTime } from '../../../ui/relative-time';
import { TableSkeleton } from '../../../ui/table-skeleton';
import type { Source } from './api';
import { useDeadLetters } from './hooks';

/** Signed webhook bodies that were not posts, as received, with why. */
export function DeadLettersDrawer({ source, onClose }: { source: Source; onClose: () => void }) {
  const letters = useDeadLetters(source.id);
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={<Text fw={600}>Dead letters · {source.name}</Text>}>
      {letters.isPending ? (
        <TableSkeleton rows={3} />
      ) : letters.isError ? (
        <QueryError error={letters.error} onRetry={() => void letters.refetch()} />
      ) : letters.data.length === 0 ? (
        <EmptyState icon={<IconInbox size={24} />} title="No dead letters" description="Every signed body this webhook received was read as posts." />
      ) : (
        <Stack gap="sm">
          {letters.data.map((letter) => (
            <Paper key={letter.id} withBorder radius="md" p="sm">
              <Group justify="space-between" mb={6}>
                <Badge variant="light" color="gray" size="sm">
                  {letter.contentType ?? 'no content type'}
                </Badge>
                <RelativeTime value={letter.receivedAt} size="xs" />
              </Group>
              <Text size="sm" c="var(--mantine-color-red-text)" mb={6}>
                {letter.error}
              </Text>
              <Code block fz="xs" style={{ maxHeight: 180, overflow: 'auto', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {letter.body}
              </Code>
            </Paper>
          ))}
        </Stack>
      )}
    </Drawer>
  );
}
