import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meQueryKey } from '../accounts/hooks';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { workspaceKey } from '../workspaces/query-keys';
import type { Role } from '../workspaces/types';
import { changeMemberRole, listMembers, removeMember, type MemberFilters } from './api';

export function useMembers(filters: MemberFilters) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: workspaceKey(workspace.id, 'members', 'list', filters),
    queryFn: ({ pageParam }) => listMembers(workspace.id, { ...filters, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: (previous) => previous,
  });
}

/** Everyone in the workspace, for pickers; the API caps a page at 200, enough for a picker's first screen. */
export function useMemberOptions(enabled = true) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: workspaceKey(workspace.id, 'members', 'options'),
    queryFn: () => listMembers(workspace.id, { limit: 200 }).then((page) => page.data),
    enabled,
  });
}

function useInvalidateMembers() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'members') }),
      queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'teams') }),
      // Our own role may have been the one that changed.
      queryClient.invalidateQueries({ queryKey: meQueryKey }),
    ]);
}

export function useChangeMemberRole() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: Role }) => changeMemberRole(workspace.id, memberId, role),
    onSettled: invalidate,
  });
}

export function useRemoveMember() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateMembers();
  return useMutation({
    mutationFn: (memberId: string) => removeMember(workspace.id, memberId),
    onSuccess: invalidate,
  });
}
