import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, storeWorkspaceId } from '../../lib/api';
import { createDemoWorkspace } from '../demo/api';
import { changePassword, completeSetup, fetchMe, fetchSetupStatus, signIn, signOut, updateProfile, type SetupInput } from './api';

export const meQueryKey = ['me'] as const;
export const setupQueryKey = ['setup'] as const;

export function useSetupStatus() {
  return useQuery({ queryKey: setupQueryKey, queryFn: fetchSetupStatus, staleTime: Infinity });
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 30_000 });
}

/** Setup, then with `withDemo` the demo workspace (opened first); a failed demo leaves setup done and says why. */
async function completeSetupWithDemo({ withDemo, ...input }: SetupInput & { withDemo?: boolean }) {
  const result = await completeSetup(input);
  if (withDemo) {
    try {
      storeWorkspaceId((await createDemoWorkspace()).workspaceId);
    } catch (error) {
      notifications.show({ color: 'orange', title: 'The demo workspace could not be created', message: `Your workspace is ready. ${errorMessage(error)}` });
    }
  }
  return result;
}

export function useCompleteSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: completeSetupWithDemo,
    onSuccess: async () => {
      queryClient.setQueryData(setupQueryKey, { needsSetup: false });
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      // Drop every cached answer so the next person on this browser starts from nothing.
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
