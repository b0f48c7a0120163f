import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import type { ReactNode } from 'react';
import { Badge, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { dayjs } from '../../lib/dates';
import { DataTable } from '../../ui/data-table';
import { ACQUISITION_SOURCES, type AcquisitionSource, type ConversionReport } from './api';
import { formatTotals, sourceLabels } from './format';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const daysText = (days: number | null) => (days === null ? '—' : `${days} d`);

function ChartCard({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} fz="md" fw={600}>
        {title}
      </Title>
      <Text size="xs" c="dimmed" mb="md">
        {description}
      </Text>
      {children}
    </Paper>
  );
}

export function ConversionReportView({ report }: { report: ConversionReport }) {
  const sources = ACQUISITION_SOURCES.filter(
    (source) => report.leads.bySource.some((row) => row.source === source) || report.deals.bySource.some((row) => row.source === source),
  );
  const leadsOf = (source: AcquisitionSource) => report.leads.bySource.find((row) => row.source === source);
  const dealsOf = (source: AcquisitionSource) => report.deals.bySource.find((row) => row.source === source);

  const rateData = report.leads.bySource.map((row) => ({ source: sourceLabels[row.source], rate: row.rate === null ? 0 : Math.round(row.rate * 1000) / 10 }));
  const groupData = (['social', 'traditional'] as const).map((group) => {
    const leads = report.leads.byGroup.find((row) => row.group === group);
    const deals = report.deals.byGroup.find((row) => row.group === group);
    return {
      group: group === 'social' ? 'Social' : 'Traditional',
      'Lead → customer': leads?.rate === null || !leads ? 0 : Math.round(leads.rate * 1000) / 10,
      'Win rate': deals?.winRate === null || !deals ? 0 : Math.round(deals.winRate * 1000) / 10,
    };
  });
  const closeData = report.deals.bySource
    .filter((row) => row.won > 0)
    .map((row) => ({ source: sourceLabels[row.source], Average: row.avgDaysToClose ?? 0, Median: row.medianDaysToClose ?? 0 }));

  const sum = <T,>(rows: T[], value: (row: T) => number) => rows.reduce((total, row) => total + value(row), 0);
  const trendData = report.periods.map((period) => {
    const leads = report.leads.byPeriod.filter((row) => row.period === period);
    const deals = report.deals.byPeriod.filter((row) => row.period === period);
    return {
      period: report.period === 'month' ? dayjs(period).format('MMM YYYY') : `Week of ${dayjs(period).format('D MMM')}`,
      'New contacts': sum(leads, (row) => row.contacts),
      'Became customers': sum(leads, (row) => row.customers),
      'Deals won': sum(deals, (row) => row.won),
    };
  });

  return (
    <Stack gap="lg">
      <ChartCard title={report.period === 'month' ? 'By month' : 'By week'} description="New contacts of the period, how many of them became customers, and deals won (by close date).">
        <BarChart
          h={200}
          data={trendData}
          dataKey="period"
          withLegend
          series={[
            { name: 'New contacts', color: 'gray.5' },
            { name: 'Became customers', color: 'teal.6' },
            { name: 'Deals won', color: 'blue.6' },
          ]}
          tickLine="y"
        />
      </ChartCard>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <ChartCard title="Lead-to-customer rate by source" description="Contacts created in the period that became customers.">
          {rateData.length === 0 ? (
            <Text size="sm" c="dimmed">No new contacts in this period.</Text>
          ) : (
            <BarChart h={220} data={rateData} dataKey="source" series={[{ name: 'rate', label: 'Rate', color: 'teal.6' }]} valueFormatter={(value) => `${value}%`} tickLine="y" />
          )}
        </ChartCard>
        <ChartCard title="Social versus traditional" description="Social: channels, mentions, conversations, community threads.">
          <BarChart
            h={220}
            data={groupData}
            dataKey="group"
            withLegend
            series={[
              { name: 'Lead → customer', color: 'violet.6' },
              { name: 'Win rate', color: 'blue.6' },
            ]}
            valueFormatter={(value) => `${value}%`}
            tickLine="y"
          />
        </ChartCard>
        <ChartCard title="Time to close by source" description="Days from a won deal's creation to its close.">
          {closeData.length === 0 ? (
            <Text size="sm" c="dimmed">No deals won in this period.</Text>
          ) : (
            <BarChart
              h={220}
              data={closeData}
              dataKey="source"
              withLegend
              series={[
                { name: 'Average', color: 'orange.6' },
                { name: 'Median', color: 'yellow.6' },
              ]}
              valueFormatter={(value) => `${value} d`}
              tickLine="y"
            />
          )}
        </ChartCard>
      </SimpleGrid>

      <DataTable
        label="Conversion by source"
        minWidth={900}
        head={
          <>
            <Table.Th>Source</Table.Th>
            <Table.Th ta="right">New contacts</Table.Th>
            <Table.Th ta="right">Customers</Table.Th>
            <Table.Th ta="right">Lead → customer</Table.Th>
            <Table.Th ta="right">Won</Table.Th>
            <Table.Th ta="right">Lost</Table.Th>
            <Table.Th ta="right">Win rate</Table.Th>
            <Table.Th ta="right">Won amount</Table.Th>
            <Table.Th ta="right">Avg days</Table.Th>
            <Table.Th ta="right">Median days</Table.Th>
          </>
        }
      >
        {sources.map((source) => {
          const leads = leadsOf(source);
          const deals = dealsOf(source);
          return (
            <Table.Tr key={source}>
              <Table.Td>
                <Text size="sm" span fw={500}>
                  {sourceLabels[source]}
                </Text>{' '}
                <Badge size="xs" variant="light" color={leads?.group === 'social' || deals?.group === 'social' ? 'violet' : 'gray'}>
                  {leads?.group ?? deals?.group}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{leads?.contacts ?? 0}</Table.Td>
              <Table.Td ta="right">{leads?.customers ?? 0}</Table.Td>
              <Table.Td ta="right">{percent(leads?.rate ?? null)}</Table.Td>
              <Table.Td ta="right">{deals?.won ?? 0}</Table.Td>
              <Table.Td ta="right">{deals?.lost ?? 0}</Table.Td>
              <Table.Td ta="right">{percent(deals?.winRate ?? null)}</Table.Td>
              <Table.Td ta="right">{formatTotals(deals?.wonAmounts ?? [])}</Table.Td>
              <Table.Td ta="right">{daysText(deals?.avgDaysToClose ?? null)}</Table.Td>
              <Table.Td ta="right">{daysText(deals?.medianDaysToClose ?? null)}</Table.Td>
            </Table.Tr>
          );
        })}
        <Table.Tr fw={600}>
          <Table.Td>All sources</Table.Td>
          <Table.Td ta="right">{report.leads.total.contacts}</Table.Td>
          <Table.Td ta="right">{report.leads.total.customers}</Table.Td>
          <Table.Td ta="right">{percent(report.leads.total.rate)}</Table.Td>
          <Table.Td ta="right">{report.deals.total.won}</Table.Td>
          <Table.Td ta="right">{report.deals.total.lost}</Table.Td>
          <Table.Td ta="right">{percent(report.deals.total.winRate)}</Table.Td>
          <Table.Td ta="right">{formatTotals(report.deals.total.wonAmounts)}</Table.Td>
          <Table.Td ta="right">{daysText(report.deals.total.avgDaysToClose)}</Table.Td>
          <Table.Td ta="right">{daysText(report.deals.total.medianDaysToClose)}</Table.Td>
        </Table.Tr>
      </DataTable>
    </Stack>
  );
}
