import { request, type Page } from '../../lib/api';

export type AuditActor = { type: 'user' | 'api_key' | 'system'; id: string | null; label: string };

export type AuditEvent = {
  id: string;
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  ipAddress: string | null;
  createdAt: string;
};

export type AuditFilters = { action?: string; actorId?: string; entityType?: string; entityId?: string; from?: string; to?: string };

export const KNOWN_ACTIONS = [
  'workspace.created',
  'workspace.updated',
  'member.added',
  'member.role_changed',
  'member.removed',
  'team.created',
  'team.updated',
  'team.deleted',
  'team.member_added',
  'team.member_removed',
  'invitation.created',
  'invitation.revoked',
  'api_key.created',
  'api_key.revoked',
];

export const ENTITY_TYPES = [
  { value: 'workspace', label: 'Workspace' },
  { value: 'member', label: 'Member' },
  { value: 'team', label: 'Team' },
  { value: 'invitation', label: 'Invitation' },
  { value: 'api_key', label: 'API key' },
];

export async function listAuditEvents(workspaceId: string, filters: AuditFilters, cursor: string | null): Promise<Page<AuditEvent>> {
  return request<Page<AuditEvent>>('/audit-events', { workspaceId, query: { limit: 50, cursor, ...filters } });
}
