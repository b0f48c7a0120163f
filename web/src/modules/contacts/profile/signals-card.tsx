import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { ActionIcon, Badge, Group, Popover, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { dayjs } from '../../../lib/dates';
import type { ContactDetail } from '../api';
import { channelLabel } from '../channel-icon';
import { compactNumber, sentimentColor, sentimentLabel } from '../constants';
import { useContactSummary, useSignalFormulas } from '../hooks';
import { SectionCard } from './section-card';

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** Social signals: influence (with the published formula), engagement, reach per network, sentiment over time. */
export function SignalsCard({ contact }: { contact: ContactDetail }) {
  const formulas = useSignalFormulas();
  const summary = useContactSummary(contact.id);
  const { signals } = contact;
  const trend = (summary.data?.sentimentTrend ?? []).map((point) => ({ week: dayjs(point.week).format('D MMM'), sentiment: Math.round(point.average * 100) / 100, count: point.count }));

  return (
    <SectionCard title="Signals">
      <SimpleGrid cols={2} spacing="sm">
        <Stat label="Influence">
          <Group gap={4} wrap="nowrap">
            <Text fw={650} fz="xl">
              {signals.influenceScore.toFixed(1)}
            </Text>
            <Popover width={320} withArrow shadow="md" position="bottom">
              <Popover.Target>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label="How influence is computed">
                  <IconInfoCircle size={16} />
                </ActionIcon>
              </Popover.Target>
              <Popover.Dropdown>
                <Stack gap={6}>
                  <Text size="sm" fw={600}>How it is computed</Text>
                  <Text size="xs" ff="monospace">{formulas.data?.influence ?? '…'}</Text>
                  <Text size="xs" ff="monospace">{formulas.data?.engagement ?? ''}</Text>
                </Stack>
              </Popover.Dropdown>
            </Popover>
          </Group>
          <Progress value={signals.influenceScore} size="sm" color="grape" aria-hidden />
        </Stat>
        <Stat label="Engagement">
          <Text fw={650} fz="xl">
            {Math.round(signals.engagementScore * 100)}%
          </Text>
          <Progress value={signals.engagementScore * 100} size="sm" color="blue" aria-hidden />
        </Stat>
        <Stat label="Followers">
          <Text fw={600}>{compactNumber(signals.followersTotal)}</Text>
        </Stat>
        <Stat label="Sentiment">
          <Badge variant="light" color={sentimentColor(signals.sentimentAvg)} tt="none">
            {sentimentLabel(signals.sentimentAvg)}
          </Badge>
        </Stat>
        <Stat label="Interactions">
          <Text fw={600}>{signals.interactionCount}</Text>
        </Stat>
        <Stat label="Community">
          <Text fw={600}>{signals.communityMember ? 'Member' : 'Not a member'}</Text>
        </Stat>
      </SimpleGrid>

      <Text size="sm" fw={600} mt="xs">
        Reach per network
      </Text>
      {contact.reach.length === 0 ? (
        <Text size="sm" c="dimmed">No follower counts known yet.</Text>
      ) : (
        <BarChart
          h={Math.max(90, contact.reach.length * 34)}
          data={contact.reach.map((r) => ({ network: channelLabel(r.channel), followers: r.followers }))}
          dataKey="network"
          orientation="vertical"
          yAxisProps={{ width: 90 }}
          valueFormatter={(value) => compactNumber(value)}
          series={[{ name: 'followers', label: 'Followers', color: 'grape.5' }]}
          gridAxis="none"
          aria-label={`Followers per network: ${contact.reach.map((r) => `${channelLabel(r.channel)} ${r.followers}`).join(', ')}`}
        />
      )}

      <Text size="sm" fw={600} mt="xs">
        Sentiment trend (weekly)
      </Text>
      {trend.length < 2 ? (
        <Text size="sm" c="dimmed">{trend.length === 0 ? 'No sentiment recorded yet.' : 'Only one week with sentiment so far.'}</Text>
      ) : (
        <LineChart
          h={120}
          data={trend}
          dataKey="week"
          yAxisProps={{ domain: [-1, 1], width: 30 }}
          series={[{ name: 'sentiment', label: 'Average sentiment', color: 'teal.6' }]}
          curveType="monotone"
          referenceLines={[{ y: 0, color: 'gray.5' }]}
          withDots={false}
          gridAxis="none"
          aria-label="Weekly average sentiment"
        />
      )}
    </SectionCard>
  );
}
