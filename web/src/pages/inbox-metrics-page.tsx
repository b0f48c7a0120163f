// /inbox/metrics: how the contact center is doing — first response, response rate, resolution, SLA
// attainment and CSAT for a period, as KPI cards, charts and a sortable table per agent, team,
// channel, day or week. The choices live in the address bar so a view can be shared.
import { Anchor, Group, SegmentedControl, Select, Skeleton, Stack, Switch } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { IconArrowLeft, IconCalendar, IconChartBar } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { channelTypes } from '../../../src/shared/vocabulary';
import { dayjs } from '../lib/dates';
import type { MetricsGroupBy, MetricsQuery } from '../modules/inbox-metrics/api';
import { channelLabels, hasActivity } from '../modules/inbox-metrics/format';
import { useCanReadMetrics, useInboxMetrics } from '../modules/inbox-metrics/hooks';
import { KpiCards } from '../modules/inbox-metrics/kpi-cards';
import { MetricsCharts } from '../modules/inbox-metrics/metrics-charts';
import { MetricsTable } from '../modules/inbox-metrics/metrics-table';
import { useTeams } from '../modules/teams/hooks';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';

const PRESETS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
];
const GROUPS: MetricsGroupBy[] = ['agent', 'team', 'channel', 'day', 'week'];
const GROUP_LABELS: Record<MetricsGroupBy, string> = { agent: 'Agents', team: 'Teams', channel: 'Channels', day: 'Days', week: 'Weeks' };
const DAY_FORMAT = 'YYYY-MM-DD';
const browserTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The chosen whole days, first and last included (the last 30 days by default). */
function chosenDays(params: URLSearchParams): [string, string] {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && dayjs(from).isValid() && dayjs(to).isValid()) return [from, to];
  const today = dayjs().startOf('day');
  return [today.subtract(29, 'day').format(DAY_FORMAT), today.format(DAY_FORMAT)];
}

export function InboxMetricsPage() {
  const canRead = useCanReadMetrics();
  const [params, setParams] = useSearchParams();
  const [firstDay, lastDay] = chosenDays(params);
  const groupBy = (GROUPS as string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as MetricsGroupBy) : 'agent';
  const teamId = params.get('teamId') ?? undefined;
  const channel = params.get('channel') ?? undefined;
  const businessHours = params.get('businessHours') === 'true';
  const teams = useTeams();

  const base = useMemo(
    () => ({
      from: dayjs(firstDay).startOf('day').toISOString(),
      to: dayjs(lastDay).add(1, 'day').startOf('day').toISOString(),
      timeZone: browserTimeZone,
      businessHours,
      ...(teamId ? { teamId } : {}),
      ...(channel ? { channel } : {}),
    }),
    [firstDay, lastDay, businessHours, teamId, channel],
  );
  const query: MetricsQuery = useMemo(() => ({ ...base, groupBy }), [base, groupBy]);
  const metrics = useInboxMetrics(query);
  const byChannel = useInboxMetrics(useMemo(() => ({ ...base, groupBy: 'channel' as const }), [base]));
  const byTeam = useInboxMetrics(useMemo(() => ({ ...base, groupBy: 'team' as const }), [base]));

  if (!canRead) return <NoAccess what="see the inbox metrics of this workspace" />;

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  const span = dayjs(lastDay).diff(dayjs(firstDay), 'day') + 1;
  const preset = dayjs(lastDay).isSame(dayjs(), 'day') ? PRESETS.find((p) => Number(p.value) === span)?.value : undefined;
  const setRange = ([start, end]: DatesRangeValue<string>) => {
    if (start && end) update({ from: dayjs(start).format(DAY_FORMAT), to: dayjs(end).format(DAY_FORMAT) });
  };

  return (
    <>
      <Anchor component={Link} to="/inbox" size="sm" mb="xs" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> Inbox
      </Anchor>
      <PageHeader
        title="Inbox metrics"
        description="How fast and how well customers are answered: first response, the share of customer messages answered, resolution, SLA attainment and satisfaction."
      />
      <Stack gap="sm" mb="lg">
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="Period"
            value={preset ?? ''}
            onChange={(days) => update({ from: dayjs().subtract(Number(days) - 1, 'day').format(DAY_FORMAT), to: dayjs().format(DAY_FORMAT) })}
            data={PRESETS}
          />
          <DatePickerInput
            type="range"
            aria-label="Dates"
            leftSection={<IconCalendar size={16} />}
            value={[firstDay, lastDay]}
            onChange={setRange}
            maxDate={new Date()}
            valueFormat="D MMM YYYY"
            miw={230}
          />
          <SegmentedControl
            aria-label="Group by"
            value={groupBy}
            onChange={(value) => update({ groupBy: value === 'agent' ? null : value })}
            data={GROUPS.map((value) => ({ value, label: GROUP_LABELS[value] }))}
          />
        </Group>
        <Group gap="sm" wrap="wrap">
          <Select
            aria-label="Team"
            placeholder="All teams"
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            value={teamId ?? null}
            onChange={(value) => update({ teamId: value })}
            clearable
            w={170}
          />
          <Select
            aria-label="Channel"
            placeholder="All channels"
            data={channelTypes.map((value) => ({ value, label: channelLabels[value] ?? value }))}
            value={channel ?? null}
            onChange={(value) => update({ channel: value })}
            clearable
            w={160}
          />
          <Switch
            label="Business hours"
            checked={businessHours}
            onChange={(event) => update({ businessHours: event.currentTarget.checked ? 'true' : null })}
          />
        </Group>
      </Stack>

      {metrics.isError ? (
        <QueryError error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : !metrics.data ? (
        <Stack>
          <Skeleton h={110} radius="md" />
          <Skeleton h={260} radius="md" />
          <Skeleton h={200} radius="md" />
        </Stack>
      ) : !hasActivity(metrics.data.totals) ? (
        <EmptyState
          icon={<IconChartBar size={22} />}
          title="No conversations in this period yet"
          description="Metrics appear as customers write in and agents answer. Pick a longer period, or connect a channel in Settings → Channels."
        />
      ) : (
        <Stack gap="lg" data-testid="inbox-metrics">
          <KpiCards totals={metrics.data.totals} />
          <MetricsCharts metrics={metrics.data} byChannel={byChannel.data} byTeam={byTeam.data} />
          <MetricsTable key={groupBy} metrics={metrics.data} />
        </Stack>
      )}
    </>
  );
}
