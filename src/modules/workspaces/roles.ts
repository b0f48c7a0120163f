// Roles and what each may do. Routes name a permission; this table is the only place that maps
// roles to permissions, so the UI, the API and the access tests all read the same truth.
import type { ApiKeyScope, WorkspaceRole } from '../../db/schema.js';
import { permissions } from '../../shared/vocabulary.js';

export { permissions };

export type Permission = (typeof permissions)[number];

const everything = new Set<Permission>(permissions);
const readOnly: Permission[] = ['workspace.read', 'members.read', 'teams.read', 'contacts.read', 'deals.read', 'listening.read', 'inbox.read'];
const crmWork: Permission[] = ['contacts.manage', 'activities.manage', 'deals.manage'];

export const rolePermissions: Record<WorkspaceRole, ReadonlySet<Permission>> = {
  owner: everything,
  admin: everything,
  manager: new Set<Permission>([
    ...readOnly,
    ...crmWork,
    'teams.manage',
    'invitations.manage',
    'audit.read',
    'contacts.import',
    'contacts.export',
    'custom_fields.manage',
    'segments.manage',
    'pipelines.manage',
    'reports.read',
    'listening.manage',
    'listening.correct',
    'inbox.reply',
    'inbox.note',
    'inbox.manage',
  ]),
  agent: new Set<Permission>([...readOnly, ...crmWork, 'listening.correct', 'inbox.reply', 'inbox.note']),
  analyst: new Set<Permission>([...readOnly, 'inbox.note', 'audit.read', 'contacts.export', 'segments.manage', 'reports.read', 'listening.manage', 'listening.correct']),
  viewer: new Set<Permission>(readOnly),
};

export const roleDescriptions: Record<WorkspaceRole, string> = {
  owner: 'Everything, including managing other owners and admins.',
  admin: 'Manages the workspace: members, teams, invitations, API keys, settings and the audit log.',
  manager: 'Leads teams and the CRM: manages teams, pipelines, custom fields, segments, imports and listening topics; invites people; reads the audit log and reports.',
  agent: 'Works conversations, contacts, deals, tasks and notes; corrects mentions.',
  analyst: 'Reads everything, builds segments, reports and listening topics, corrects mentions, exports lists.',
  viewer: 'Read-only access.',
};

/** Roles a member may hand out: an admin cannot create owners, only an owner can. */
export function canGrantRole(granter: WorkspaceRole, role: WorkspaceRole): boolean {
  if (granter === 'owner') return true;
  if (granter === 'admin') return role !== 'owner';
  if (granter === 'manager') return role === 'agent' || role === 'analyst' || role === 'viewer';
  return false;
}

export function hasPermission(role: WorkspaceRole, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

/** API keys act as an admin (never an owner); a read-scoped key only gets the read permissions. */
export function apiKeyHasPermission(scopes: ApiKeyScope[], permission: Permission): boolean {
  if (scopes.includes('all')) return rolePermissions.admin.has(permission);
  return scopes.includes('read') && (permission.endsWith('.read') || permission === 'audit.read');
}
