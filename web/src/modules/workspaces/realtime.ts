import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { meQueryKey } from '../accounts/hooks';
import { workspaceKey, type WorkspaceDomain } from './query-keys';

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting';

export type RealtimeMessage = { type: string; workspaceId: string; data: unknown; at: string };

const MAX_BACKOFF_MS = 30_000;

// Which cached lists an event makes stale. Member changes touch team counts and may change our own
// role (so /me too); every change writes an audit event.
const affectedDomains: Record<string, WorkspaceDomain[]> = {
  member: ['members', 'teams'],
  team: ['teams', 'members'],
  invitation: ['invitations'],
  api_key: ['api-keys'],
  workspace: ['workspace'],
  task: ['tasks'],
  note: ['notes'],
  notification: ['notifications'],
  deal: ['deals'],
  pipeline: ['deals'],
};
const refreshesMe = new Set(['member', 'workspace']);
// Contacts, companies, segments, duplicates and custom fields share one cache prefix
// (['workspace', id, 'contacts'], see modules/contacts/query-keys.ts).
const crmEntities = new Set(['contact', 'contacts', 'company', 'segment', 'interaction', 'custom_field', 'deal']);

function applyEvent(queryClient: QueryClient, workspaceId: string, message: RealtimeMessage): void {
  const entity = message.type.split('.')[0] ?? '';
  if (crmEntities.has(entity)) void queryClient.invalidateQueries({ queryKey: ['workspace', workspaceId, 'contacts'] });
  const domains = affectedDomains[entity];
  if (!domains) return;
  for (const domain of [...domains, 'audit' as const]) {
    void queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId, domain) });
  }
  if (refreshesMe.has(entity)) void queryClient.invalidateQueries({ queryKey: meQueryKey });
}

type RealtimeListener = (message: RealtimeMessage) => void;
const listeners = new Set<RealtimeListener>();

/**
 * Hears every event of the current workspace's stream, for screens that react to more than cache
 * invalidation (the mention explorer's live stream). Returns the unsubscribe.
 */
export function subscribeRealtime(listener: RealtimeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function isMessage(value: unknown): value is RealtimeMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Keeps a WebSocket open to the workspace's event stream, reconnecting with exponential backoff. */
export function useRealtime(workspaceId: string): RealtimeStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>('connecting');

  useEffect(() => {
    let socket: WebSocket | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const connect = () => {
      const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${protocol}//${window.location.host}/api/v1/realtime?workspace=${encodeURIComponent(workspaceId)}`);
      socket.onmessage = (event: MessageEvent<string>) => {
        let message: unknown;
        try {
          message = JSON.parse(event.data);
        } catch {
          return;
        }
        if (!isMessage(message)) return;
        if (message.type === 'realtime.connected') {
          const wasReconnect = attempt > 0;
          attempt = 0;
          setStatus('connected');
          // Events may have been missed while disconnected; refetch everything of this workspace.
          if (wasReconnect) void queryClient.invalidateQueries({ queryKey: ['workspace', workspaceId] });
          return;
        }
        applyEvent(queryClient, workspaceId, message);
        for (const listener of listeners) listener(message);
      };
      socket.onclose = () => {
        if (stopped) return;
        setStatus('reconnecting');
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
        attempt += 1;
        retryTimer = setTimeout(connect, delay);
      };
    };

    setStatus('connecting');
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      socket?.close();
    };
  }, [workspaceId, queryClient]);

  return status;
}
