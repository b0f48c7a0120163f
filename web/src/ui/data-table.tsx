import { Paper, Table } from '@mantine/core';
import type { ReactNode } from 'react';

type DataTableProps = {
  /** Accessible name of the table. */
  label: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** The header cells (`Table.Th`), placed in the single header row. */
  head: ReactNode;
  /** The body rows (`Table.Tr`). */
  children: ReactNode;
  highlightOnHover?: boolean;
  withColumnBorders?: boolean;
};

/** The bordered, horizontally scrollable table frame shared by the settings lists. */
export function DataTable({ label, minWidth, head, children, highlightOnHover, withColumnBorders }: DataTableProps) {
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover={highlightOnHover} withColumnBorders={withColumnBorders} aria-label={label}>
          <Table.Thead bg="var(--mantine-color-default-hover)">
            <Table.Tr>{head}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
