import { ActionIcon, Code, CopyButton, Group, Paper, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** A value shown once (an invite link, an API key) with a copy button beside it. */
export function SecretField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  return (
    <Paper withBorder radius="md" p={6} pl="sm">
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Code data-testid={testId} bg="transparent" fz="sm" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withArrow>
              <ActionIcon variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy} aria-label={`Copy ${label}`} size="lg">
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Paper>
  );
}
