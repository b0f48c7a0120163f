// One import as it runs and after: a progress bar over the file's bytes, the counts, the rate, the
// rejected lines with their line numbers and reasons, and cancel while it runs.
import { Alert, Badge, Button, Group, Paper, Progress, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPlayerStop } from '@tabler/icons-react';
import { errorMessage } from '../../../lib/api';
import { isActive, type ImportState, type ListeningImport } from './api';
import { useCancelImport, useDestinationLabel } from './hooks';
import classes from './imports.module.css';

const number = new Intl.NumberFormat();
export const stateColors: Record<ImportState, string> = { queued: 'gray', running: 'blue', done: 'green', failed: 'red', cancelled: 'orange' };
export const stateLabels: Record<ImportState, string> = { queued: 'Queued', running: 'Importing', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' };

/** Lines a second since the import started (until it finished). */
function rateOf(row: ListeningImport): number | null {
  if (!row.startedAt || row.progress.linesRead === 0) return null;
  const end = row.finishedAt ? Date.parse(row.finishedAt) : Date.parse(row.updatedAt);
  const seconds = (end - Date.parse(row.startedAt)) / 1000;
  return seconds > 0 ? row.progress.linesRead / seconds : null;
}

function Stat({ label, value, color }: { label: string; value: number | string; color?: string }) {
  return (
    <Stack gap={0} className={classes.stat}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={22} fw={650} c={color}>
        {typeof value === 'number' ? number.format(value) : value}
      </Text>
    </Stack>
  );
}

export function ImportProgress({ row }: { row: ListeningImport }) {
  const cancel = useCancelImport();
  const destination = useDestinationLabel();
  const { progress } = row;
  const percent = progress.totalBytes > 0 ? Math.min(100, (progress.bytesRead / progress.totalBytes) * 100) : 0;
  const rate = rateOf(row);
  const active = isActive(row);

  return (
    <Paper withBorder radius="md" p="lg" data-testid="import-progress">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Text fw={600}>{row.fileName}</Text>
            <Badge color={stateColors[row.state]} variant="light">
              {stateLabels[row.state]}
            </Badge>
            <Text size="sm" c="dimmed">
              {row.format.toUpperCase()} · {destination(row)}
            </Text>
          </Group>
          {active && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconPlayerStop size={16} />}
              loading={cancel.isPending}
              onClick={() => cancel.mutate(row.id, { onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }) })}
            >
              Cancel import
            </Button>
          )}
        </Group>
        <Stack gap={4}>
          <Progress value={row.state === 'done' ? 100 : percent} animated={active} color={stateColors[row.state]} size="lg" aria-label="Import progress" />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {row.state === 'done' ? '100' : percent.toFixed(percent < 10 ? 1 : 0)}% of the file read
            </Text>
            <Text size="xs" c="dimmed">
              {rate !== null ? `${number.format(Math.round(rate))} lines/s` : active ? 'Waiting for a worker…' : ''}
            </Text>
          </Group>
        </Stack>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md">
          <Stat label="Lines read" value={progress.linesRead} />
          <Stat label="Posts accepted" value={progress.postsAccepted} />
          <Stat label="Mentions stored" value={progress.mentionsStored} color="green" />
          <Stat label="Duplicates" value={progress.duplicates} />
          <Stat label="Rejected lines" value={progress.rejectedLines} color={progress.rejectedLines > 0 ? 'red' : undefined} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          Only posts matching one of your topics’ queries become mentions ({number.format(progress.postsMatched)} of {number.format(progress.postsAccepted)}{active ? ' so far' : ''}).
        </Text>
        {row.error && (
          <Alert color="red" icon={<IconAlertTriangle size={16} />}>
            {row.error}
          </Alert>
        )}
        {row.errors.length > 0 && <RejectedLines row={row} />}
      </Stack>
    </Paper>
  );
}

function RejectedLines({ row }: { row: ListeningImport }) {
  const more = row.progress.rejectedLines - row.errors.length;
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        Rejected lines
      </Text>
      <ScrollArea.Autosize mah={280} type="auto">
        <Table aria-label="Rejected lines" fz="sm" verticalSpacing={4} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Line</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {row.errors.map((error) => (
              <Table.Tr key={error.line}>
                <Table.Td>{error.line}</Table.Td>
                <Table.Td>{error.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {more > 0 && (
        <Text size="xs" c="dimmed">
          …and {number.format(more)} more (the first {row.errors.length} are kept).
        </Text>
      )}
    </Stack>
  );
}
