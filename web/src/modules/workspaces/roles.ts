import type { Permission, Role } from './types';
import { ROLES } from './types';

export const roleLabels: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  agent: 'Agent',
  analyst: 'Analyst',
  viewer: 'Viewer',
};

export const permissionLabels: Record<Permission, string> = {
  'workspace.read': 'See the workspace',
  'workspace.update': 'Rename the workspace',
  'members.read': 'See members',
  'members.manage': 'Change roles and remove members',
  'teams.read': 'See teams',
  'teams.manage': 'Create and edit teams',
  'invitations.manage': 'Invite people',
  'api_keys.manage': 'Manage API keys',
  'audit.read': 'Read the audit log',
  'contacts.read': 'See contacts, companies and segments',
  'contacts.manage': 'Create, edit and merge contacts',
  'contacts.import': 'Import contacts',
  'contacts.export': 'Export contacts',
  'contacts.erase': 'Erase contacts (privacy requests)',
  'custom_fields.manage': 'Manage custom fields',
  'segments.manage': 'Create and edit segments',
  'activities.manage': 'Create and edit tasks and notes',
  'deals.read': 'See deals',
  'deals.manage': 'Create and edit deals',
  'pipelines.manage': 'Manage pipelines',
  'reports.read': 'Read reports',
  'listening.read': 'See listening topics, queries and mentions',
  'listening.manage': 'Create and edit listening topics and queries',
  'listening.correct': "Correct mentions' sentiment and relevance",
  'listening.ingest': 'Send posts to the listening pipeline (integrations)',
  'inbox.read': 'See conversations in the inbox',
  'inbox.reply': 'Reply to conversations, write notes, assign and resolve them',
  'inbox.note': 'Write internal notes on conversations (people of other departments pulled in to help)',
  'inbox.manage': 'Set up routing rules, SLA policies, business hours, canned responses and the knowledge library',
  'channels.manage': 'Connect channels: web chat, messaging accounts',
};

/** Mirrors the server's rule so the UI only offers roles the server would accept. */
export function canGrantRole(granter: Role, role: Role): boolean {
  if (granter === 'owner') return true;
  if (granter === 'admin') return role !== 'owner';
  if (granter === 'manager') return role === 'agent' || role === 'analyst' || role === 'viewer';
  return false;
}

export function grantableRoles(granter: Role): Role[] {
  return ROLES.filter((role) => canGrantRole(granter, role));
}

export function roleColor(role: Role): string {
  switch (role) {
    case 'owner':
      return 'grape';
    case 'admin':
      return 'indigo';
    case 'manager':
      return 'teal';
    case 'agent':
      return 'blue';
    case 'analyst':
      return 'orange';
    case 'viewer':
      return 'gray';
  }
}
