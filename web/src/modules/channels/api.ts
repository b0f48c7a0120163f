// The channel accounts of the workspace (/channels): calls and TanStack Query hooks.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request, type One, type Page } from '../../lib/api';
import { useCurrentWorkspace } from '../workspaces/current-workspace';

export type WebchatConfig = {
  title: string;
  greeting: string;
  color: string;
  position: 'right' | 'left';
  prechatFields: ('name' | 'email')[];
  offlineMessage: string;
  askEmailWhenOffline: boolean;
  allowAttachments: boolean;
  allowedOrigins: string[];
};

export type ChannelHealthState = 'ok' | 'disabled' | 'needs_reconnect' | 'token_expiring' | 'rate_limited' | 'failing' | 'webhook_unverified';

export type Channel = {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  hasCredentials: boolean;
  /** Names of the stored credential fields, never their values */
  storedCredentials: string[];
  enabled: boolean;
  health: string;
  lastError: string | null;
  lastErrorAt: string | null;
  status: { state: ChannelHealthState; summary: string; tokenExpiresInDays: number | null };
  tokenExpiresAt: string | null;
  webhookVerifiedAt: string | null;
  rateLimitedUntil: string | null;
  webhook: { platform: 'meta' | 'x' | 'telegram'; url: string } | null;
  widget: { scriptUrl: string; snippet: string } | null;
  createdAt: string;
  updatedAt: string;
};

export type ChannelPatch = { name?: string; config?: Record<string, unknown>; credentials?: Record<string, string>; tokenExpiresAt?: string | null; enabled?: boolean };
export type ChannelInput = { type: string; name: string; config?: Record<string, unknown>; credentials?: Record<string, string>; tokenExpiresAt?: string | null };

export type WebhookEvent = { id: number; state: 'received' | 'processed' | 'dead' | 'failed'; receivedAt: string; attempts: number; reason: string | null; processedAt: string | null; contentType: string | null; size: number; excerpt: string };

export const webchatDefaults: WebchatConfig = {
  title: 'Chat with us',
  greeting: 'Hi! How can we help you today?',
  color: '#1c7ed6',
  position: 'right',
  prechatFields: [],
  offlineMessage: "We're away right now. Leave a message and we'll get back to you.",
  askEmailWhenOffline: true,
  allowAttachments: true,
  allowedOrigins: [],
};

export const webchatConfigOf = (channel: Channel): WebchatConfig => ({ ...webchatDefaults, ...(channel.config as Partial<WebchatConfig>) });

// The same ['workspace', id, domain] shape as every workspace query (workspaces/query-keys.ts).
const channelsKey = (workspaceId: string) => ['workspace', workspaceId, 'channels'];

export function useChannels() {
  const { workspace } = useCurrentWorkspace();
  return useQuery({
    queryKey: channelsKey(workspace.id),
    queryFn: async () => (await request<Page<Channel>>('/channels', { query: { limit: 200 }, workspaceId: workspace.id })).data,
  });
}

export function useCreateChannel() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: ChannelInput) =>
      (await request<One<Channel>>('/channels', { method: 'POST', body: input, workspaceId: workspace.id })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey(workspace.id) }),
  });
}

export function useUpdateChannel() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: ChannelPatch }) =>
      (await request<One<Channel>>(`/channels/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch, workspaceId: workspace.id })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey(workspace.id) }),
  });
}

export function useDeleteChannel() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<void>(`/channels/${encodeURIComponent(id)}`, { method: 'DELETE', workspaceId: workspace.id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey(workspace.id) }),
  });
}

const webhookEventsKey = (workspaceId: string, channelId: string) => ['workspace', workspaceId, 'channels', channelId, 'webhook-events'];

/** A channel's dead letters, newest first, a page at a time. */
export function useDeadLetters(channelId: string) {
  const { workspace } = useCurrentWorkspace();
  return useInfiniteQuery({
    queryKey: webhookEventsKey(workspace.id, channelId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      request<Page<WebhookEvent>>(`/channels/${encodeURIComponent(channelId)}/webhook-events`, { query: { state: 'dead', limit: 20, ...(pageParam ? { cursor: pageParam } : {}) }, workspaceId: workspace.id }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRetryWebhookEvent(channelId: string) {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (eventId: number) =>
      (await request<One<WebhookEvent>>(`/channels/${encodeURIComponent(channelId)}/webhook-events/${eventId}/retry`, { method: 'POST', workspaceId: workspace.id })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey(workspace.id) }),
  });
}

/** Asks Meta (debug_token) when the channel's access token expires. */
export function useCheckToken() {
  const { workspace } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (channelId: string) => (await request<One<Channel>>(`/channels/${encodeURIComponent(channelId)}/token-check`, { method: 'POST', workspaceId: workspace.id })).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelsKey(workspace.id) }),
  });
}
