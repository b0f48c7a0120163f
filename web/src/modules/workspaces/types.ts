export const ROLES = ['owner', 'admin', 'manager', 'agent', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'workspace.read',
  'workspace.update',
  'members.read',
  'members.manage',
  'teams.read',
  'teams.manage',
  'invitations.manage',
  'api_keys.manage',
  'audit.read',
  'contacts.read',
  'contacts.manage',
  'contacts.import',
  'contacts.export',
  'contacts.erase',
  'custom_fields.manage',
  'segments.manage',
  'activities.manage',
  'deals.read',
  'deals.manage',
  'pipelines.manage',
  'reports.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Workspace = {
  id: string;
  name: string;
  createdAt: string;
  role: Role;
  permissions: Permission[];
};

export type RoleDescription = { role: Role; description: string; permissions: Permission[] };
