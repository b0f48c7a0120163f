import { request, type One, type Page } from '../../lib/api';
import type { Member } from '../members/api';

export type Team = { id: string; name: string; description: string; memberCount: number; createdAt: string };
export type TeamWithMembers = Team & { members: Member[] };
export type TeamInput = { name: string; description?: string };

export async function listTeams(workspaceId: string): Promise<Team[]> {
  const response = await request<Page<Team>>('/teams', { workspaceId });
  return response.data;
}

export async function fetchTeam(workspaceId: string, teamId: string): Promise<TeamWithMembers> {
  const response = await request<One<TeamWithMembers>>(`/teams/${encodeURIComponent(teamId)}`, { workspaceId });
  return response.data;
}

export async function createTeam(workspaceId: string, input: TeamInput): Promise<Team> {
  const response = await request<One<Team>>('/teams', { method: 'POST', body: input, workspaceId });
  return response.data;
}

export async function updateTeam(workspaceId: string, teamId: string, input: Partial<TeamInput>): Promise<Team> {
  const response = await request<One<Team>>(`/teams/${encodeURIComponent(teamId)}`, { method: 'PATCH', body: input, workspaceId });
  return response.data;
}

export async function deleteTeam(workspaceId: string, teamId: string): Promise<void> {
  await request<void>(`/teams/${encodeURIComponent(teamId)}`, { method: 'DELETE', workspaceId });
}

export async function setTeamMembership(workspaceId: string, teamId: string, memberId: string, member: boolean): Promise<void> {
  await request<void>(`/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(memberId)}`, { method: member ? 'PUT' : 'DELETE', workspaceId });
}
