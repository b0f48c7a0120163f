import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { workspaceKey } from '../workspaces/query-keys';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyScope } from './api';

export function useApiKeys() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: workspaceKey(workspace.id, 'api-keys'), queryFn: () => listApiKeys(workspace.id) });
}

export function useCreateApiKey() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: ApiKeyScope[] }) => createApiKey(workspace.id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'api-keys') }),
  });
}

export function useRevokeApiKey() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (apiKeyId: string) => revokeApiKey(workspace.id, apiKeyId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'api-keys') }),
  });
}
