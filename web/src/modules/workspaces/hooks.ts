import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meQueryKey } from '../accounts/hooks';
import { createWorkspace, fetchRoles, fetchWorkspace, updateWorkspace } from './api';
import { useCurrentWorkspace } from './current-workspace';
import { workspaceKey } from './query-keys';

export function useWorkspaceDetails() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: workspaceKey(workspace.id, 'workspace'), queryFn: () => fetchWorkspace(workspace.id) });
}

export function useUpdateWorkspace() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => updateWorkspace(workspace.id, input),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: meQueryKey }),
        queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'workspace') }),
      ]);
    },
  });
}

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWorkspace,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useRoles() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: workspaceKey(workspace.id, 'roles'), queryFn: () => fetchRoles(workspace.id), staleTime: Infinity });
}
