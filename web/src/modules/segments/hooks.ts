import { useMutation, useQuery } from '@tanstack/react-query';
import { useInvalidateCrm } from '../contacts/hooks';
import { crmKey } from '../contacts/query-keys';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import * as api from './api';

export function useSegments() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: crmKey(workspace.id, 'segments'), queryFn: () => api.listSegments(workspace.id) });
}

export function useSegment(segmentId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: crmKey(workspace.id, 'segment', segmentId), queryFn: () => api.getSegment(workspace.id, segmentId!), enabled: segmentId !== null });
}

export function useSaveSegment() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({
    mutationFn: ({ segmentId, input }: { segmentId?: string; input: api.SegmentInput }) =>
      segmentId ? api.updateSegment(workspace.id, segmentId, input) : api.createSegment(workspace.id, input),
    onSuccess: invalidate,
  });
}

export function useDeleteSegment() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (segmentId: string) => api.deleteSegment(workspace.id, segmentId), onSuccess: invalidate });
}
