import { Group, Text, useMantineTheme } from '@mantine/core';

export function LogoMark({ size = 28 }: { size?: number }) {
  const theme = useMantineTheme();
  const color = theme.colors[theme.primaryColor]?.[6] ?? '#4c6ef5';
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill={color} />
      <path d="M9 10.5A3.5 3.5 0 0 1 12.5 7h9A3.5 3.5 0 0 1 25 10.5v6a3.5 3.5 0 0 1-3.5 3.5H16l-4.5 4v-4A3.5 3.5 0 0 1 9 16.5z" fill="#fff" />
      <circle cx="13.5" cy="13.5" r="1.4" fill={color} />
      <circle cx="17" cy="13.5" r="1.4" fill={color} />
      <circle cx="20.5" cy="13.5" r="1.4" fill={color} />
    </svg>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <LogoMark size={size} />
      <Text component="span" fw={700} fz={size * 0.68} lh={1} style={{ letterSpacing: '-0.02em' }}>
        Parley
      </Text>
    </Group>
  );
}
