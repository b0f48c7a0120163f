import { Group, Table, Text } from '@mantine/core';
import { RelativeTime } from '../../../ui/relative-time';
import { ChannelIcon, channelLabel } from '../channel-icon';
import { SentimentDot } from '../contact-bits';
import { useContactSummary } from '../hooks';
import { SectionCard } from './section-card';

export function ChannelSummaryCard({ contactId }: { contactId: string }) {
  const summary = useContactSummary(contactId);
  const channels = summary.data?.channels ?? [];
  return (
    <SectionCard title="Per channel">
      {channels.length === 0 ? (
        <Text size="sm" c="dimmed">{summary.isPending ? 'Loading…' : 'No conversation on any channel yet.'}</Text>
      ) : (
        <Table verticalSpacing={4} fz="sm" aria-label="Interactions per channel">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th ta="right">Count</Table.Th>
              <Table.Th>Last</Table.Th>
              <Table.Th>Mood</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.map((row) => (
              <Table.Tr key={row.channel}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <ChannelIcon channel={row.channel} size={14} />
                    {channelLabel(row.channel)}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{row.count}</Table.Td>
                <Table.Td>
                  <RelativeTime value={row.lastAt} size="xs" />
                </Table.Td>
                <Table.Td>
                  <SentimentDot value={row.sentiment} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}
