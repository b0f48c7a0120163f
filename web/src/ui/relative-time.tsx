import { Text, Tooltip } from '@mantine/core';
import { exactTime, fromNow } from '../lib/dates';

export function RelativeTime({ value, size = 'sm' }: { value: string; size?: 'xs' | 'sm' }) {
  return (
    <Tooltip label={exactTime(value)} withArrow openDelay={200}>
      <Text component="time" dateTime={value} size={size} title={exactTime(value)} style={{ whiteSpace: 'nowrap' }}>
        {fromNow(value)}
      </Text>
    </Tooltip>
  );
}
