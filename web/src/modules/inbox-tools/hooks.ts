import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import * as api from './api';

const toolsKey = (workspaceId: string, ...rest: unknown[]) => ['workspace', workspaceId, 'inbox-tools', ...rest];

export function useCannedResponses(q: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: toolsKey(workspace.id, 'canned-responses', q),
    queryFn: ({ signal }) => api.listCannedResponses(workspace.id, { q: q || undefined }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The editor's live preview (debounce `body` before passing it). */
export function useCannedResponsePreview(body: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: toolsKey(workspace.id, 'canned-responses', 'preview', body),
    queryFn: ({ signal }) => api.previewCannedResponse(workspace.id, body, undefined, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

function useInvalidate(what: string) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: toolsKey(workspace.id, what) });
}

export function useSaveCannedResponse() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('canned-responses');
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: api.CannedResponseInput }) =>
      id ? api.updateCannedResponse(workspace.id, id, input) : api.createCannedResponse(workspace.id, input),
    onSuccess: invalidate,
  });
}

export function useDeleteCannedResponse() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('canned-responses');
  return useMutation({ mutationFn: (id: string) => api.deleteCannedResponse(workspace.id, id), onSuccess: invalidate });
}

export function useKnowledgeArticles(q: string, kind: api.KnowledgeKind | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: toolsKey(workspace.id, 'knowledge', q, kind),
    queryFn: ({ signal }) => api.listKnowledgeArticles(workspace.id, { q: q || undefined, kind: kind ?? undefined }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSaveKnowledgeArticle() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('knowledge');
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: api.KnowledgeArticleInput }) =>
      id ? api.updateKnowledgeArticle(workspace.id, id, input) : api.createKnowledgeArticle(workspace.id, input),
    onSuccess: invalidate,
  });
}

export function useDeleteKnowledgeArticle() {
  const { workspace } = useCurrentWorkspace();
  const invalidate = useInvalidate('knowledge');
  return useMutation({ mutationFn: (id: string) => api.deleteKnowledgeArticle(workspace.id, id), onSuccess: invalidate });
}

/** Articles and replies to offer beside a conversation (for the conversation screen). */
export function useConversationSuggestions(conversationId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: toolsKey(workspace.id, 'suggestions', conversationId),
    queryFn: ({ signal }) => api.fetchSuggestions(workspace.id, conversationId ?? '', signal),
    enabled: conversationId !== null,
    staleTime: 30_000,
  });
}
