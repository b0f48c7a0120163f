// Every workspace-scoped query key starts with ['workspace', id, domain], so switching workspace
// never shows another workspace's cache and real-time events can invalidate one domain at once.
export type WorkspaceDomain = 'workspace' | 'roles' | 'members' | 'teams' | 'invitations' | 'api-keys' | 'audit' | 'tasks' | 'notes' | 'notifications' | 'deals';

export function workspaceKey(workspaceId: string, domain: WorkspaceDomain, ...rest: unknown[]): unknown[] {
  return ['workspace', workspaceId, domain, ...rest];
}
