import { Badge, Code, Table, Text } from '@mantine/core';
import type { AuditEvent } from './api';

type DiffRow = { field: string; before: unknown; after: unknown; changed: boolean };

function present(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

export function diffRows(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffRow[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => {
    const previous = before?.[field];
    const next = after?.[field];
    return { field, before: previous, after: next, changed: JSON.stringify(previous) !== JSON.stringify(next) };
  });
}

function Value({ value }: { value: unknown }) {
  if (value === undefined) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const text = present(value);
  return (
    <Code block={text.includes('\n')} fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {text === '' ? '""' : text}
    </Code>
  );
}

export function AuditDiff({ event }: { event: AuditEvent }) {
  const rows = diffRows(event.before, event.after);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This event recorded no field values.
      </Text>
    );
  }
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={6} fz="sm" aria-label={`Changes recorded by ${event.action}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="22%">Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.field} bg={row.changed ? 'var(--mantine-color-yellow-light)' : undefined} data-changed={row.changed || undefined}>
            <Table.Td>
              <Text size="sm" fw={row.changed ? 600 : 400} span>
                {row.field}
              </Text>
              {row.changed && (
                <Badge size="xs" color="yellow" variant="filled" ml={6} radius="sm">
                  changed
                </Badge>
              )}
            </Table.Td>
            <Table.Td>
              <Value value={row.before} />
            </Table.Td>
            <Table.Td>
              <Value value={row.after} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
