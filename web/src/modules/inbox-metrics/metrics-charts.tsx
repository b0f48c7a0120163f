import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { dayjs } from '../../lib/dates';
import type { InboxMetrics } from './api';
import { channelLabels, formatDuration } from './format';

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

const minutes = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 60) * 10) / 10);

/** Response time trend over the period, volume per channel and SLA attainment per team. */
export function MetricsCharts({ metrics, byChannel, byTeam }: { metrics: InboxMetrics; byChannel: InboxMetrics | undefined; byTeam: InboxMetrics | undefined }) {
  const trend = metrics.series.map((bucket) => ({
    bucket: metrics.interval === 'week' ? `Week of ${dayjs(bucket.bucket).format('D MMM')}` : dayjs(bucket.bucket).format('D MMM'),
    'First response': minutes(bucket.firstResponse.median),
    'Response time': minutes(bucket.responseTime.median),
  }));
  const volume = (byChannel?.rows ?? []).map((row) => ({
    channel: row.key ? (channelLabels[row.key] ?? row.key) : '—',
    Inbound: row.inboundMessages,
    Outbound: row.outboundMessages,
    Conversations: row.conversationsCreated,
  }));
  const sla = (byTeam?.rows ?? [])
    .filter((row) => row.sla.met + row.sla.breached > 0)
    .map((row) => ({ team: row.label, Attainment: row.sla.attainment === null ? 0 : Math.round(row.sla.attainment * 1000) / 10 }));

  return (
    <>
      <ChartCard
        title="Response time trend"
        description={`Median wait for the first answer of new conversations and for the answer to each customer message, per ${metrics.interval}${metrics.businessHours ? ', in business hours' : ''}.`}
      >
        <LineChart
          h={220}
          data={trend}
          dataKey="bucket"
          connectNulls
          withLegend
          series={[
            { name: 'First response', color: 'blue.6' },
            { name: 'Response time', color: 'teal.6' },
          ]}
          valueFormatter={(value) => formatDuration(value * 60)}
          yAxisProps={{ width: 80 }}
          tickLine="y"
        />
      </ChartCard>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ChartCard title="Volume by channel" description="Conversations started and customer messages in and out, per channel.">
          {volume.length === 0 ? (
            <Text size="sm" c="dimmed">No messages in this period.</Text>
          ) : (
            <BarChart
              h={220}
              data={volume}
              dataKey="channel"
              withLegend
              series={[
                { name: 'Conversations', color: 'gray.6' },
                { name: 'Inbound', color: 'blue.6' },
                { name: 'Outbound', color: 'violet.6' },
              ]}
              tickLine="y"
            />
          )}
        </ChartCard>
        <ChartCard title="SLA attainment by team" description="Share of first-response and resolution targets met in time.">
          {sla.length === 0 ? (
            <Text size="sm" c="dimmed">No SLA targets came due in this period.</Text>
          ) : (
            <BarChart h={220} data={sla} dataKey="team" series={[{ name: 'Attainment', color: 'teal.6' }]} valueFormatter={(value) => `${value}%`} yAxisProps={{ domain: [0, 100] }} tickLine="y" />
          )}
        </ChartCard>
      </SimpleGrid>
    </>
  );
}
