import { permissions, workspaceRoles } from '../../../../src/shared/vocabulary';

export const ROLES = workspaceRoles;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = permissions;
export type Permission = (typeof PERMISSIONS)[number];

export type Workspace = {
  id: string;
  name: string;
  createdAt: string;
  role: Role;
  permissions: Permission[];
};

export type RoleDescription = { role: Role; description: string; permissions: Permission[] };
