import { Badge, Group, Stack, Text } from '@mantine/core';
import { useContactDeals } from '../hooks';
import { SectionCard } from './section-card';

function money(amount: { amount: string; currency: string } | null): string {
  if (!amount) return '—';
  const value = Number(amount.amount);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: amount.currency }).format(value);
  } catch {
    return `${amount.amount} ${amount.currency}`;
  }
}

const statusColors: Record<string, string> = { open: 'blue', won: 'teal', lost: 'red' };

/** The contact's deals with their stage and amount (the pipeline screens own deal editing). */
export function DealsCard({ contactId }: { contactId: string }) {
  const { enabled, deals, pipelines } = useContactDeals(contactId);
  if (!enabled) return null;
  const stageNames = new Map((pipelines.data ?? []).flatMap((p) => p.stages.map((s) => [s.id, s.name] as const)));
  const list = deals.data ?? [];
  return (
    <SectionCard title="Deals">
      {deals.isPending ? (
        <Text size="sm" c="dimmed">Loading…</Text>
      ) : deals.isError ? (
        <Text size="sm" c="dimmed">Deals could not be loaded.</Text>
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">No deal with this contact yet.</Text>
      ) : (
        <Stack gap={6}>
          {list.map((deal) => (
            <Group key={deal.id} justify="space-between" gap="xs" wrap="nowrap">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate="end">{deal.title}</Text>
                <Text size="xs" c="dimmed">{stageNames.get(deal.stageId) ?? 'Stage'}</Text>
              </Stack>
              <Group gap={6} wrap="nowrap">
                <Text size="sm">{money(deal.amount)}</Text>
                <Badge size="xs" variant="light" color={statusColors[deal.status] ?? 'gray'}>{deal.status}</Badge>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
