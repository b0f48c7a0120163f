import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import * as api from './api';

// Under ['workspace', id, …] like every workspace-scoped key, so switching workspace never shows another's policies.
const slaKey = (workspaceId: string, ...rest: unknown[]): unknown[] => ['workspace', workspaceId, 'sla', ...rest];

export function useSlaPolicies() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: slaKey(workspace.id, 'policies'), queryFn: () => api.listPolicies(workspace.id) });
}

function useInvalidatePolicies() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: slaKey(workspace.id, 'policies') });
}

export function useSavePolicy() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidatePolicies();
  return useMutation({
    mutationFn: ({ policyId, input }: { policyId?: string; input: api.SlaPolicyInput }) => (policyId ? api.updatePolicy(workspace.id, policyId, input) : api.createPolicy(workspace.id, input)),
    onSuccess: invalidate,
  });
}

export function useTogglePolicy() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidatePolicies();
  return useMutation({ mutationFn: ({ policyId, enabled }: { policyId: string; enabled: boolean }) => api.updatePolicy(workspace.id, policyId, { enabled }), onSuccess: invalidate });
}

export function useDeletePolicy() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidatePolicies();
  return useMutation({ mutationFn: (policyId: string) => api.deletePolicy(workspace.id, policyId), onSuccess: invalidate });
}

/** Moves at once on screen; the server's answer (or a refetch after a failure) settles it. */
export function useReorderPolicies() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const key = slaKey(workspace.id, 'policies');
  return useMutation({
    mutationFn: (ids: string[]) => api.reorderPolicies(workspace.id, ids),
    onMutate: (ids) => {
      const policies = queryClient.getQueryData<api.SlaPolicy[]>(key);
      if (policies) queryClient.setQueryData(key, ids.map((policyId) => policies.find((policy) => policy.id === policyId)).filter((policy): policy is api.SlaPolicy => Boolean(policy)));
    },
    onSuccess: (policies) => queryClient.setQueryData(key, policies),
    onError: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useBusinessHours(teamId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: slaKey(workspace.id, 'business-hours', teamId), queryFn: () => api.fetchBusinessHours(workspace.id, teamId ?? ''), enabled: teamId !== null });
}

export function useSaveBusinessHours() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, input }: { teamId: string; input: api.BusinessHoursInput }) => api.saveBusinessHours(workspace.id, teamId, input),
    onSuccess: (saved) => queryClient.setQueryData(slaKey(workspace.id, 'business-hours', saved.teamId), saved),
  });
}
