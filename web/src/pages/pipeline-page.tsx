import { Button, Group, NativeSelect, Skeleton } from '@mantine/core';
import { IconChartBar, IconPlus, IconSettings, IconTargetArrow } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Deal } from '../modules/deals/api';
import { DealDrawer } from '../modules/deals/deal-drawer';
import { useBoard, useDealPermissions, usePipelines } from '../modules/deals/hooks';
import { NewDealModal } from '../modules/deals/new-deal-modal';
import { PipelineBoard } from '../modules/deals/pipeline-board';
import { StageEditorModal } from '../modules/deals/stage-editor-modal';
import { ExportButton } from '../modules/imports/export-button';
import { EmptyState } from '../ui/empty-state';
import { NoAccess } from '../ui/no-access';
import { PageHeader } from '../ui/page-header';
import { QueryError } from '../ui/query-error';

const PIPELINE_STORAGE_KEY = 'parley.pipeline';

export function PipelinePage() {
  const { canRead, canManage, canConfigure, canReport, canExport } = useDealPermissions();
  const pipelines = usePipelines();
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(PIPELINE_STORAGE_KEY));
  const pipeline = pipelines.data?.find((candidate) => candidate.id === chosen) ?? pipelines.data?.find((candidate) => candidate.isDefault) ?? pipelines.data?.[0];
  const board = useBoard(pipeline?.id ?? null);
  const [openDealId, setOpenDealId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editingStages, setEditingStages] = useState(false);

  if (!canRead) return <NoAccess what="see the deals of this workspace" />;

  const choose = (id: string) => {
    setChosen(id);
    localStorage.setItem(PIPELINE_STORAGE_KEY, id);
  };
  const openDeal: Deal | undefined = board.data?.stages.flatMap((stage) => stage.deals).find((deal) => deal.id === openDealId);
  const totalDeals = board.data?.stages.reduce((sum, stage) => sum + stage.totals.count, 0) ?? 0;

  return (
    <>
      <PageHeader
        title="Pipeline"
        description="Deals by stage. Drag a card to move it; press Space on a focused card to move it with the arrow keys."
        actions={
          <>
            {pipelines.data && pipelines.data.length > 1 && (
              <NativeSelect aria-label="Pipeline" value={pipeline?.id ?? ''} onChange={(e) => choose(e.currentTarget.value)} data={pipelines.data.map((p) => ({ value: p.id, label: p.name }))} />
            )}
            {canExport && pipeline && <ExportButton path="/deals/export" filters={{ pipelineId: pipeline.id }} label="Export deals" />}
            {canReport && (
              <Button component={Link} to="/pipeline/report" variant="default" leftSection={<IconChartBar size={16} />}>
                Conversion report
              </Button>
            )}
            {canConfigure && pipeline && (
              <Button variant="default" leftSection={<IconSettings size={16} />} onClick={() => setEditingStages(true)}>
                Edit stages
              </Button>
            )}
            {canManage && pipeline && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                New deal
              </Button>
            )}
          </>
        }
      />
      {pipelines.isError ? (
        <QueryError error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : board.isError ? (
        <QueryError error={board.error} onRetry={() => void board.refetch()} />
      ) : !board.data ? (
        <Group align="flex-start" gap="sm" wrap="nowrap">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} h={320} w={284} radius="md" />
          ))}
        </Group>
      ) : (
        <>
          {totalDeals === 0 && (
            <EmptyState
              bordered={false}
              icon={<IconTargetArrow size={24} />}
              title="No deals in this pipeline yet"
              description={
                canManage
                  ? 'Add your first deal with “New deal”: give it a title, an amount and where it came from. Then drag it from stage to stage as it progresses.'
                  : 'Deals appear here when someone on the team adds them.'
              }
              action={
                canManage && (
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                    New deal
                  </Button>
                )
              }
            />
          )}
          <PipelineBoard board={board.data} canManage={canManage} onOpen={(deal) => setOpenDealId(deal.id)} />
        </>
      )}
      {creating && pipeline && <NewDealModal pipeline={pipeline} onClose={() => setCreating(false)} />}
      {editingStages && pipeline && <StageEditorModal pipeline={pipeline} onClose={() => setEditingStages(false)} />}
      {openDeal && board.data && <DealDrawer key={openDeal.id} deal={openDeal} pipeline={board.data.pipeline} canManage={canManage} onClose={() => setOpenDealId(null)} />}
    </>
  );
}
