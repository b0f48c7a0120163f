import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { subscribeRealtime } from '../../workspaces/realtime';
import { useCurrentWorkspace } from '../../workspaces/current-workspace';
import { useSources } from '../sources/hooks';
import * as api from './api';

const importsKey = (workspaceId: string, ...rest: unknown[]) => ['workspace', workspaceId, 'listening', 'imports', ...rest];

/** While an import runs, its progress events drive the screen; this slower poll only covers a dropped connection. */
const FALLBACK_POLL_MS = 5000;

/** Past and current imports. */
export function useListeningImports() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: importsKey(workspace.id, 'list'),
    queryFn: () => api.listImports(workspace.id),
    refetchInterval: (query) => (query.state.data?.some(api.isActive) ? FALLBACK_POLL_MS : false),
  });
}

/** One import, until it finishes. */
export function useListeningImport(importId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: importsKey(workspace.id, 'one', importId),
    queryFn: () => api.getImport(workspace.id, importId!),
    enabled: importId !== null,
    refetchInterval: (query) => (query.state.data && !api.isActive(query.state.data) ? false : FALLBACK_POLL_MS),
  });
}

/** Refetches an import and the list on each of its progress events (one per committed chunk) on the workspace's real-time channel. */
export function useImportProgressEvents() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      subscribeRealtime((message) => {
        if (message.type !== 'listening_import.progress') return;
        const id = (message.data as { id?: unknown } | null)?.id;
        if (typeof id === 'string') void queryClient.invalidateQueries({ queryKey: importsKey(workspace.id, 'one', id) });
        void queryClient.invalidateQueries({ queryKey: importsKey(workspace.id, 'list') });
      }),
    [queryClient, workspace.id],
  );
}

export function useImportPreview(file: File | null, format: api.ImportFormat | null, mapping: Record<string, string> | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: importsKey(workspace.id, 'preview', file?.name, file?.size, file?.lastModified, format, mapping),
    queryFn: () => api.previewImport(file!, format, mapping),
    enabled: file !== null,
    retry: false,
    placeholderData: (previous) => previous,
  });
}

export function useStartImport() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, options }: { file: File; options: api.ImportOptions }) => api.startImport(file, options),
    onSuccess: (row) => {
      queryClient.setQueryData(importsKey(workspace.id, 'one', row.id), row);
      void queryClient.invalidateQueries({ queryKey: importsKey(workspace.id, 'list') });
    },
  });
}

export function useCancelImport() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (importId: string) => api.cancelImport(workspace.id, importId),
    onSuccess: (row) => {
      queryClient.setQueryData(importsKey(workspace.id, 'one', row.id), row);
      void queryClient.invalidateQueries({ queryKey: importsKey(workspace.id, 'list') });
    },
  });
}

/** Where an import's mentions go, in words: its source's name, or a standalone import. */
export function useDestinationLabel(): (row: Pick<api.ListeningImport, 'sourceId'>) => string {
  const sources = useSources();
  return (row) => {
    if (!row.sourceId) return 'Standalone import';
    return sources.data?.find((source) => source.id === row.sourceId)?.name ?? 'A listening source';
  };
}
