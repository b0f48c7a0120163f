import { request, type Page } from '../../lib/api';
import type { Contact } from '../contacts/api';

export type DuplicateReason = { kind: string; detail: string; weight: number };
export type Duplicate = { id: string; score: number; reasons: DuplicateReason[]; status: 'open' | 'merged' | 'dismissed'; contacts: [Contact, Contact]; createdAt: string };
export type BulkResult = { id: string; ok: boolean; mergeId: string | null; error: string | null };

export function listDuplicates(workspaceId: string, cursor: string | null): Promise<Page<Duplicate>> {
  return request<Page<Duplicate>>('/duplicates', { workspaceId, query: { status: 'open', limit: 50, cursor } });
}

export async function dismissDuplicate(workspaceId: string, duplicateId: string): Promise<void> {
  await request<void>(`/duplicates/${encodeURIComponent(duplicateId)}/dismiss`, { method: 'POST', workspaceId });
}

export async function bulkDuplicates(workspaceId: string, ids: string[], action: 'dismiss' | 'merge'): Promise<BulkResult[]> {
  return (await request<{ data: { results: BulkResult[] } }>('/duplicates/bulk', { method: 'POST', body: { ids, action }, workspaceId })).data.results;
}
