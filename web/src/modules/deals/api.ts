import { acquisitionSources } from '../../../../src/shared/vocabulary';
import { request, type One, type Page } from '../../lib/api';

export const ACQUISITION_SOURCES = acquisitionSources;
export type AcquisitionSource = (typeof ACQUISITION_SOURCES)[number];
export type StageKind = 'open' | 'won' | 'lost';
export type DealStatus = 'open' | 'won' | 'lost';
export type Money = { amount: string; currency: string };

export type Stage = { id: string; pipelineId: string; name: string; kind: StageKind; position: number; probability: number };
export type Pipeline = { id: string; name: string; position: number; isDefault: boolean; stages: Stage[]; createdAt: string };

export type Deal = {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  amount: Money | null;
  expectedCloseDate: string | null;
  contact: { id: string; name: string } | null;
  company: { id: string; name: string } | null;
  owner: { memberId: string; name: string } | null;
  source: AcquisitionSource;
  sourceChannel: string | null;
  sourceRef: string | null;
  lostReason: string | null;
  closedAt: string | null;
  position: number;
  createdAt: string;
  updatedAt: string;
};

export type BoardStage = Stage & { deals: Deal[]; totals: { count: number; amounts: Money[] } };
export type Board = { pipeline: Pipeline; stages: BoardStage[] };

export type DealInput = {
  title: string;
  pipelineId?: string;
  stageId?: string;
  contactId?: string | null;
  amount?: Money | null;
  expectedCloseDate?: string | null;
  ownerMemberId?: string | null;
  source: AcquisitionSource;
  sourceChannel?: string | null;
  sourceRef?: string | null;
};
export type DealPatch = Partial<Omit<DealInput, 'pipelineId' | 'stageId'>> & { lostReason?: string | null };
export type DealMove = { stageId: string; beforeDealId?: string; afterDealId?: string; lostReason?: string };

export type LeadStats = { contacts: number; customers: number; rate: number | null };
export type DealStats = { won: number; lost: number; winRate: number | null; wonAmounts: Money[]; avgDaysToClose: number | null; medianDaysToClose: number | null };
export type SourceGroup = 'social' | 'traditional';
export type ConversionReport = {
  from: string;
  to: string;
  period: 'month' | 'week';
  periods: string[];
  leads: {
    total: LeadStats;
    bySource: (LeadStats & { source: AcquisitionSource; group: SourceGroup })[];
    byGroup: (LeadStats & { group: SourceGroup })[];
    byPeriod: (LeadStats & { period: string; source: AcquisitionSource })[];
  };
  deals: {
    total: DealStats;
    bySource: (DealStats & { source: AcquisitionSource; group: SourceGroup })[];
    byGroup: (DealStats & { group: SourceGroup })[];
    byPeriod: (DealStats & { period: string; source: AcquisitionSource })[];
  };
};

const dealPath = (dealId: string) => `/deals/${encodeURIComponent(dealId)}`;

export async function listPipelines(workspaceId: string): Promise<Pipeline[]> {
  return (await request<Page<Pipeline>>('/pipelines', { workspaceId })).data;
}

export async function fetchBoard(workspaceId: string, pipelineId: string): Promise<Board> {
  return (await request<One<Board>>(`/pipelines/${encodeURIComponent(pipelineId)}/board`, { workspaceId })).data;
}

export async function createDeal(workspaceId: string, input: DealInput): Promise<Deal> {
  return (await request<One<Deal>>('/deals', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateDeal(workspaceId: string, dealId: string, patch: DealPatch): Promise<Deal> {
  return (await request<One<Deal>>(dealPath(dealId), { method: 'PATCH', body: patch, workspaceId })).data;
}

export async function deleteDeal(workspaceId: string, dealId: string): Promise<void> {
  await request<void>(dealPath(dealId), { method: 'DELETE', workspaceId });
}

export async function moveDeal(workspaceId: string, dealId: string, move: DealMove): Promise<Deal> {
  return (await request<One<Deal>>(`${dealPath(dealId)}/move`, { method: 'POST', body: move, workspaceId })).data;
}

export async function markDealWon(workspaceId: string, dealId: string): Promise<Deal> {
  return (await request<One<Deal>>(`${dealPath(dealId)}/won`, { method: 'POST', workspaceId })).data;
}

export async function markDealLost(workspaceId: string, dealId: string, reason: string): Promise<Deal> {
  return (await request<One<Deal>>(`${dealPath(dealId)}/lost`, { method: 'POST', body: { reason }, workspaceId })).data;
}

export async function createStage(workspaceId: string, pipelineId: string, input: { name: string; probability?: number }): Promise<Stage> {
  return (await request<One<Stage>>(`/pipelines/${encodeURIComponent(pipelineId)}/stages`, { method: 'POST', body: input, workspaceId })).data;
}

export async function updateStage(workspaceId: string, stageId: string, patch: { name?: string; probability?: number; position?: number }): Promise<Stage> {
  return (await request<One<Stage>>(`/pipeline-stages/${encodeURIComponent(stageId)}`, { method: 'PATCH', body: patch, workspaceId })).data;
}

export async function deleteStage(workspaceId: string, stageId: string): Promise<void> {
  await request<void>(`/pipeline-stages/${encodeURIComponent(stageId)}`, { method: 'DELETE', workspaceId });
}

export async function createPipeline(workspaceId: string, name: string): Promise<Pipeline> {
  return (await request<One<Pipeline>>('/pipelines', { method: 'POST', body: { name }, workspaceId })).data;
}

export async function fetchConversionReport(workspaceId: string, query: { from: string; to: string; period: 'month' | 'week' }): Promise<ConversionReport> {
  return (await request<One<ConversionReport>>('/reports/conversion', { query, workspaceId })).data;
}

/** Contacts for the deal form's picker; an empty list when the contacts API is not there. */
export async function searchContacts(workspaceId: string, q: string): Promise<{ id: string; name: string }[]> {
  try {
    return (await request<Page<{ id: string; name: string }>>('/contacts', { query: { q, limit: 20 }, workspaceId })).data;
  } catch {
    return [];
  }
}
