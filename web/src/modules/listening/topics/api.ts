// Calls of the listening setup screens for topics and their queries, including the editor's checker
// and preview (/topics, /queries, /queries/check, /queries/preview).
import { request, type One, type Page } from '../../../lib/api';
import { topicKinds } from '../../../../../src/shared/vocabulary';

export { topicKinds };
export type TopicKind = (typeof topicKinds)[number];

export type Topic = {
  id: string;
  name: string;
  kind: TopicKind;
  description: string | null;
  color: string | null;
  queryCount: number;
  mentions7d: number;
  createdAt: string;
  updatedAt: string;
};
export type TopicInput = { name: string; kind: TopicKind; description: string | null; color: string | null };

export type QueryIssue = { message: string; position: number };

export type ListeningQuery = {
  id: string;
  topicId: string;
  name: string;
  query: string;
  enabled: boolean;
  indexable: boolean;
  warnings: QueryIssue[];
  createdAt: string;
  updatedAt: string;
};
export type QueryInput = { topicId: string; name?: string; query: string; enabled?: boolean };

export type QueryCheck = { valid: boolean; error: QueryIssue | null; warnings: QueryIssue[]; canonical: string | null; indexable: boolean | null };

export type PreviewSample = {
  id: string;
  source: string;
  channel: string | null;
  url: string | null;
  title: string | null;
  text: string;
  lang: string | null;
  publishedAt: string;
  authorHandle: string | null;
  authorName: string | null;
  inTopic: boolean;
  highlights: { field: 'text' | 'title'; start: number; end: number }[];
};
export type QueryPreview = {
  scanned: number;
  truncated: boolean;
  matched: number;
  alreadyInTopic: number;
  from: string;
  to: string;
  dailyEstimate: number;
  days: { date: string; count: number }[];
  samples: PreviewSample[];
};

export const topicKindLabels: Record<TopicKind, string> = {
  brand: 'Brand',
  competitor: 'Competitor',
  product: 'Product line',
  campaign: 'Campaign',
  industry: 'Industry',
  other: 'Other',
};

export async function listTopics(workspaceId: string): Promise<Topic[]> {
  return (await request<Page<Topic>>('/topics', { workspaceId })).data;
}

export async function getTopic(workspaceId: string, topicId: string): Promise<Topic> {
  return (await request<One<Topic>>(`/topics/${encodeURIComponent(topicId)}`, { workspaceId })).data;
}

export async function createTopic(workspaceId: string, input: TopicInput): Promise<Topic> {
  return (await request<One<Topic>>('/topics', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateTopic(workspaceId: string, topicId: string, input: Partial<TopicInput>): Promise<Topic> {
  return (await request<One<Topic>>(`/topics/${encodeURIComponent(topicId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteTopic(workspaceId: string, topicId: string): Promise<void> {
  await request<void>(`/topics/${encodeURIComponent(topicId)}`, { method: 'DELETE', workspaceId });
}

export async function listQueries(workspaceId: string, topicId: string): Promise<ListeningQuery[]> {
  return (await request<Page<ListeningQuery>>('/queries', { query: { topicId }, workspaceId })).data;
}

export async function createQuery(workspaceId: string, input: QueryInput): Promise<ListeningQuery> {
  return (await request<One<ListeningQuery>>('/queries', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateQuery(workspaceId: string, queryId: string, input: Partial<QueryInput>): Promise<ListeningQuery> {
  return (await request<One<ListeningQuery>>(`/queries/${encodeURIComponent(queryId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteQuery(workspaceId: string, queryId: string): Promise<void> {
  await request<void>(`/queries/${encodeURIComponent(queryId)}`, { method: 'DELETE', workspaceId });
}

export async function checkQuery(workspaceId: string, query: string, signal?: AbortSignal): Promise<QueryCheck> {
  return (await request<One<QueryCheck>>('/queries/check', { method: 'POST', body: { query }, workspaceId, signal })).data;
}

export async function previewQuery(workspaceId: string, query: string, topicId: string | undefined, signal?: AbortSignal): Promise<QueryPreview> {
  return (await request<One<QueryPreview>>('/queries/preview', { method: 'POST', body: { query, topicId }, workspaceId, signal })).data;
}
