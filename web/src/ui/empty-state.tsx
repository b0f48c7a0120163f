import { EmptyState as MantineEmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

export function EmptyState({ icon, title, description, action, bordered = true }: { icon: ReactNode; title: string; description: ReactNode; action?: ReactNode; bordered?: boolean }) {
  const content = (
    <MantineEmptyState icon={icon} title={title} description={description} variant="light" py="xl" px="md" maw={560} mx="auto">
      {action && <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions>}
    </MantineEmptyState>
  );
  if (!bordered) return content;
  return (
    <Paper withBorder radius="md" py="lg" style={{ borderStyle: 'dashed' }}>
      {content}
    </Paper>
  );
}
