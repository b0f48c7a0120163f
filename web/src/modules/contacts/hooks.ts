import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import * as api from './api';
import type { CustomFieldEntity } from './constants';
import { crmKey } from './query-keys';

/** After any CRM write: contacts, counts, companies, segments and duplicates may all have moved. */
export function useInvalidateCrm() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: crmKey(workspace.id) });
}

export function useContacts(filters: api.ContactFilters, sort: api.ContactSortState) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: crmKey(workspace.id, 'list', api.contactQuery(filters), sort),
    queryFn: ({ pageParam, signal }) => api.listContacts(workspace.id, filters, sort, pageParam, 50, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useContactCount(filters: api.ContactFilters, enabled = true) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: crmKey(workspace.id, 'count', api.contactQuery(filters)),
    queryFn: ({ signal }) => api.countContacts(workspace.id, filters, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContact(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: crmKey(workspace.id, 'detail', contactId), queryFn: () => api.getContact(workspace.id, contactId) });
}

export function useCreateContact() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (input: Parameters<typeof api.createContact>[1]) => api.createContact(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateContact(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateCrm();
  return useMutation({
    mutationFn: (input: api.ContactInput) => api.updateContact(workspace.id, contactId, input),
    onSuccess: (contact) => {
      // Show the saved contact at once; the lists catch up with the invalidation.
      queryClient.setQueryData(crmKey(workspace.id, 'detail', contactId), contact);
      void invalidate();
    },
  });
}

export function useBulkEditContacts() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (input: api.BulkEdit) => api.bulkEditContacts(workspace.id, input), onSuccess: invalidate });
}

export function useSignalFormulas() {
  const { workspace } = useCurrentWorkspace();
  // The formulas are constants of the server version: fetch once per session.
  return useQuery({ queryKey: crmKey(workspace.id, 'signal-formulas'), queryFn: () => api.getSignalFormulas(workspace.id), staleTime: Infinity });
}

export function useAddIdentity(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (input: api.IdentityInput) => api.addIdentity(workspace.id, contactId, input), onSuccess: invalidate });
}

export function useRemoveIdentity(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (identityId: string) => api.removeIdentity(workspace.id, contactId, identityId), onSuccess: invalidate });
}

export function useSetConsent(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({
    mutationFn: ({ channel, ...input }: { channel: string; status: 'granted' | 'denied'; method: string; note?: string }) => api.setConsent(workspace.id, contactId, channel, input),
    onSuccess: invalidate,
  });
}

export function useTimeline(contactId: string, filters: api.TimelineFilters) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: crmKey(workspace.id, 'timeline', contactId, filters),
    queryFn: ({ pageParam }) => api.listInteractions(workspace.id, contactId, filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useLogInteraction(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (input: api.LogInteractionInput) => api.logInteraction(workspace.id, contactId, input), onSuccess: invalidate });
}

export function useContactSummary(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: crmKey(workspace.id, 'summary', contactId), queryFn: () => api.getContactSummary(workspace.id, contactId) });
}

export function useMerges(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: crmKey(workspace.id, 'merges', contactId), queryFn: () => api.listMerges(workspace.id, contactId) });
}

export function useMergeContacts() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (input: Parameters<typeof api.mergeContacts>[1]) => api.mergeContacts(workspace.id, input), onSuccess: invalidate });
}

export function useUnmerge() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (mergeId: string) => api.unmerge(workspace.id, mergeId), onSuccess: invalidate });
}

export function useFindDuplicates(contactId: string) {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: () => api.findDuplicatesOf(workspace.id, contactId), onSuccess: invalidate });
}

export function useCustomFields(entity?: CustomFieldEntity) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: crmKey(workspace.id, 'custom-fields', entity ?? 'all'), queryFn: () => api.listCustomFields(workspace.id, entity) });
}

export function useCreateCustomField() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (input: api.CustomFieldInput) => api.createCustomField(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateCustomField() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: ({ fieldId, input }: { fieldId: string; input: api.CustomFieldUpdate }) => api.updateCustomField(workspace.id, fieldId, input), onSuccess: invalidate });
}

export function useDeleteCustomField() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateCrm();
  return useMutation({ mutationFn: (fieldId: string) => api.deleteCustomField(workspace.id, fieldId), onSuccess: invalidate });
}

export function useContactDeals(contactId: string) {
  const { workspace, can } = useCurrentWorkspace();
  const enabled = can('deals.read');
  const deals = useQuery({ queryKey: crmKey(workspace.id, 'deals-of', contactId), queryFn: () => api.listContactDeals(workspace.id, contactId), enabled });
  const pipelines = useQuery({ queryKey: crmKey(workspace.id, 'pipelines'), queryFn: () => api.listPipelines(workspace.id), enabled, staleTime: 60_000 });
  return { enabled, deals, pipelines };
}
