// API calls of routing rules: the ordered list, the field catalog conditions use, saves, reordering
// and the "what would happen" preview.
import { request, type One, type Page } from '../../lib/api';

export type RoutingOperator = 'eq' | 'neq' | 'in' | 'not_in' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'not_contains' | 'has' | 'has_any' | 'has_none' | 'is_empty' | 'is_not_empty';
export type RoutingCondition = { field: string; op: RoutingOperator; value?: unknown };
export type RoutingConditionGroup = { match: 'all' | 'any'; conditions: (RoutingCondition | RoutingConditionGroup)[] };
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export type RoutingAction =
  | { type: 'assign_team'; teamId: string }
  | { type: 'assign_agent'; memberId: string }
  | { type: 'set_priority'; priority: Priority }
  | { type: 'add_labels'; labels: string[] }
  | { type: 'auto_reply'; text: string }
  | { type: 'snooze'; minutes: number }
  | { type: 'suggest_articles'; articleIds: string[] }
  | { type: 'notify'; memberIds: string[]; teamIds?: string[]; message?: string };
export type RoutingTrigger = 'created' | 'updated' | 'both';

export type RoutingRule = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  trigger: RoutingTrigger;
  conditions: RoutingConditionGroup;
  actions: RoutingAction[];
  stopProcessing: boolean;
  appliedCount: number;
  createdAt: string;
  updatedAt: string;
};
export type RoutingRuleInput = Pick<RoutingRule, 'name' | 'enabled' | 'trigger' | 'conditions' | 'actions' | 'stopProcessing'>;

export type RoutingField = { field: string; label: string; kind: string; operators: RoutingOperator[]; values?: string[] };

export type ConditionTrace = { path: string; field: string; op: string; value: unknown; actual: unknown; held: boolean };
export type PreviewRow = {
  conversationId: string;
  subject: string | null;
  preview: string | null;
  contactName: string | null;
  channel: string;
  lastMessageAt: string;
  matched: boolean;
  conditions: ConditionTrace[];
  actions: RoutingAction[];
};

const id = encodeURIComponent;

export const listRules = async (workspaceId: string) => (await request<Page<RoutingRule>>('/routing-rules', { workspaceId })).data;
export const listFields = async (workspaceId: string) => (await request<Page<RoutingField>>('/routing-rules/fields', { workspaceId })).data;
export const createRule = async (workspaceId: string, input: RoutingRuleInput) => (await request<One<RoutingRule>>('/routing-rules', { method: 'POST', body: input, workspaceId })).data;
export const updateRule = async (workspaceId: string, ruleId: string, input: Partial<RoutingRuleInput>) =>
  (await request<One<RoutingRule>>(`/routing-rules/${id(ruleId)}`, { method: 'PATCH', body: input, workspaceId })).data;
export const deleteRule = (workspaceId: string, ruleId: string) => request<void>(`/routing-rules/${id(ruleId)}`, { method: 'DELETE', workspaceId });
export const reorderRules = async (workspaceId: string, ids: string[]) => (await request<Page<RoutingRule>>('/routing-rules/reorder', { method: 'POST', body: { ids }, workspaceId })).data;
export const previewRule = async (workspaceId: string, rule: RoutingRuleInput, sample = 20) =>
  (await request<Page<PreviewRow>>('/routing-rules/preview', { method: 'POST', body: { rule, sample }, workspaceId })).data;

export type AssignmentMethod = 'manual' | 'round_robin' | 'capacity';
export type AgentStatus = { memberId: string; availability: 'online' | 'away' | 'offline'; capacity: number; openConversations: number; lastAssignedAt: string | null };
export type TeamAssignment = { teamId: string; assignmentMethod: AssignmentMethod; managerMemberId: string | null; agents: AgentStatus[] };

export const getTeamAssignment = async (workspaceId: string, teamId: string) => (await request<One<TeamAssignment>>(`/teams/${id(teamId)}/assignment`, { workspaceId })).data;
export const setTeamAssignment = async (workspaceId: string, teamId: string, assignmentMethod: AssignmentMethod) =>
  (await request<One<TeamAssignment>>(`/teams/${id(teamId)}/assignment`, { method: 'PUT', body: { assignmentMethod }, workspaceId })).data;

export type ArticleOption = { id: string; title: string; kind: 'article' | 'video' };
export const listArticles = async (workspaceId: string) => (await request<Page<ArticleOption>>('/knowledge-articles', { query: { limit: 200 }, workspaceId })).data;
