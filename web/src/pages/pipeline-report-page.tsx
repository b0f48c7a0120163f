import { Anchor, Group, NativeSelect, SegmentedControl, Skeleton, Stack } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { dayjs } from '../lib/dates';
import { ConversionReportView } from '../modules/deals/conversion-report';
import { useConversionReport, useDealPermissions } from '../modules/deals/hooks';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';

const RANGES = [
  { value: '1', label: 'This month' },
  { value: '3', label: 'Last 3 months' },
  { value: '6', label: 'Last 6 months' },
  { value: '12', label: 'Last 12 months' },
  { value: 'ytd', label: 'This year' },
] as const;
type Range = (typeof RANGES)[number]['value'];

function rangeDates(range: Range): { from: string; to: string } {
  // Whole local days up to the end of today, so the query key stays the same all day.
  const to = dayjs().add(1, 'day').startOf('day');
  const from = range === 'ytd' ? dayjs().startOf('year') : dayjs().startOf('month').subtract(Number(range) - 1, 'month');
  return { from: from.toISOString(), to: to.toISOString() };
}

export function PipelineReportPage() {
  const { canReport } = useDealPermissions();
  const [range, setRange] = useState<Range>('6');
  const [period, setPeriod] = useState<'month' | 'week'>('month');
  const query = useMemo(() => ({ ...rangeDates(range), period }), [range, period]);
  const report = useConversionReport(query);

  if (!canReport) return <NoAccess what="see the sales reports of this workspace" />;

  return (
    <>
      <Anchor component={Link} to="/pipeline" size="sm" mb="xs" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> Pipeline
      </Anchor>
      <PageHeader
        title="Conversion report"
        description="Which sources bring customers: lead-to-customer rate of new contacts, and how deals of each source close. Social sources are channels, mentions, conversations and community threads."
        actions={
          <Group gap="sm">
            <NativeSelect aria-label="Period" value={range} onChange={(e) => setRange(e.currentTarget.value as Range)} data={RANGES.map((r) => ({ value: r.value, label: r.label }))} />
            <SegmentedControl aria-label="Group by" value={period} onChange={(value) => setPeriod(value === 'week' ? 'week' : 'month')} data={[{ value: 'month', label: 'Months' }, { value: 'week', label: 'Weeks' }]} />
          </Group>
        }
      />
      {report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : !report.data ? (
        <Stack>
          <Skeleton h={260} radius="md" />
          <Skeleton h={200} radius="md" />
        </Stack>
      ) : (
        <ConversionReportView report={report.data} />
      )}
    </>
  );
}
