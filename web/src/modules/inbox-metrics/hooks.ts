import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { fetchInboxMetrics, type MetricsQuery } from './api';

export function useInboxMetrics(query: MetricsQuery) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    // Same shape as workspaceKey(): switching workspace never shows another workspace's numbers.
    queryKey: ['workspace', workspace.id, 'inbox-metrics', query],
    queryFn: () => fetchInboxMetrics(workspace.id, query),
    placeholderData: keepPreviousData,
    // Today's numbers move as agents work; a minute is fresh enough for a report.
    refetchInterval: 60_000,
  });
}

export function useCanReadMetrics(): boolean {
  const { workspace } = useCurrentWorkspace();
  return workspace.permissions.includes('reports.read');
}
