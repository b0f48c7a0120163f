import { request, type One, type Page } from '../../lib/api';
import type { CustomValues } from '../contacts/api';

export type Company = {
  id: string;
  name: string;
  domain: string | null;
  website: string | null;
  industry: string | null;
  size: string | null;
  description: string;
  ownerMemberId: string | null;
  tags: string[];
  customFields: CustomValues;
  contactCount: number;
  createdAt: string;
  updatedAt: string;
};

export type CompanyInput = {
  name: string;
  domain?: string | null;
  website?: string | null;
  industry?: string | null;
  size?: string | null;
  description?: string;
  ownerMemberId?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
};

const id = encodeURIComponent;

export function listCompanies(workspaceId: string, query: { q?: string; cursor?: string | null; limit?: number }): Promise<Page<Company>> {
  return request<Page<Company>>('/companies', { workspaceId, query: { limit: query.limit ?? 50, q: query.q, cursor: query.cursor } });
}

export async function getCompany(workspaceId: string, companyId: string): Promise<Company> {
  return (await request<One<Company>>(`/companies/${id(companyId)}`, { workspaceId })).data;
}

export async function createCompany(workspaceId: string, input: CompanyInput): Promise<Company> {
  return (await request<One<Company>>('/companies', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateCompany(workspaceId: string, companyId: string, input: Partial<CompanyInput>): Promise<Company> {
  return (await request<One<Company>>(`/companies/${id(companyId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteCompany(workspaceId: string, companyId: string): Promise<void> {
  await request<void>(`/companies/${id(companyId)}`, { method: 'DELETE', workspaceId });
}
