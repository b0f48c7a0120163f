import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import {
  createDeal,
  createPipeline,
  createStage,
  deleteDeal,
  deleteStage,
  fetchBoard,
  fetchConversionReport,
  listPipelines,
  markDealLost,
  markDealWon,
  moveDeal,
  searchContacts,
  updateDeal,
  updateStage,
  type Board,
  type DealInput,
  type DealMove,
  type DealPatch,
} from './api';
import { sumAmounts } from './format';

// Same shape as workspaceKey(): ['workspace', id, domain, …], so switching workspace and reconnects refresh these too.
const dealsKey = (workspaceId: string, ...rest: unknown[]) => ['workspace', workspaceId, 'deals', ...rest];

/** The CRM permissions are not in the shared Permission type yet; the server sends them all the same. */
export function useDealPermissions() {
  const { workspace } = useCurrentWorkspace();
  const granted = new Set<string>(workspace.permissions);
  return {
    canRead: granted.has('deals.read'),
    canManage: granted.has('deals.manage'),
    canConfigure: granted.has('pipelines.manage'),
    canReport: granted.has('reports.read'),
    canExport: granted.has('contacts.export'),
  };
}

export function usePipelines() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: dealsKey(workspace.id, 'pipelines'), queryFn: () => listPipelines(workspace.id) });
}

export function useBoard(pipelineId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: dealsKey(workspace.id, 'board', pipelineId),
    queryFn: () => fetchBoard(workspace.id, pipelineId ?? ''),
    enabled: pipelineId !== null,
    placeholderData: keepPreviousData,
  });
}

function useInvalidateDeals() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: dealsKey(workspace.id) });
}

/** Applies a move to a cached board, as the server will: the card leaves its stage and enters the target at `index`. */
function applyMove(board: Board, dealId: string, stageId: string, index: number, lostReason?: string): Board {
  const deal = board.stages.flatMap((stage) => stage.deals).find((candidate) => candidate.id === dealId);
  const target = board.stages.find((stage) => stage.id === stageId);
  if (!deal || !target) return board;
  const moved = { ...deal, stageId, status: target.kind, lostReason: target.kind === 'lost' ? (lostReason ?? deal.lostReason) : null };
  return {
    ...board,
    stages: board.stages.map((stage) => {
      const deals = stage.deals.filter((candidate) => candidate.id !== dealId);
      if (stage.id === stageId) deals.splice(Math.min(index, deals.length), 0, moved);
      return stage.deals === deals ? stage : { ...stage, deals, totals: { count: deals.length, amounts: sumAmounts(deals) } };
    }),
  };
}

export type BoardMove = DealMove & { dealId: string; pipelineId: string; index: number };

/** Moves a card at once on screen; puts it back if the server refuses. */
export function useMoveDeal() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateDeals();
  return useMutation({
    mutationFn: ({ dealId, stageId, beforeDealId, afterDealId, lostReason }: BoardMove) =>
      moveDeal(workspace.id, dealId, { stageId, beforeDealId, afterDealId, lostReason }),
    onMutate: async (move) => {
      const key = dealsKey(workspace.id, 'board', move.pipelineId);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Board>(key);
      if (previous) queryClient.setQueryData<Board>(key, applyMove(previous, move.dealId, move.stageId, move.index, move.lostReason));
      return { key, previous };
    },
    onError: (_error, _move, context) => {
      if (context?.previous) queryClient.setQueryData(context.key, context.previous);
    },
    onSettled: invalidate,
  });
}

export function useCreateDeal() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateDeals();
  return useMutation({ mutationFn: (input: DealInput) => createDeal(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateDeal() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateDeals();
  return useMutation({ mutationFn: ({ dealId, patch }: { dealId: string; patch: DealPatch }) => updateDeal(workspace.id, dealId, patch), onSuccess: invalidate });
}

export function useDeleteDeal() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateDeals();
  return useMutation({ mutationFn: (dealId: string) => deleteDeal(workspace.id, dealId), onSuccess: invalidate });
}

export function useCloseDeal() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateDeals();
  return useMutation({
    mutationFn: ({ dealId, outcome, reason }: { dealId: string; outcome: 'won' | 'lost'; reason?: string }) =>
      outcome === 'won' ? markDealWon(workspace.id, dealId) : markDealLost(workspace.id, dealId, reason ?? ''),
    onSuccess: invalidate,
  });
}

export function useStageMutations() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateDeals();
  return {
    create: useMutation({ mutationFn: ({ pipelineId, name, probability }: { pipelineId: string; name: string; probability?: number }) => createStage(workspace.id, pipelineId, { name, probability }), onSuccess: invalidate }),
    update: useMutation({ mutationFn: ({ stageId, patch }: { stageId: string; patch: { name?: string; probability?: number; position?: number } }) => updateStage(workspace.id, stageId, patch), onSettled: invalidate }),
    remove: useMutation({ mutationFn: (stageId: string) => deleteStage(workspace.id, stageId), onSuccess: invalidate }),
  };
}

export function useCreatePipeline() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateDeals();
  return useMutation({ mutationFn: (name: string) => createPipeline(workspace.id, name), onSuccess: invalidate });
}

export function useConversionReport(query: { from: string; to: string; period: 'month' | 'week' }) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: dealsKey(workspace.id, 'report', query),
    queryFn: () => fetchConversionReport(workspace.id, query),
    placeholderData: keepPreviousData,
  });
}

export function useContactSearch(q: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: ['workspace', workspace.id, 'contacts', 'search', q], queryFn: () => searchContacts(workspace.id, q), staleTime: 30_000 });
}
