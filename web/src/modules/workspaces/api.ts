import { request, type One, type Page } from '../../lib/api';
import type { RoleDescription, Workspace } from './types';

export type WorkspaceSummary = Pick<Workspace, 'id' | 'name' | 'createdAt'>;

export async function createWorkspace(input: { name: string }): Promise<WorkspaceSummary> {
  const response = await request<One<WorkspaceSummary>>('/workspaces', { method: 'POST', body: input, workspaceId: null });
  return response.data;
}

export async function fetchWorkspace(workspaceId: string): Promise<WorkspaceSummary> {
  const response = await request<One<WorkspaceSummary>>('/workspace', { workspaceId });
  return response.data;
}

export async function updateWorkspace(workspaceId: string, input: { name: string }): Promise<WorkspaceSummary> {
  const response = await request<One<WorkspaceSummary>>('/workspace', { method: 'PATCH', body: input, workspaceId });
  return response.data;
}

export async function fetchRoles(workspaceId: string): Promise<RoleDescription[]> {
  const response = await request<Page<RoleDescription> | One<RoleDescription[]>>('/roles', { workspaceId });
  return response.data;
}
