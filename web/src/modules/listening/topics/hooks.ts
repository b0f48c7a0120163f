import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../../workspaces/current-workspace';
import * as api from './api';

// Topics and queries live under one prefix, so any change refreshes the counts shown beside them.
const topicsKey = (workspaceId: string, ...rest: unknown[]) => ['workspace', workspaceId, 'listening', 'topics', ...rest];

function useInvalidateTopics() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: topicsKey(workspace.id) });
}

export function useTopics() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: topicsKey(workspace.id, 'list'), queryFn: () => api.listTopics(workspace.id) });
}

export function useTopic(topicId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: topicsKey(workspace.id, 'detail', topicId), queryFn: () => api.getTopic(workspace.id, topicId) });
}

export function useTopicQueries(topicId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: topicsKey(workspace.id, 'queries', topicId), queryFn: () => api.listQueries(workspace.id, topicId) });
}

export function useCreateTopic() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTopics();
  return useMutation({ mutationFn: (input: api.TopicInput) => api.createTopic(workspace.id, input), onSuccess: invalidate });
}

export function useUpdateTopic(topicId: string) {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTopics();
  return useMutation({ mutationFn: (input: Partial<api.TopicInput>) => api.updateTopic(workspace.id, topicId, input), onSuccess: invalidate });
}

export function useDeleteTopic() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTopics();
  return useMutation({ mutationFn: (topicId: string) => api.deleteTopic(workspace.id, topicId), onSuccess: invalidate });
}

export function useSaveQuery() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTopics();
  return useMutation({
    mutationFn: ({ queryId, input }: { queryId: string | null; input: api.QueryInput }) =>
      queryId ? api.updateQuery(workspace.id, queryId, input) : api.createQuery(workspace.id, input),
    onSuccess: invalidate,
  });
}

export function useUpdateQuery() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTopics();
  return useMutation({ mutationFn: ({ queryId, input }: { queryId: string; input: Partial<api.QueryInput> }) => api.updateQuery(workspace.id, queryId, input), onSuccess: invalidate });
}

export function useDeleteQuery() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidateTopics();
  return useMutation({ mutationFn: (queryId: string) => api.deleteQuery(workspace.id, queryId), onSuccess: invalidate });
}

/** The checker's answer for the text being typed (already debounced by the caller). */
export function useQueryCheck(text: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: ['workspace', workspace.id, 'listening', 'check', text],
    queryFn: ({ signal }) => api.checkQuery(workspace.id, text, signal),
    enabled: text.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

/** What a valid query would have matched; runs only for text the checker accepted. */
export function useQueryPreview(text: string, topicId: string | undefined, enabled: boolean) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: ['workspace', workspace.id, 'listening', 'preview', text, topicId],
    queryFn: ({ signal }) => api.previewQuery(workspace.id, text, topicId, signal),
    enabled: enabled && text.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
