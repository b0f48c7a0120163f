import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { storedWorkspaceId, storeWorkspaceId } from '../../lib/api';
import type { Me } from '../accounts/api';
import type { Permission, Workspace } from './types';

type CurrentWorkspace = {
  workspace: Workspace;
  workspaces: Workspace[];
  can: (permission: Permission) => boolean;
  switchWorkspace: (id: string) => void;
};

const CurrentWorkspaceContext = createContext<CurrentWorkspace | null>(null);

export function CurrentWorkspaceProvider({ me, fallback, children }: { me: Me; fallback: ReactNode; children: ReactNode }) {
  const [selectedId, setSelectedId] = useState<string | null>(() => storedWorkspaceId());
  // A stale id (left the workspace, another person on this browser) falls back to the first one.
  const workspace = me.workspaces.find((candidate) => candidate.id === selectedId) ?? me.workspaces[0] ?? null;

  useEffect(() => {
    if (workspace && workspace.id !== storedWorkspaceId()) storeWorkspaceId(workspace.id);
  }, [workspace]);

  const switchWorkspace = useCallback((id: string) => {
    storeWorkspaceId(id);
    setSelectedId(id);
  }, []);

  const value = useMemo<CurrentWorkspace | null>(() => {
    if (!workspace) return null;
    const granted = new Set(workspace.permissions);
    return { workspace, workspaces: me.workspaces, can: (permission) => granted.has(permission), switchWorkspace };
  }, [workspace, me.workspaces, switchWorkspace]);

  if (!value) return fallback;
  return <CurrentWorkspaceContext value={value}>{children}</CurrentWorkspaceContext>;
}

export function useCurrentWorkspace(): CurrentWorkspace {
  const value = use(CurrentWorkspaceContext);
  if (!value) throw new Error('useCurrentWorkspace must be used inside CurrentWorkspaceProvider');
  return value;
}
