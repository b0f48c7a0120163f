import { request, type One, type Page } from '../../lib/api';
import type { FilterGroup } from './filter-fields';

export type Segment = { id: string; name: string; description: string; filter: FilterGroup; createdBy: string | null; createdAt: string; updatedAt: string };
export type SegmentInput = { name: string; description?: string; filter: FilterGroup };

const id = encodeURIComponent;

export async function listSegments(workspaceId: string): Promise<Segment[]> {
  return (await request<Page<Segment>>('/segments', { workspaceId })).data;
}

export async function getSegment(workspaceId: string, segmentId: string): Promise<Segment & { count: number }> {
  return (await request<One<Segment & { count: number }>>(`/segments/${id(segmentId)}`, { workspaceId })).data;
}

export async function createSegment(workspaceId: string, input: SegmentInput): Promise<Segment> {
  return (await request<One<Segment>>('/segments', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateSegment(workspaceId: string, segmentId: string, input: Partial<SegmentInput>): Promise<Segment> {
  return (await request<One<Segment>>(`/segments/${id(segmentId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteSegment(workspaceId: string, segmentId: string): Promise<void> {
  await request<void>(`/segments/${id(segmentId)}`, { method: 'DELETE', workspaceId });
}
