// Collision detection: who else is viewing or typing in a conversation. This browser says where it
// is on its own small WebSocket (the workspace stream's socket only listens); others' presence
// arrives on the workspace stream as 'conversation.presence' events.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCurrentWorkspace } from '../workspaces/current-workspace';
import { subscribeRealtime } from '../workspaces/realtime';

export type PresenceState = 'viewing' | 'typing' | 'left';
export type Presence = { memberId: string; name: string; state: Exclude<PresenceState, 'left'>; at: number };

/** Typing lasts this long after the last key; a viewer who says nothing for this long is gone. */
const TYPING_MS = 5000;
const VIEWING_MS = 90_000;
const HEARTBEAT_MS = 30_000;

function isPresenceData(value: unknown): value is { conversationId: string; memberId: string; name: string; state: PresenceState } {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Record<string, unknown>;
  return typeof data.conversationId === 'string' && typeof data.memberId === 'string' && typeof data.name === 'string' && typeof data.state === 'string';
}

/** A WebSocket that only sends, reopened when it drops; what was last said is said again on reopening. */
function openPresenceSocket(workspaceId: string) {
  let socket: WebSocket | null = null;
  let last: string | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${protocol}//${window.location.host}/api/v1/realtime?workspace=${encodeURIComponent(workspaceId)}`);
    socket.onopen = () => {
      if (last) socket?.send(last);
    };
    socket.onclose = () => {
      if (!stopped) retry = setTimeout(connect, 3000);
    };
  };
  connect();
  return {
    send(conversationId: string, state: PresenceState) {
      last = JSON.stringify({ type: 'presence', conversationId, state });
      if (socket?.readyState === WebSocket.OPEN) socket.send(last);
    },
    close() {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    },
  };
}

/**
 * While mounted, tells the others this conversation is being viewed (and typed in, through the
 * returned `typing()`), and lists who else is there.
 */
export function useConversationPresence(conversationId: string) {
  const { workspace } = useCurrentWorkspace();
  const [others, setOthers] = useState<Presence[]>([]);
  const [customerTyping, setCustomerTyping] = useState(false);
  const socketRef = useRef<ReturnType<typeof openPresenceSocket> | null>(null);
  const typingUntil = useRef(0);

  useEffect(() => {
    const socket = openPresenceSocket(workspace.id);
    socketRef.current = socket;
    return () => {
      socket.close();
      socketRef.current = null;
    };
  }, [workspace.id]);

  // The customer typing (web chat): 'conversation.typing' with who 'contact'; it fades if no "stopped" comes.
  useEffect(() => {
    setCustomerTyping(false);
    let fade: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribeRealtime((message) => {
      if (message.type !== 'conversation.typing') return;
      const data = message.data as { conversationId?: unknown; who?: unknown; on?: unknown };
      if (data.conversationId !== conversationId || data.who !== 'contact') return;
      clearTimeout(fade);
      setCustomerTyping(data.on !== false);
      if (data.on !== false) fade = setTimeout(() => setCustomerTyping(false), TYPING_MS * 2);
    });
    return () => {
      clearTimeout(fade);
      unsubscribe();
    };
  }, [conversationId]);

  useEffect(() => {
    setOthers([]);
    const say = (state: PresenceState) => socketRef.current?.send(conversationId, state);
    say('viewing');
    const heartbeat = setInterval(() => say(Date.now() < typingUntil.current ? 'typing' : 'viewing'), HEARTBEAT_MS);
    const unsubscribe = subscribeRealtime((message) => {
      if (message.type !== 'conversation.presence' || !isPresenceData(message.data) || message.data.conversationId !== conversationId) return;
      const { memberId, name, state } = message.data;
      setOthers((current) => {
        const rest = current.filter((presence) => presence.memberId !== memberId);
        return state === 'left' ? rest : [...rest, { memberId, name, state, at: Date.now() }];
      });
    });
    // Forget typing that stopped and viewers that went quiet (a closed laptop says nothing).
    const sweep = setInterval(
      () =>
        setOthers((current) => {
          const now = Date.now();
          const next = current
            .filter((presence) => now - presence.at < VIEWING_MS)
            .map((presence) => (presence.state === 'typing' && now - presence.at > TYPING_MS ? { ...presence, state: 'viewing' as const } : presence));
          return next.length === current.length && next.every((presence, index) => presence === current[index]) ? current : next;
        }),
      1000,
    );
    return () => {
      say('left');
      clearInterval(heartbeat);
      clearInterval(sweep);
      unsubscribe();
    };
  }, [conversationId]);

  /** Call on each keystroke in the composer: says "typing" at most every few seconds. */
  const typing = useCallback(() => {
    const now = Date.now();
    if (now < typingUntil.current - TYPING_MS / 2) return;
    typingUntil.current = now + TYPING_MS;
    socketRef.current?.send(conversationId, 'typing');
  }, [conversationId]);

  return { others, typing, customerTyping };
}

/** "Dana is viewing · Sam is typing…" */
export function presenceSentence(others: Presence[]): string {
  return others.map((presence) => `${presence.name} ${presence.state === 'typing' ? 'is typing…' : 'is viewing'}`).join(' · ');
}
