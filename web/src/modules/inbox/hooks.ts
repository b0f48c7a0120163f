import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../lib/api';
import { useMe } from '../accounts/hooks';
import { useMemberOptions } from '../members/hooks';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { subscribeRealtime } from '../workspaces/realtime';
import * as api from './api';
import type { QueueFilters } from './filters';

// Every inbox cache lives under ['workspace', id, 'inbox', …].
export const inboxKey = (workspaceId: string, ...rest: unknown[]) => ['workspace', workspaceId, 'inbox', ...rest];
const PAGE_SIZE = 50;

type ListData = InfiniteData<Page<api.Conversation>, string | null>;

export function useConversationList(filters: QueueFilters) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: inboxKey(workspace.id, 'list', filters),
    queryFn: ({ pageParam, signal }) => api.listConversations(workspace.id, filters, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    // Realtime events keep the list fresh; a refetch would reload every page scrolled through.
    staleTime: Infinity,
  });
}

export function useViewCounts() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: inboxKey(workspace.id, 'counts'), queryFn: () => api.countViews(workspace.id), staleTime: 5_000, retry: false });
}

/** The signed-in person's member in this workspace (for "Mine", "assign to me", my teams). */
export function useMyMember() {
  const me = useMe();
  const members = useMemberOptions();
  const userId = me.data?.user.id;
  return members.data?.find((member) => member.userId === userId) ?? null;
}

/** Replaces a conversation wherever the inbox shows it: every loaded list and its own screen. */
function putConversation(queryClient: QueryClient, workspaceId: string, conversation: api.Conversation) {
  queryClient.setQueriesData<ListData>({ queryKey: inboxKey(workspaceId, 'list') }, (data) =>
    data && { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((row) => (row.id === conversation.id ? conversation : row)) })) },
  );
  queryClient.setQueryData(inboxKey(workspaceId, 'conversation', conversation.id), conversation);
}

function findLoaded(queryClient: QueryClient, workspaceId: string, conversationId: string): api.Conversation | undefined {
  for (const [, data] of queryClient.getQueriesData<ListData>({ queryKey: inboxKey(workspaceId, 'list') })) {
    for (const page of data?.pages ?? []) {
      const found = page.data.find((row) => row.id === conversationId);
      if (found) return found;
    }
  }
  return undefined;
}

export function useConversation(conversationId: string | null) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: inboxKey(workspace.id, 'conversation', conversationId),
    queryFn: () => api.getConversation(workspace.id, conversationId!),
    enabled: conversationId !== null,
    placeholderData: () => (conversationId ? findLoaded(queryClient, workspace.id, conversationId) : undefined),
  });
}

export function useMessages(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: inboxKey(workspace.id, 'messages', conversationId), queryFn: () => api.listMessages(workspace.id, conversationId).then((page) => page.data) });
}

export function useEvents(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: inboxKey(workspace.id, 'events', conversationId), queryFn: () => api.listEvents(workspace.id, conversationId).then((page) => page.data), retry: false });
}

function useRefreshConversation() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useCallback(
    async (ids: string[]) => {
      if (ids.length > 40) return queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id) });
      const rows = await Promise.all(ids.map((conversationId) => api.getConversation(workspace.id, conversationId).catch(() => null)));
      for (const row of rows) if (row) putConversation(queryClient, workspace.id, row);
      void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'counts') });
    },
    [workspace.id, queryClient],
  );
}

export function useChangeConversation() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conversationId, patch }: { conversationId: string; patch: api.ConversationPatch }) => api.changeConversation(workspace.id, conversationId, patch),
    onSuccess: (conversation) => {
      putConversation(queryClient, workspace.id, conversation);
      void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'events', conversation.id) });
      void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'counts') });
    },
  });
}

export function useBulkChange() {
  const { workspace } = useCurrentWorkspace();
  const refresh = useRefreshConversation();
  return useMutation({
    mutationFn: ({ ids, patch }: { ids: string[]; patch: api.ConversationPatch }) => api.bulkChange(workspace.id, ids, patch),
    onSuccess: (_result, { ids }) => refresh(ids),
  });
}

export function useMergeConversation() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conversationId, intoConversationId }: { conversationId: string; intoConversationId: string }) => api.mergeConversation(workspace.id, conversationId, intoConversationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id) }),
  });
}

export function useSplitConversation(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fromMessageId: number) => api.splitConversation(workspace.id, conversationId, fromMessageId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id) }),
  });
}

function useAppendMessage() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useCallback(
    (message: api.Message) => {
      queryClient.setQueryData<api.Message[]>(inboxKey(workspace.id, 'messages', message.conversationId), (current) =>
        current ? [...current.filter((row) => row.id !== message.id), message] : [message],
      );
    },
    [workspace.id, queryClient],
  );
}

export function useSendReply(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  const append = useAppendMessage();
  return useMutation({
    mutationFn: (input: api.ReplyInput) => api.sendReply(workspace.id, conversationId, input),
    onSuccess: append,
  });
}

export function useAddNote(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  const append = useAppendMessage();
  return useMutation({ mutationFn: (text: string) => api.addNote(workspace.id, conversationId, text), onSuccess: append });
}

export function useRetryMessage(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  const append = useAppendMessage();
  return useMutation({ mutationFn: (messageId: number) => api.retryMessage(workspace.id, conversationId, messageId), onSuccess: append });
}

