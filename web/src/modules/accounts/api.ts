import { ApiError, request, type One } from '../../lib/api';
import type { Workspace } from '../workspaces/types';

export type User = { id: string; name: string; email: string };
export type Me = { user: User; workspaces: Workspace[] };

export type SetupInput = { name: string; email: string; password: string; workspaceName: string };
export type SignInInput = { email: string; password: string };
export type PasswordChange = { currentPassword: string; newPassword: string };

export async function fetchSetupStatus(): Promise<{ needsSetup: boolean }> {
  const response = await request<One<{ needsSetup: boolean }>>('/setup', { workspaceId: null });
  return response.data;
}

export async function completeSetup(input: SetupInput): Promise<{ user: User; workspace: Omit<Workspace, 'role' | 'permissions'> }> {
  const response = await request<One<{ user: User; workspace: Omit<Workspace, 'role' | 'permissions'> }>>('/setup', {
    method: 'POST',
    body: input,
    workspaceId: null,
  });
  return response.data;
}

export async function signIn(input: SignInInput): Promise<User> {
  const response = await request<One<User>>('/auth/sign-in', { method: 'POST', body: input, workspaceId: null });
  return response.data;
}

export async function signOut(): Promise<void> {
  await request<void>('/auth/sign-out', { method: 'POST', workspaceId: null });
}

/** The signed-in person, or null when nobody is signed in (a normal state, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const response = await request<One<Me>>('/me', { workspaceId: null });
    return response.data;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function updateProfile(input: { name: string }): Promise<User> {
  const response = await request<One<User>>('/me', { method: 'PATCH', body: input, workspaceId: null });
  return response.data;
}

export async function changePassword(input: PasswordChange): Promise<void> {
  await request<void>('/me/password', { method: 'POST', body: input, workspaceId: null });
}
