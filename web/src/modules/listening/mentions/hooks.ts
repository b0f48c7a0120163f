import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../../lib/api';
import { useInvalidateCrm } from '../../contacts/hooks';
import { useCurrentWorkspace } from '../../workspaces/current-workspace';
import { subscribeRealtime } from '../../workspaces/realtime';
import * as api from './api';

// Every explorer cache lives under ['workspace', id, 'listening', 'mentions', …].
export const mentionsKey = (workspaceId: string, ...rest: unknown[]) => ['workspace', workspaceId, 'listening', 'mentions', ...rest];
const PAGE_SIZE = 50;

export function useMentionList(filters: api.MentionFilters) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: mentionsKey(workspace.id, 'list', filters),
    queryFn: ({ pageParam, signal }) => api.listMentions(workspace.id, filters, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    // The live stream keeps the list fresh; a refetch would reload every page scrolled through.
    staleTime: Infinity,
  });
}

type ListData = InfiniteData<Page<api.Mention>, string | null>;

/** Replaces a mention wherever the explorer shows it: every loaded list and its detail. */
function putMention(queryClient: QueryClient, workspaceId: string, mention: api.Mention) {
  queryClient.setQueriesData<ListData>({ queryKey: mentionsKey(workspaceId, 'list') }, (data) =>
    data && { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((row) => (row.id === mention.id ? mention : row)) })) },
  );
  queryClient.setQueryData(mentionsKey(workspaceId, 'detail', mention.id), mention);
}

/** The mention as a loaded list has it, to show at once while its own request runs. */
function findLoaded(queryClient: QueryClient, workspaceId: string, mentionId: string): api.Mention | undefined {
  for (const [, data] of queryClient.getQueriesData<ListData>({ queryKey: mentionsKey(workspaceId, 'list') })) {
    for (const page of data?.pages ?? []) {
      const found = page.data.find((row) => row.id === mentionId);
      if (found) return found;
    }
  }
  return undefined;
}

export function useMention(mentionId: string | null) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: mentionsKey(workspace.id, 'detail', mentionId),
    queryFn: () => api.getMention(workspace.id, mentionId!),
    enabled: mentionId !== null,
    placeholderData: () => (mentionId ? findLoaded(queryClient, workspace.id, mentionId) : undefined),
  });
}

export function useNearDuplicates(mention: api.Mention | undefined) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: mentionsKey(workspace.id, 'cluster', mention?.clusterKey),
    queryFn: () => api.listMentions(workspace.id, { clusterKey: mention!.clusterKey }, null, 20),
    enabled: mention !== undefined,
  });
}

export function useReviewMention() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mentionId, review }: { mentionId: string; review: api.MentionReview }) => api.reviewMention(workspace.id, mentionId, review),
    onSuccess: (mention) => {
      putMention(queryClient, workspace.id, mention);
      void queryClient.invalidateQueries({ queryKey: mentionsKey(workspace.id, 'models') });
    },
  });
}

/** Refetches the given mentions into the caches (after a bulk change, or others' changes). */
function useRefreshMentions() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useCallback(
    async (ids: string[]) => {
      // Many at once: reloading the lists costs less than one request per mention.
      if (ids.length > 40) return queryClient.invalidateQueries({ queryKey: mentionsKey(workspace.id) });
      const mentions = await Promise.all(ids.map((mentionId) => api.getMention(workspace.id, mentionId).catch(() => null)));
      for (const mention of mentions) if (mention) putMention(queryClient, workspace.id, mention);
    },
    [workspace.id, queryClient],
  );
}

export function useBulkReview() {
  const { workspace } = useCurrentWorkspace();
  const refresh = useRefreshMentions();
  return useMutation({
    mutationFn: ({ ids, set }: { ids: string[]; set: api.BulkSet }) => api.bulkReviewMentions(workspace.id, ids, set),
    onSuccess: (_result, { ids }) => refresh(ids),
  });
}

export function useAssignMention() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mentionId, ...input }: { mentionId: string; teamId: string | null; memberId: string | null; note?: string }) => api.assignMention(workspace.id, mentionId, input),
    onSuccess: (mention) => putMention(queryClient, workspace.id, mention),
  });
}

export function useLinkAuthor() {
  const { workspace } = useCurrentWorkspace();
  const refresh = useRefreshMentions();
  const invalidateCrm = useInvalidateCrm();
  return useMutation({
    mutationFn: ({ mentionId, contactId }: { mentionId: string; contactId?: string }) => api.linkMentionAuthor(workspace.id, mentionId, contactId),
    onSuccess: (_result, { mentionId }) => {
      void invalidateCrm();
      return refresh([mentionId]);
    },
  });
}

export function useCreateLead() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mentionId, title }: { mentionId: string; title?: string }) => api.createLeadFromMention(workspace.id, mentionId, title),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['workspace', workspace.id, 'deals'] }),
  });
}

/** The inbox conversation a mention is in (null until it is opened as one). */
export function useMentionConversation(mentionId: string, enabled: boolean) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: mentionsKey(workspace.id, 'conversation', mentionId), queryFn: () => api.mentionConversation(workspace.id, mentionId), enabled });
}

export function useOpenConversation() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mentionId: string) => api.openMentionConversation(workspace.id, mentionId),
    onSuccess: (result, mentionId) =>
      queryClient.setQueryData<api.MentionConversation>(mentionsKey(workspace.id, 'conversation', mentionId), (known) => ({ cannotReply: known?.cannotReply ?? null, conversationId: result.conversationId })),
  });
}

