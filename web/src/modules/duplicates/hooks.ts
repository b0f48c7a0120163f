import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useInvalidateCrm } from '../contacts/hooks';
import { crmKey } from '../contacts/query-keys';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import * as api from './api';

export function useDuplicates() {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: crmKey(workspace.id, 'duplicates', 'open'),
    queryFn: ({ pageParam }) => api.listDuplicates(workspace.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useDismissDuplicate() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (duplicateId: string) => api.dismissDuplicate(workspace.id, duplicateId), onSuccess: invalidate });
}

export function useBulkDuplicates() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: ({ ids, action }: { ids: string[]; action: 'dismiss' | 'merge' }) => api.bulkDuplicates(workspace.id, ids, action), onSuccess: invalidate });
}
