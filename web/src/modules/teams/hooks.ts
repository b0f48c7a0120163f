import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { workspaceKey } from '../workspaces/query-keys';
import { createTeam, deleteTeam, fetchTeam, listTeams, setTeamMembership, updateTeam, type TeamInput } from './api';

export function useTeams() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: workspaceKey(workspace.id, 'teams', 'list'), queryFn: () => listTeams(workspace.id) });
}

export function useTeam(teamId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: workspaceKey(workspace.id, 'teams', 'detail', teamId),
    queryFn: () => fetchTeam(workspace.id, teamId ?? ''),
    enabled: teamId !== null,
  });
}

// Team changes show up on members too (their team badges), so both caches are refreshed.
function useInvalidateTeams() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'teams') }),
      queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'members') }),
    ]);
}

export function useCreateTeam() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTeams();
  return useMutation({ mutationFn: (input: TeamInput) => createTeam(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateTeam() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: ({ teamId, input }: { teamId: string; input: Partial<TeamInput> }) => updateTeam(workspace.id, teamId, input),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTeams();
  return useMutation({ mutationFn: (teamId: string) => deleteTeam(workspace.id, teamId), onSuccess: invalidate });
}

export function useSetTeamMembership() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: ({ teamId, memberId, member }: { teamId: string; memberId: string; member: boolean }) =>
      setTeamMembership(workspace.id, teamId, memberId, member),
    onSettled: invalidate,
  });
}
