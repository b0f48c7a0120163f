import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, storeWorkspaceId } from '../../lib/api';
import { meQueryKey } from '../accounts/hooks';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { workspaceKey } from '../workspaces/query-keys';
import { acceptInvitation, createInvitation, fetchInvitationLink, listInvitations, revokeInvitation, type AcceptInput, type InvitationInput } from './api';

export function useInvitations() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: workspaceKey(workspace.id, 'invitations'), queryFn: () => listInvitations(workspace.id) });
}

export function useCreateInvitation() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InvitationInput) => createInvitation(workspace.id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'invitations') }),
  });
}

export function useRevokeInvitation() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation(workspace.id, invitationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspace.id, 'invitations') }),
  });
}

export function useInvitationLink(token: string) {
  return useQuery({
    queryKey: ['invitation-link', token],
    queryFn: () => fetchInvitationLink(token),
    // An invalid link stays invalid; retrying only delays the message.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AcceptInput) => acceptInvitation(token, input),
    onSuccess: async (accepted) => {
      // Land in the workspace just joined rather than whichever was open last.
      storeWorkspaceId(accepted.workspaceId);
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