export function useSavedViews() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: mentionsKey(workspace.id, 'views'), queryFn: () => api.listSavedViews(workspace.id) });
}

export function useSaveView() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; filters: api.MentionFilters; shared: boolean; viewId?: string }) =>
      input.viewId ? api.updateSavedView(workspace.id, input.viewId, input) : api.createSavedView(workspace.id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mentionsKey(workspace.id, 'views') }),
  });
}

export function useDeleteView() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (viewId: string) => api.deleteSavedView(workspace.id, viewId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mentionsKey(workspace.id, 'views') }),
  });
}

export function useListeningModels() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: mentionsKey(workspace.id, 'models'), queryFn: () => api.listModels(workspace.id), refetchInterval: 60_000 });
}

export function useAllQueries() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: ['workspace', workspace.id, 'listening', 'topics', 'all-queries'], queryFn: () => api.listAllQueries(workspace.id), staleTime: 60_000 });
}

const LIVE_THROTTLE_MS = 1000;

/**
 * The live stream: on `mentions.created`, fetches the newest page under the current filters and
 * takes the mentions not shown yet. At the top of the list they go straight in; scrolled down, they
 * wait in `pending` ("N new mentions") so the rows being read do not move. Others' changes to shown
 * mentions (`mention.updated`) are refetched into place.
 */
export function useLiveMentions(filters: api.MentionFilters, atTop: boolean) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const refresh = useRefreshMentions();
  const [pending, setPending] = useState<api.Mention[]>([]);
  const atTopRef = useRef(atTop);
  atTopRef.current = atTop;
  const listKey = mentionsKey(workspace.id, 'list', filters);
  const listKeyRef = useRef(listKey);
  listKeyRef.current = listKey;

  const prepend = useCallback(
    (fresh: api.Mention[]) => {
      queryClient.setQueryData<ListData>(listKeyRef.current, (data) => {
        if (!data || data.pages.length === 0) return data;
        const shown = new Set(data.pages.flatMap((page) => page.data.map((row) => row.id)));
        const added = fresh.filter((row) => !shown.has(row.id));
        const [first, ...rest] = data.pages;
        return { ...data, pages: [{ ...first!, data: [...added, ...first!.data] }, ...rest] };
      });
    },
    [queryClient],
  );

  const showPending = useCallback(() => {
    setPending((current) => {
      prepend(current);
      return [];
    });
  }, [prepend]);

  // Filters changed: what was waiting belonged to the old list.
  const filtersKey = JSON.stringify(filters);
  useEffect(() => setPending([]), [filtersKey]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let updated = new Set<string>();
    let updateTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const fetchNewest = async () => {
      timer = undefined;
      const data = queryClient.getQueryData<ListData>(listKeyRef.current);
      if (!data) return;
      const shown = new Set(data.pages.flatMap((page) => page.data.map((row) => row.id)));
      const newest = data.pages[0]?.data[0]?.publishedAt ?? '';
      const page = await api.listMentions(workspace.id, JSON.parse(filtersKey) as api.MentionFilters, null, PAGE_SIZE).catch(() => null);
      if (!page) {
        // A failed fetch must not lose the news: try again a little later.
        if (!stopped) timer ??= setTimeout(() => void fetchNewest(), LIVE_THROTTLE_MS * 3);
        return;
      }
      // Only what sorts above the top row: a late post from last week belongs further down, not in the stream.
      const fresh = page.data.filter((row) => !shown.has(row.id) && row.publishedAt >= newest);
      if (fresh.length === 0) return;
      if (atTopRef.current) prepend(fresh);
      else
        setPending((current) => {
          const known = new Set(current.map((row) => row.id));
          return [...fresh.filter((row) => !known.has(row.id)), ...current].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
        });
    };
    const unsubscribe = subscribeRealtime((message) => {
      if (message.workspaceId !== workspace.id) return;
      if (message.type === 'mentions.created') timer ??= setTimeout(() => void fetchNewest(), LIVE_THROTTLE_MS);
      if (message.type === 'mention.updated') {
        const mentionId = (message.data as { mentionId?: unknown }).mentionId;
        if (typeof mentionId !== 'string') return;
        updated.add(mentionId);
        updateTimer ??= setTimeout(() => {
          const ids = [...updated];
          updated = new Set();
          updateTimer = undefined;
          void refresh(ids);
        }, 400);
      }
    });
    return () => {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      clearTimeout(updateTimer);
    };
  }, [workspace.id, filtersKey, queryClient, prepend, refresh]);

  return { pending, showPending };
}

export function useTopicRefs() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: ['workspace', workspace.id, 'listening', 'topics', 'refs'], queryFn: () => api.listTopicRefs(workspace.id), staleTime: 60_000 });
}

/** A stored post by its id at the source (the parent of a reply), or null when it was not kept. */
export function useReplies(mention: { source: string; externalId: string }) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: mentionsKey(workspace.id, 'replies', mention.source, mention.externalId),
    queryFn: () => api.listReplies(workspace.id, mention.source, mention.externalId),
  });
}

export function useStoredPost(source: string, externalId: string | null) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: mentionsKey(workspace.id, 'post', source, externalId),
    queryFn: async () => (await api.listMentions(workspace.id, { source, externalId: externalId! }, null, 1)).data[0] ?? null,
    enabled: externalId !== null,
  });
}