export function useSuggestions(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: inboxKey(workspace.id, 'suggestions', conversationId), queryFn: () => api.getSuggestions(workspace.id, conversationId), retry: false, staleTime: 30_000 });
}

export function useCollaboration(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const refresh = useRefreshConversation();
  const onSuccess = () => {
    void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'events', conversationId) });
    void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'messages', conversationId) });
    return refresh([conversationId]);
  };
  return {
    addParticipant: useMutation({ mutationFn: (memberId: string) => api.addParticipant(workspace.id, conversationId, memberId), onSuccess }),
    askExpert: useMutation({ mutationFn: ({ memberId, note }: { memberId: string; note: string }) => api.askExpert(workspace.id, conversationId, memberId, note), onSuccess }),
    returnHandoff: useMutation({ mutationFn: (note?: string) => api.returnHandoff(workspace.id, conversationId, note), onSuccess }),
  };
}

export function useCannedResponses(q: string, enabled: boolean) {
  const { workspace } = useCurrentWorkspace();
  return useQuery({ queryKey: inboxKey(workspace.id, 'canned', q), queryFn: () => api.listCannedResponses(workspace.id, q), enabled, retry: false, placeholderData: keepPreviousData });
}

const LIVE_THROTTLE_MS = 500;
const CONVERSATION_EVENTS = new Set(['conversation.created', 'conversation.updated', 'message.created', 'message.updated']);

/**
 * Keeps the queue and the open conversation live. New conversations (and ones that moved to the
 * top) go in at the top when the list is scrolled there; scrolled down, they wait behind "N new"
 * so the rows being read do not move. Shown conversations are updated in place, never reordered.
 */
export function useLiveInbox(filters: QueueFilters, atTop: boolean) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<api.Conversation[]>([]);
  const atTopRef = useRef(atTop);
  atTopRef.current = atTop;
  const listKeyRef = useRef(inboxKey(workspace.id, 'list', filters));
  listKeyRef.current = inboxKey(workspace.id, 'list', filters);

  const prepend = useCallback(
    (fresh: api.Conversation[]) =>
      queryClient.setQueryData<ListData>(listKeyRef.current, (data) => {
        if (!data || data.pages.length === 0) return data;
        const shown = new Set(data.pages.flatMap((page) => page.data.map((row) => row.id)));
        const added = fresh.filter((row) => !shown.has(row.id));
        const [first, ...rest] = data.pages;
        return { ...data, pages: [{ ...first!, data: [...added, ...first!.data] }, ...rest] };
      }),
    [queryClient],
  );
  const showPending = useCallback(
    () =>
      setPending((current) => {
        prepend(current);
        return [];
      }),
    [prepend],
  );

  const filtersKey = JSON.stringify(filters);
  useEffect(() => setPending([]), [filtersKey]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let changed = new Set<string>();
    const sync = async () => {
      timer = undefined;
      const ids = [...changed];
      changed = new Set();
      void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'counts') });
      const data = queryClient.getQueryData<ListData>(listKeyRef.current);
      const page = await api.listConversations(workspace.id, JSON.parse(filtersKey) as QueueFilters, null, PAGE_SIZE).catch(() => null);
      if (stopped) return;
      if (!page) {
        // A failed fetch must not lose the news: try again a little later.
        for (const conversationId of ids) changed.add(conversationId);
        timer ??= setTimeout(() => void sync(), LIVE_THROTTLE_MS * 6);
        return;
      }
      const byId = new Map(page.data.map((row) => [row.id, row]));
      const shown = new Set(data?.pages.flatMap((p) => p.data.map((row) => row.id)) ?? []);
      // Shown rows take their new state where they are.
      for (const row of page.data) if (shown.has(row.id)) putConversation(queryClient, workspace.id, row);
      const elsewhere = ids.filter((conversationId) => shown.has(conversationId) && !byId.has(conversationId));
      if (elsewhere.length > 0) {
        const rows = await Promise.all(elsewhere.map((conversationId) => api.getConversation(workspace.id, conversationId).catch(() => null)));
        for (const row of rows) if (row) putConversation(queryClient, workspace.id, row);
      }
      const fresh = page.data.filter((row) => !shown.has(row.id));
      if (fresh.length === 0) return;
      if (!data) return void queryClient.invalidateQueries({ queryKey: listKeyRef.current });
      if (atTopRef.current) prepend(fresh);
      else
        setPending((current) => {
          const known = new Set(current.map((row) => row.id));
          return [...fresh.filter((row) => !known.has(row.id)), ...current];
        });
    };
    const unsubscribe = subscribeRealtime((message) => {
      if (message.workspaceId !== workspace.id || !CONVERSATION_EVENTS.has(message.type)) return;
      const data = message.data as { conversationId?: unknown; id?: unknown };
      const conversationId = typeof data.conversationId === 'string' ? data.conversationId : typeof data.id === 'string' ? data.id : null;
      if (conversationId) {
        changed.add(conversationId);
        // The open conversation's screen follows at once.
        void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'conversation', conversationId) });
        if (message.type.startsWith('message.')) void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'messages', conversationId) });
        void queryClient.invalidateQueries({ queryKey: inboxKey(workspace.id, 'events', conversationId) });
      }
      timer ??= setTimeout(() => void sync(), LIVE_THROTTLE_MS);
    });
    return () => {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
    };
  }, [workspace.id, filtersKey, queryClient, prepend]);

  return { pending, showPending };
}
