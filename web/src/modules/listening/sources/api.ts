// Calls of the listening setup screen for sources (/sources): list, add, change, poll now, rotate a
// generic source's secret, read its dead letters.
import { request, type One, type Page } from '../../../lib/api';
import type { sourceErrorKinds, sourceHealthStates, sourceTypes } from '../../../../../src/shared/vocabulary';

export type SourceType = (typeof sourceTypes)[number];
export type SourceHealthState = (typeof sourceHealthStates)[number];
export type SourceErrorKind = (typeof sourceErrorKinds)[number];

export type Source = {
  id: string;
  type: SourceType;
  name: string;
  mode: 'polling' | 'streaming' | 'webhook';
  config: Record<string, unknown>;
  credentialFields: string[];
  enabled: boolean;
  health: {
    state: SourceHealthState;
    lastError: string | null;
    lastErrorKind: SourceErrorKind | null;
    lastErrorAt: string | null;
    failures: number;
    lastSuccessAt: string | null;
    nextPollAt: string | null;
  };
  counters: { postsReceived: number; mentionsStored: number };
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
};
export type CreatedSource = Source & { webhookSecret: string | null };
export type SourceInput = { type: SourceType; name?: string; config: Record<string, unknown>; credentials?: Record<string, string>; enabled?: boolean };
export type SourcePatch = { name?: string; config?: Record<string, unknown>; credentials?: Record<string, string>; enabled?: boolean };
export type DeadLetter = { id: string; contentType: string | null; body: string; error: string; receivedAt: string };

export async function listSources(workspaceId: string): Promise<Source[]> {
  return (await request<Page<Source>>('/sources', { query: { limit: 200 }, workspaceId })).data;
}

export async function createSource(workspaceId: string, input: SourceInput): Promise<CreatedSource> {
  return (await request<One<CreatedSource>>('/sources', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateSource(workspaceId: string, sourceId: string, input: SourcePatch): Promise<Source> {
  return (await request<One<Source>>(`/sources/${encodeURIComponent(sourceId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteSource(workspaceId: string, sourceId: string): Promise<void> {
  await request<void>(`/sources/${encodeURIComponent(sourceId)}`, { method: 'DELETE', workspaceId });
}

export async function pollSource(workspaceId: string, sourceId: string): Promise<Source> {
  return (await request<One<Source>>(`/sources/${encodeURIComponent(sourceId)}/poll`, { method: 'POST', workspaceId })).data;
}

export async function rotateSecret(workspaceId: string, sourceId: string): Promise<string> {
  return (await request<One<{ webhookSecret: string }>>(`/sources/${encodeURIComponent(sourceId)}/rotate-secret`, { method: 'POST', workspaceId })).data.webhookSecret;
}

export async function listDeadLetters(workspaceId: string, sourceId: string): Promise<DeadLetter[]> {
  return (await request<Page<DeadLetter>>(`/sources/${encodeURIComponent(sourceId)}/dead-letters`, { query: { limit: 100 }, workspaceId })).data;
}
