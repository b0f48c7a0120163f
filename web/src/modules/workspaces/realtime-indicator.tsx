import { Box, Group, Text, Tooltip } from '@mantine/core';
import type { RealtimeStatus } from './realtime';

const presentation: Record<RealtimeStatus, { color: string; label: string; help: string }> = {
  connected: { color: 'var(--mantine-color-teal-6)', label: 'Live', help: 'Changes made by others appear here as they happen.' },
  connecting: { color: 'var(--mantine-color-yellow-6)', label: 'Connecting', help: 'Connecting to live updates…' },
  reconnecting: { color: 'var(--mantine-color-orange-6)', label: 'Reconnecting', help: 'Live updates are interrupted; retrying. Reload to see the latest data.' },
};

export function RealtimeIndicator({ status }: { status: RealtimeStatus }) {
  const { color, label, help } = presentation[status];
  return (
    <Tooltip label={help} withArrow multiline w={220}>
      <Group gap={6} wrap="nowrap" role="status" aria-live="polite" aria-label={`Live updates: ${label}`} tabIndex={0} px={6} style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
        <Box w={8} h={8} style={{ borderRadius: '50%', background: color, boxShadow: status === 'connected' ? `0 0 0 3px color-mix(in srgb, ${color} 25%, transparent)` : undefined }} />
        <Text size="xs" c="dimmed" visibleFrom="sm">
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}
