import { Badge, Box, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../lib/api';
import type { Board, BoardStage, Deal } from './api';
import { DealCard, DealCardContent } from './deal-card';
import { formatTotals } from './format';
import { useMoveDeal, type BoardMove } from './hooks';
import { LostReasonModal } from './lost-reason-modal';

const STAGE_PREFIX = 'stage:';
const kindColors = { open: 'blue', won: 'teal', lost: 'red' } as const;

function StageColumn({ stage, canManage, onOpen }: { stage: BoardStage; canManage: boolean; onOpen: (deal: Deal) => void }) {
  const { setNodeRef, isOver } = useDroppable({ id: `${STAGE_PREFIX}${stage.id}`, disabled: !canManage });
  return (
    <Paper
      component="section"
      role="region"
      aria-label={`Stage ${stage.name}`}
      radius="md"
      p="sm"
      w={264}
      bg="var(--mantine-color-default-hover)"
      style={{ flex: '0 0 264px', borderTop: `3px solid var(--mantine-color-${kindColors[stage.kind]}-5)` }}
    >
      <Stack gap={2} mb="sm">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text fw={600} size="sm" lineClamp={1}>
            {stage.name}
          </Text>
          <Badge size="sm" variant="light" color={kindColors[stage.kind]} aria-label={`${stage.totals.count} deal${stage.totals.count === 1 ? '' : 's'}`}>
            {stage.totals.count}
          </Badge>
        </Group>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {formatTotals(stage.totals.amounts)}
          </Text>
          {stage.kind === 'open' && (
            <Text size="xs" c="dimmed">
              {stage.probability}%
            </Text>
          )}
        </Group>
      </Stack>
      <SortableContext id={stage.id} items={stage.deals.map((deal) => deal.id)} strategy={verticalListSortingStrategy}>
        <Stack
          ref={setNodeRef}
          gap="xs"
          mih={120}
          p={4}
          style={{ borderRadius: 'var(--mantine-radius-md)', outline: isOver ? '2px dashed var(--mantine-primary-color-filled)' : undefined }}
        >
          {stage.deals.map((deal) => (
            <DealCard key={deal.id} deal={deal} onOpen={onOpen} disabled={!canManage} />
          ))}
          {stage.deals.length === 0 && (
            <Box p="md" ta="center" style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}>
              <Text size="xs" c="dimmed">
                {canManage ? (stage.kind === 'open' ? 'No deals here. Drag a deal in, or add one with “New deal”.' : `Drop a deal here to mark it ${stage.kind}.`) : 'No deals in this stage.'}
              </Text>
            </Box>
          )}
        </Stack>
      </SortableContext>
    </Paper>
  );
}

/** The kanban board: drag cards with the mouse, or focus one and use Space, the arrow keys and Space again. */
export function PipelineBoard({ board, canManage, onOpen }: { board: Board; canManage: boolean; onOpen: (deal: Deal) => void }) {
  const move = useMoveDeal();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [pendingLost, setPendingLost] = useState<BoardMove | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Enter stays free to open the card; Space picks up and drops.
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates, keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] } }),
  );
  const deals = useMemo(() => new Map(board.stages.flatMap((stage) => stage.deals.map((deal) => [deal.id, deal] as const))), [board]);
  const stageName = (id: string) => board.stages.find((stage) => stage.id === id)?.name ?? '';
  const titleOf = (id: string | number) => deals.get(String(id))?.title ?? 'deal';
  const stageOfTarget = (id: string | number) => {
    const key = String(id);
    return key.startsWith(STAGE_PREFIX) ? stageName(key.slice(STAGE_PREFIX.length)) : stageName(deals.get(key)?.stageId ?? '');
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up deal ${titleOf(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `Deal ${titleOf(active.id)} is over stage ${stageOfTarget(over.id)}.` : `Deal ${titleOf(active.id)} is not over a stage.`),
    onDragEnd: ({ active, over }) => (over ? `Deal ${titleOf(active.id)} was dropped in stage ${stageOfTarget(over.id)}.` : `Deal ${titleOf(active.id)} was dropped.`),
    onDragCancel: ({ active }) => `Moving deal ${titleOf(active.id)} was cancelled.`,
  };

  const run = (params: BoardMove) =>
    move.mutate(params, {
      onSuccess: () => setPendingLost(null),
      onError: (error) => notifications.show({ color: 'red', title: 'The deal was not moved', message: errorMessage(error) }),
    });

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setActiveId(null);
    const deal = deals.get(String(active.id));
    if (!over || !deal) return;
    const overId = String(over.id);
    const target = overId.startsWith(STAGE_PREFIX)
      ? board.stages.find((stage) => stage.id === overId.slice(STAGE_PREFIX.length))
      : board.stages.find((stage) => stage.id === deals.get(overId)?.stageId);
    if (!target) return;
    const ids = target.deals.map((candidate) => candidate.id);
    let order: string[];
    if (target.id === deal.stageId) {
      const from = ids.indexOf(deal.id);
      const to = overId.startsWith(STAGE_PREFIX) ? ids.length - 1 : ids.indexOf(overId);
      if (from === to) return;
      order = arrayMove(ids, from, to);
    } else {
      order = [...ids];
      const at = overId.startsWith(STAGE_PREFIX) ? order.length : order.indexOf(overId);
      order.splice(at, 0, deal.id);
    }
    const index = order.indexOf(deal.id);
    const after = order[index - 1];
    const before = order[index + 1];
    const params: BoardMove = {
      dealId: deal.id,
      pipelineId: board.pipeline.id,
      stageId: target.id,
      index,
      ...(after ? { afterDealId: after } : before ? { beforeDealId: before } : {}),
    };
    if (target.kind === 'lost' && deal.status !== 'lost') setPendingLost(params);
    else run(params);
  };

  const active = activeId ? deals.get(activeId) : undefined;
  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        accessibility={{ announcements, screenReaderInstructions: { draggable: 'To move a deal, press Space, use the arrow keys to choose a place, then press Space again. Escape cancels. Enter opens the deal.' } }}
        onDragStart={({ active: started }) => setActiveId(String(started.id))}
        onDragCancel={() => setActiveId(null)}
        onDragEnd={onDragEnd}
      >
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" gap="sm" wrap="nowrap" pb="sm">
            {board.stages.map((stage) => (
              <StageColumn key={stage.id} stage={stage} canManage={canManage} onOpen={onOpen} />
            ))}
          </Group>
        </ScrollArea>
        <DragOverlay>{active ? <DealCardContent deal={active} dragging /> : null}</DragOverlay>
      </DndContext>
      {pendingLost && (
        <LostReasonModal
          title={titleOf(pendingLost.dealId)}
          pending={move.isPending}
          onCancel={() => setPendingLost(null)}
          onConfirm={(reason) => run({ ...pendingLost, lostReason: reason })}
        />
      )}
    </>
  );
}
