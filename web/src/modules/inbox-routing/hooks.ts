import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import * as api from './api';

// Under ['workspace', id, …] like every workspace-scoped key, so switching workspace never shows another's rules.
const rulesKey = (workspaceId: string): unknown[] => ['workspace', workspaceId, 'routing-rules'];

export function useRoutingRules() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: [...rulesKey(workspace.id), 'list'], queryFn: () => api.listRules(workspace.id) });
}

export function useRoutingFields() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: [...rulesKey(workspace.id), 'fields'], queryFn: () => api.listFields(workspace.id), staleTime: Infinity });
}

function useInvalidateRules() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: rulesKey(workspace.id) });
}

export function useSaveRule() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: ({ ruleId, input }: { ruleId?: string; input: api.RoutingRuleInput }) => (ruleId ? api.updateRule(workspace.id, ruleId, input) : api.createRule(workspace.id, input)),
    onSuccess: invalidate,
  });
}

export function useToggleRule() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateRules();
  return useMutation({ mutationFn: ({ ruleId, enabled }: { ruleId: string; enabled: boolean }) => api.updateRule(workspace.id, ruleId, { enabled }), onSuccess: invalidate });
}

export function useDeleteRule() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateRules();
  return useMutation({ mutationFn: (ruleId: string) => api.deleteRule(workspace.id, ruleId), onSuccess: invalidate });
}

/** Reorders at once on screen; the server's answer (or a refetch after a failure) settles it. */
export function useReorderRules() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const key = [...rulesKey(workspace.id), 'list'];
  return useMutation({
    mutationFn: (ids: string[]) => api.reorderRules(workspace.id, ids),
    onMutate: (ids) => {
      const rules = queryClient.getQueryData<api.RoutingRule[]>(key);
      if (rules) queryClient.setQueryData(key, ids.map((ruleId) => rules.find((rule) => rule.id === ruleId)).filter((rule): rule is api.RoutingRule => Boolean(rule)));
    },
    onSuccess: (rules) => queryClient.setQueryData(key, rules),
    onError: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function usePreviewRule() {
  const { workspace } = useCurrentWorkspace();
  return useMutation({ mutationFn: (rule: api.RoutingRuleInput) => api.previewRule(workspace.id, rule) });
}

export function useTeamAssignment(teamId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: [...rulesKey(workspace.id), 'assignment', teamId], queryFn: () => api.getTeamAssignment(workspace.id, teamId) });
}

export function useSetTeamAssignment() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, method }: { teamId: string; method: api.AssignmentMethod }) => api.setTeamAssignment(workspace.id, teamId, method),
    onSuccess: (data) => queryClient.setQueryData([...rulesKey(workspace.id), 'assignment', data.teamId], data),
  });
}

/** The knowledge library's first 200 articles, for the "suggest articles" action. */
export function useArticleOptions() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: [...rulesKey(workspace.id), 'articles'], queryFn: () => api.listArticles(workspace.id) });
}
