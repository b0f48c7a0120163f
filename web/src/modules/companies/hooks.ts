import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useInvalidateCrm } from '../contacts/hooks';
import { crmKey } from '../contacts/query-keys';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import * as api from './api';

export function useCompanies(q: string) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: crmKey(workspace.id, 'companies', 'list', q),
    queryFn: ({ pageParam }) => api.listCompanies(workspace.id, { q, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** The first 200 companies by name, for pickers (a search box narrows the rest). */
export function useCompanyOptions(enabled = true) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: crmKey(workspace.id, 'companies', 'options'),
    queryFn: () => api.listCompanies(workspace.id, { limit: 200 }).then((page) => page.data),
    enabled,
  });
}

export function useCompany(companyId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: crmKey(workspace.id, 'companies', 'detail', companyId), queryFn: () => api.getCompany(workspace.id, companyId) });
}

export function useSaveCompany() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({
    mutationFn: ({ companyId, input }: { companyId?: string; input: api.CompanyInput }) =>
      companyId ? api.updateCompany(workspace.id, companyId, input) : api.createCompany(workspace.id, input),
    onSuccess: invalidate,
  });
}

export function useDeleteCompany() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (companyId: string) => api.deleteCompany(workspace.id, companyId), onSuccess: invalidate });
}
