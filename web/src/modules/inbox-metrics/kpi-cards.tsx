import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { MetricValues } from './api';
import { formatDuration, formatPercent, formatScore } from './format';

function Kpi({ label, value, detail, testId }: { label: string; value: ReactNode; detail: ReactNode; testId: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text fz={28} fw={650} lh={1.2} mt={4}>
        {value}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        {detail}
      </Text>
    </Paper>
  );
}

/** The period's headline numbers. */
export function KpiCards({ totals }: { totals: MetricValues }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="md">
      <Kpi
        testId="kpi-first-response"
        label="First response"
        value={formatDuration(totals.firstResponse.median)}
        detail={`median · p90 ${formatDuration(totals.firstResponse.p90)} · ${totals.firstResponse.count} answered of ${totals.conversationsCreated}`}
      />
      <Kpi
        testId="kpi-response-rate"
        label="Response rate"
        value={formatPercent(totals.responseRate)}
        detail={`${totals.answeredMessages} of ${totals.inboundMessages} customer messages answered`}
      />
      <Kpi
        testId="kpi-resolution"
        label="Resolution"
        value={formatDuration(totals.resolution.median)}
        detail={`median · ${totals.conversationsResolved} resolved`}
      />
      <Kpi
        testId="kpi-sla"
        label="SLA attainment"
        value={formatPercent(totals.sla.attainment)}
        detail={`${totals.sla.met} targets met · ${totals.sla.breached} breached`}
      />
      <Kpi
        testId="kpi-csat"
        label="CSAT"
        value={totals.csat.average === null ? '—' : `${formatScore(totals.csat.average)} / 5`}
        detail={`${formatPercent(totals.csat.satisfied)} satisfied · ${totals.csat.responses} answers`}
      />
    </SimpleGrid>
  );
}
