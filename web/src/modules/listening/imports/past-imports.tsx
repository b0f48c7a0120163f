// The workspace's imports, newest first; choosing one shows its progress and rejected lines.
import { Badge, Table, Text } from '@mantine/core';
import { DataTable } from '../../../ui/data-table';
import { RelativeTime } from '../../../ui/relative-time';
import type { ListeningImport } from './api';
import { useDestinationLabel } from './hooks';
import { stateColors, stateLabels } from './import-progress';

const number = new Intl.NumberFormat();

export function PastImports({ imports, selected, onSelect }: { imports: ListeningImport[]; selected: string | null; onSelect: (id: string) => void }) {
  const destination = useDestinationLabel();
  return (
    <DataTable
      label="Past imports"
      minWidth={760}
      highlightOnHover
      head={
        <>
          <Table.Th>File</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th ta="right">Lines</Table.Th>
          <Table.Th ta="right">Mentions stored</Table.Th>
          <Table.Th ta="right">Rejected</Table.Th>
          <Table.Th>Started</Table.Th>
        </>
      }
    >
      {imports.map((row) => (
        <Table.Tr
          key={row.id}
          onClick={() => onSelect(row.id)}
          style={{ cursor: 'pointer' }}
          bg={row.id === selected ? 'var(--mantine-primary-color-light)' : undefined}
          aria-selected={row.id === selected}
        >
          <Table.Td>
            <Text size="sm" fw={500}>
              {row.fileName}
            </Text>
            <Text size="xs" c="dimmed">
              {destination(row)}
            </Text>
          </Table.Td>
          <Table.Td>
            <Badge color={stateColors[row.state]} variant="light">
              {stateLabels[row.state]}
            </Badge>
          </Table.Td>
          <Table.Td ta="right">{number.format(row.progress.linesRead)}</Table.Td>
          <Table.Td ta="right">{number.format(row.progress.mentionsStored)}</Table.Td>
          <Table.Td ta="right">{number.format(row.progress.rejectedLines)}</Table.Td>
          <Table.Td>{row.startedAt ? <RelativeTime value={row.startedAt} /> : <RelativeTime value={row.createdAt} />}</Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
