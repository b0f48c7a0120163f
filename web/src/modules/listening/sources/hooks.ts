import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../../workspaces/current-workspace';
import * as api from './api';

const sourcesKey = (workspaceId: string, ...rest: unknown[]) => ['workspace', workspaceId, 'listening', 'sources', ...rest];

function useInvalidateSources() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: sourcesKey(workspace.id) });
}

export function useSources() {
  const { workspace } = useCurrentWorkspace();
  // Health changes as polls run in the background: refresh while the screen is open.
  return useQuery({ queryKey: sourcesKey(workspace.id, 'list'), queryFn: () => api.listSources(workspace.id), refetchInterval: 15_000 });
}

export function useCreateSource() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateSources();
  return useMutation({ mutationFn: (input: api.SourceInput) => api.createSource(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateSource() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateSources();
  return useMutation({ mutationFn: ({ sourceId, input }: { sourceId: string; input: api.SourcePatch }) => api.updateSource(workspace.id, sourceId, input), onSuccess: invalidate });
}

export function useDeleteSource() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateSources();
  return useMutation({ mutationFn: (sourceId: string) => api.deleteSource(workspace.id, sourceId), onSuccess: invalidate });
}

export function usePollSource() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateSources();
  return useMutation({ mutationFn: (sourceId: string) => api.pollSource(workspace.id, sourceId), onSuccess: invalidate });
}

export function useRotateSecret() {
  const { workspace } = useCurrentWorkspace();
  return useMutation({ mutationFn: (sourceId: string) => api.rotateSecret(workspace.id, sourceId) });
}

export function useDeadLetters(sourceId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: sourcesKey(workspace.id, 'dead-letters', sourceId), queryFn: () => api.listDeadLetters(workspace.id, sourceId) });
}
