import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { IconCalendar, IconUser } from '@tabler/icons-react';
import type { KeyboardEvent } from 'react';
import { shortDate } from '../../lib/dates';
import type { Deal } from './api';
import { formatMoney, isOverdue } from './format';

export function DealCardContent({ deal, dragging = false }: { deal: Deal; dragging?: boolean }) {
  const overdue = isOverdue(deal);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      shadow={dragging ? 'md' : 'xs'}
      style={{ borderLeft: overdue ? '3px solid var(--mantine-color-red-6)' : undefined, cursor: dragging ? 'grabbing' : 'grab' }}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Text size="sm" fw={600} lineClamp={2}>
            {deal.title}
          </Text>
          {deal.amount && (
            <Text size="sm" fw={600} c="teal.7" style={{ whiteSpace: 'nowrap' }}>
              {formatMoney(deal.amount)}
            </Text>
          )}
        </Group>
        {deal.contact && (
          <Text size="xs" c="dimmed" lineClamp={1}>
            {deal.contact.name}
            {deal.company ? ` · ${deal.company.name}` : ''}
          </Text>
        )}
        <Group gap="xs" justify="space-between" wrap="nowrap">
          {deal.owner ? (
            <Group gap={4} wrap="nowrap">
              <IconUser size={12} aria-hidden />
              <Text size="xs" c="dimmed" lineClamp={1}>
                {deal.owner.name}
              </Text>
            </Group>
          ) : (
            <Text size="xs" c="dimmed">
              No owner
            </Text>
          )}
          {deal.expectedCloseDate && (
            <Badge
              size="xs"
              variant={overdue ? 'filled' : 'light'}
              color={overdue ? 'red' : 'gray'}
              leftSection={<IconCalendar size={10} />}
              tt="none"
              style={{ flexShrink: 0 }}
              title={overdue ? 'Overdue: the expected close date has passed' : 'Expected close'}
            >
              {overdue && <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>Overdue, expected </span>}
              {shortDate(deal.expectedCloseDate)}
            </Badge>
          )}
        </Group>
        {deal.status === 'lost' && deal.lostReason && (
          <Text size="xs" c="red.7" lineClamp={2}>
            {deal.lostReason}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** A draggable card: pointer drag, or Space to pick up, arrows to move, Space to drop; Enter opens it. */
export function DealCard({ deal, onOpen, disabled }: { deal: Deal; onOpen: (deal: Deal) => void; disabled: boolean }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: deal.id, data: { stageId: deal.stageId }, disabled });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onOpen(deal);
      return;
    }
    listeners?.onKeyDown?.(event);
  };
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      role="button"
      aria-label={`Deal ${deal.title}`}
      aria-roledescription="draggable deal"
      data-testid="deal-card"
      onClick={() => onOpen(deal)}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1, outlineOffset: 2, touchAction: 'none' }}
    >
      <DealCardContent deal={deal} />
    </div>
  );
}
