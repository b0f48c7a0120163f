import { Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { dayjs } from '../../lib/dates';
import { DataTable } from '../../ui/data-table';
import type { InboxMetrics } from './api';
import { channelLabels, formatDuration, formatPercent, formatScore, groupByLabels } from './format';

type Row = InboxMetrics['rows'][number];
type Column = { id: string; label: string; value: (row: Row) => number | string | null; show: (row: Row) => ReactNode };

const COLUMNS: Column[] = [
  { id: 'created', label: 'New', value: (r) => r.conversationsCreated, show: (r) => String(r.conversationsCreated) },
  { id: 'resolved', label: 'Resolved', value: (r) => r.conversationsResolved, show: (r) => String(r.conversationsResolved) },
  {
    id: 'firstResponse',
    label: 'First response',
    value: (r) => r.firstResponse.median,
    show: (r) => (
      <>
        {formatDuration(r.firstResponse.median)}
        {r.firstResponse.count > 1 && (
          <Text size="xs" c="dimmed">
            p90 {formatDuration(r.firstResponse.p90)}
          </Text>
        )}
      </>
    ),
  },
  { id: 'responseRate', label: 'Response rate', value: (r) => r.responseRate, show: (r) => formatPercent(r.responseRate) },
  { id: 'responseTime', label: 'Response time', value: (r) => r.responseTime.median, show: (r) => formatDuration(r.responseTime.median) },
  { id: 'resolution', label: 'Resolution', value: (r) => r.resolution.median, show: (r) => formatDuration(r.resolution.median) },
  { id: 'sla', label: 'SLA', value: (r) => r.sla.attainment, show: (r) => formatPercent(r.sla.attainment) },
  { id: 'csat', label: 'CSAT', value: (r) => r.csat.average, show: (r) => (r.csat.responses === 0 ? '—' : `${formatScore(r.csat.average)} (${r.csat.responses})`) },
];

function rowLabel(metrics: InboxMetrics, row: Row): string {
  if (metrics.groupBy === 'channel') return row.key ? (channelLabels[row.key] ?? row.key) : '—';
  if (metrics.groupBy === 'day') return dayjs(row.label).format('ddd D MMM YYYY');
  if (metrics.groupBy === 'week') return `Week of ${dayjs(row.label).format('D MMM YYYY')}`;
  return row.label;
}

/** One row per agent, team, channel, day or week; every column sorts (empty values last). */
export function MetricsTable({ metrics }: { metrics: InboxMetrics }) {
  const periodic = metrics.groupBy === 'day' || metrics.groupBy === 'week';
  const [sort, setSort] = useState<{ id: string; descending: boolean }>({ id: periodic ? 'name' : 'created', descending: !periodic });
  const column = COLUMNS.find((c) => c.id === sort.id);
  const rows = [...metrics.rows].sort((a, b) => {
    const left = column ? column.value(a) : periodic ? (a.key ?? '') : rowLabel(metrics, a);
    const right = column ? column.value(b) : periodic ? (b.key ?? '') : rowLabel(metrics, b);
    if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
    const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
    return sort.descending ? -order : order;
  });
  const toggle = (id: string) => setSort((current) => (current.id === id ? { id, descending: !current.descending } : { id, descending: id !== 'name' }));

  const header = (id: string, label: string, align: 'left' | 'right') => {
    const active = sort.id === id;
    const Icon = active ? (sort.descending ? IconArrowDown : IconArrowUp) : IconSelector;
    return (
      <Table.Th key={id} ta={align} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton onClick={() => toggle(id)} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', whiteSpace: 'nowrap' }}>
          {label}
          <Icon size={14} stroke={1.6} />
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <DataTable
      label={`Metrics by ${groupByLabels[metrics.groupBy].toLowerCase()}`}
      minWidth={1060}
      highlightOnHover
      head={
        <>
          {header('name', groupByLabels[metrics.groupBy], 'left')}
          {COLUMNS.map((c) => header(c.id, c.label, 'right'))}
        </>
      }
    >
      {rows.map((row) => (
        <Table.Tr key={row.key ?? '∅'} data-testid="metrics-row">
          <Table.Td>
            <Text size="sm" fw={500} c={row.key === null ? 'dimmed' : undefined}>
              {rowLabel(metrics, row)}
            </Text>
          </Table.Td>
          {COLUMNS.map((c) => (
            <Table.Td key={c.id} ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
              {c.show(row)}
            </Table.Td>
          ))}
        </Table.Tr>
      ))}
    </DataTable>
  );
}
