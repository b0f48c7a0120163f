import { request, type One, type Page } from '../../lib/api';
import type { User } from '../accounts/api';
import type { Role } from '../workspaces/types';

export type Invitation = { id: string; email: string | null; role: Role; teamIds: string[]; expiresAt: string; createdAt: string };
export type CreatedInvitation = Invitation & { token: string; url: string };
export type InvitationInput = { email: string | null; role: Role; teamIds: string[] };

export type InvitationLink = { workspaceName: string; role: Role; email: string | null; expiresAt: string };
export type AcceptInput = { name?: string; email?: string; password?: string };
export type AcceptedInvitation = { workspaceId: string; workspaceName: string; role: Role; user: User };

export async function listInvitations(workspaceId: string): Promise<Invitation[]> {
  const response = await request<Page<Invitation>>('/invitations', { workspaceId });
  return response.data;
}

export async function createInvitation(workspaceId: string, input: InvitationInput): Promise<CreatedInvitation> {
  const response = await request<One<CreatedInvitation>>('/invitations', { method: 'POST', body: input, workspaceId });
  return response.data;
}

export async function revokeInvitation(workspaceId: string, invitationId: string): Promise<void> {
  await request<void>(`/invitations/${encodeURIComponent(invitationId)}`, { method: 'DELETE', workspaceId });
}

export async function fetchInvitationLink(token: string): Promise<InvitationLink> {
  const response = await request<One<InvitationLink>>(`/invitation-links/${encodeURIComponent(token)}`, { workspaceId: null });
  return response.data;
}

export async function acceptInvitation(token: string, input: AcceptInput): Promise<AcceptedInvitation> {
  const response = await request<One<AcceptedInvitation>>(`/invitation-links/${encodeURIComponent(token)}/accept`, {
    method: 'POST',
    body: input,
    workspaceId: null,
  });
  return response.data;
}
