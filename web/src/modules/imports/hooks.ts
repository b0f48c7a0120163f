import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { getImport, startImport, updateImport, uploadImport, validateImport, type ContactImport, type ImportMapping, type ImportOptions } from './api';

// Under ['workspace', id, …] like every workspace cache, so a workspace switch never shares it.
const importKey = (workspaceId: string, importId: string) => ['workspace', workspaceId, 'contact-imports', importId];

/** One import; polled every second while it runs. */
export function useContactImport(importId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: importKey(workspace.id, importId ?? ''),
    queryFn: () => getImport(workspace.id, importId!),
    enabled: importId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'importing' ? 1000 : false),
  });
}

function useStoreImport() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return (row: ContactImport) => queryClient.setQueryData(importKey(workspace.id, row.id), row);
}

export function useUploadImport() {
  const { workspace } = useCurrentWorkspace();
  const store = useStoreImport();
  return useMutation({ mutationFn: (file: File) => uploadImport(workspace.id, file), onSuccess: store });
}

export function useUpdateImport() {
  const { workspace } = useCurrentWorkspace();
  const store = useStoreImport();
  return useMutation({
    mutationFn: ({ importId, ...body }: { importId: string; mapping?: ImportMapping; options?: ImportOptions }) => updateImport(workspace.id, importId, body),
    onSuccess: store,
  });
}

export function useValidateImport() {
  const { workspace } = useCurrentWorkspace();
  return useMutation({ mutationFn: (importId: string) => validateImport(workspace.id, importId) });
}

export function useStartImport() {
  const { workspace } = useCurrentWorkspace();
  const store = useStoreImport();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (importId: string) => startImport(workspace.id, importId),
    onSuccess: (row) => {
      store(row);
      // The contact lists will change as rows arrive.
      void queryClient.invalidateQueries({ queryKey: ['workspace', workspace.id, 'contacts'] });
    },
  });
}
