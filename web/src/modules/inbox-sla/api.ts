// API calls of SLA policies (ordered) and the business hours of each team they are measured in.
import { channelTypes, conversationPriorities } from '../../../../src/shared/vocabulary';
import { request, type One, type Page } from '../../lib/api';

export type Priority = (typeof conversationPriorities)[number];
export type ChannelType = (typeof channelTypes)[number];
export { channelTypes, conversationPriorities };

export type SlaEscalation = { reassignTeamId?: string; reassignMemberId?: string; notifyMemberIds?: string[]; notifyManager?: boolean; setPriority?: Priority };

export type SlaPolicy = {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  priorities: Priority[];
  channelTypes: ChannelType[];
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  warnBeforeMinutes: number;
  businessHours: boolean;
  escalation: SlaEscalation;
  createdAt: string;
  updatedAt: string;
};
export type SlaPolicyInput = Omit<SlaPolicy, 'id' | 'position' | 'createdAt' | 'updatedAt'>;

export type Weekday = '0' | '1' | '2' | '3' | '4' | '5' | '6';
export type WeeklyHours = Record<Weekday, [number, number][]>;
export type BusinessHours = { teamId: string; timezone: string; weeklyHours: WeeklyHours | null; holidays: string[] };
export type BusinessHoursInput = Omit<BusinessHours, 'teamId'>;

const id = encodeURIComponent;

export const listPolicies = async (workspaceId: string) => (await request<Page<SlaPolicy>>('/sla-policies', { workspaceId })).data;
export const createPolicy = async (workspaceId: string, input: SlaPolicyInput) => (await request<One<SlaPolicy>>('/sla-policies', { method: 'POST', body: input, workspaceId })).data;
export const updatePolicy = async (workspaceId: string, policyId: string, input: Partial<SlaPolicyInput>) =>
  (await request<One<SlaPolicy>>(`/sla-policies/${id(policyId)}`, { method: 'PATCH', body: input, workspaceId })).data;
export const deletePolicy = (workspaceId: string, policyId: string) => request<void>(`/sla-policies/${id(policyId)}`, { method: 'DELETE', workspaceId });
export const reorderPolicies = async (workspaceId: string, ids: string[]) => (await request<Page<SlaPolicy>>('/sla-policies/reorder', { method: 'POST', body: { ids }, workspaceId })).data;

export const fetchBusinessHours = async (workspaceId: string, teamId: string) => (await request<One<BusinessHours>>(`/teams/${id(teamId)}/business-hours`, { workspaceId })).data;
export const saveBusinessHours = async (workspaceId: string, teamId: string, input: BusinessHoursInput) =>
  (await request<One<BusinessHours>>(`/teams/${id(teamId)}/business-hours`, { method: 'PUT', body: input, workspaceId })).data;
