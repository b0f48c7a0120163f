import { useCurrentWorkspace } from '../workspaces/current-workspace';

/** Activities permissions, read from the workspace's list (the shared Permission type predates them). */
export function useActivityPermissions() {
  const { workspace } = useCurrentWorkspace();
  const granted: readonly string[] = workspace.permissions;
  return { canRead: granted.includes('contacts.read'), canManage: granted.includes('activities.manage') };
}
