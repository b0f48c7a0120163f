import { request, type One, type Page } from '../../lib/api';

export type ApiKeyScope = 'all' | 'read';
export type ApiKey = { id: string; name: string; prefix: string; scopes: ApiKeyScope[]; lastUsedAt: string | null; createdAt: string };
export type CreatedApiKey = ApiKey & { key: string };

export async function listApiKeys(workspaceId: string): Promise<ApiKey[]> {
  const response = await request<Page<ApiKey>>('/api-keys', { workspaceId });
  return response.data;
}

export async function createApiKey(workspaceId: string, input: { name: string; scopes: ApiKeyScope[] }): Promise<CreatedApiKey> {
  const response = await request<One<CreatedApiKey>>('/api-keys', { method: 'POST', body: input, workspaceId });
  return response.data;
}

export async function revokeApiKey(workspaceId: string, apiKeyId: string): Promise<void> {
  await request<void>(`/api-keys/${encodeURIComponent(apiKeyId)}`, { method: 'DELETE', workspaceId });
}
