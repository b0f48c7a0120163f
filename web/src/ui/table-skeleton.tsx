import { Paper, Skeleton, Stack } from '@mantine/core';

export function TableSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Paper withBorder radius="md" p="md" aria-busy="true" aria-label="Loading">
      <Stack gap="sm">
        <Skeleton height={14} width="40%" />
        {Array.from({ length: rows }, (_, index) => (
          <Skeleton key={index} height={28} />
        ))}
      </Stack>
    </Paper>
  );
}
