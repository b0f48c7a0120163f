import { useInfiniteQuery } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { workspaceKey } from '../workspaces/query-keys';
import { listAuditEvents, type AuditFilters } from './api';

export function useAuditEvents(filters: AuditFilters) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: workspaceKey(workspace.id, 'audit', filters),
    queryFn: ({ pageParam }) => listAuditEvents(workspace.id, filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: (previous) => previous,
  });
}
