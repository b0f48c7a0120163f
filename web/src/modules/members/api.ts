import { request, type One, type Page } from '../../lib/api';
import type { Role } from '../workspaces/types';

export type Member = {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  teams: { id: string; name: string }[];
  createdAt: string;
};

export type MemberFilters = { q?: string; role?: Role | null; teamId?: string | null };

export async function listMembers(workspaceId: string, filters: MemberFilters & { cursor?: string | null; limit?: number }): Promise<Page<Member>> {
  return request<Page<Member>>('/members', { workspaceId, query: { limit: filters.limit ?? 50, ...filters } });
}

export async function changeMemberRole(workspaceId: string, memberId: string, role: Role): Promise<Member> {
  const response = await request<One<Member>>(`/members/${encodeURIComponent(memberId)}`, { method: 'PATCH', body: { role }, workspaceId });
  return response.data;
}

export async function removeMember(workspaceId: string, memberId: string): Promise<void> {
  await request<void>(`/members/${encodeURIComponent(memberId)}`, { method: 'DELETE', workspaceId });
}
