// Calls of the inbox screens: the queue (views, counts, bulk), one conversation and its thread,
// replies, notes, retries, and the agent tools (canned responses, suggestions, participants,
// "ask an expert", the typing relay to the customer).
import type { z } from 'zod';
import type { conversationSchema, eventSchema, messageSchema } from '../../../../src/modules/inbox/schema';
import type { templateSchema } from '../../../../src/modules/channels/whatsapp/schema';
import { ApiError, request, WORKSPACE_HEADER, withQuery, type One, type Page } from '../../lib/api';
import type { QueueFilters } from './filters';

// The shapes come from the API's own schemas (types only: nothing of the server is bundled).
export type Conversation = z.infer<typeof conversationSchema>;
export type Message = z.infer<typeof messageSchema>;
export type ConversationEvent = z.infer<typeof eventSchema>;
/** One conversation as its own screen has it: with the colleagues pulled in. */
export type ConversationDetail = Conversation & {
  participants?: { memberId: string; name: string; role: string }[];
  cannotReply?: string | null;
  /** The channel's free-form reply window is shut (WhatsApp: 24 hours after the customer's last message): only a template can go out */
  templatesOnly?: boolean;
  replyWindowClosesAt?: string | null;
};
export type ConversationStatus = Conversation['status'];
export type ConversationPriority = Conversation['priority'];
export const STATUSES: ConversationStatus[] = ['open', 'pending', 'snoozed', 'resolved'];
export const PRIORITIES: ConversationPriority[] = ['urgent', 'high', 'normal', 'low'];

export type ViewCounts = Record<string, number>;

const id = encodeURIComponent;

export function listConversations(workspaceId: string, filters: QueueFilters, cursor: string | null, limit = 50, signal?: AbortSignal): Promise<Page<Conversation>> {
  return request<Page<Conversation>>('/conversations', { workspaceId, signal, query: { ...filters, cursor, limit } });
}

export async function countViews(workspaceId: string): Promise<ViewCounts> {
  return (await request<One<ViewCounts>>('/conversations/counts', { workspaceId })).data;
}

export async function getConversation(workspaceId: string, conversationId: string): Promise<ConversationDetail> {
  return (await request<One<ConversationDetail>>(`/conversations/${id(conversationId)}`, { workspaceId })).data;
}

export type ConversationPatch = Partial<{
  status: ConversationStatus;
  snoozedUntil: string | null;
  priority: ConversationPriority;
  labels: string[];
  addLabels: string[];
  removeLabels: string[];
  assigneeMemberId: string | null;
  teamId: string | null;
  /** The version the agent saw: a 409 answers if someone changed the conversation since. */
  version: number;
}>;

export async function changeConversation(workspaceId: string, conversationId: string, patch: ConversationPatch): Promise<Conversation> {
  return (await request<One<Conversation>>(`/conversations/${id(conversationId)}`, { method: 'PATCH', body: patch, workspaceId })).data;
}

export async function bulkChange(workspaceId: string, ids: string[], patch: Omit<ConversationPatch, 'version'>): Promise<{ updated: number }> {
  return (await request<One<{ updated: number }>>('/conversations/bulk', { method: 'POST', body: { ids, patch }, workspaceId })).data;
}

/** Moves this conversation's messages into another one (the same customer's), which it then points to. */
export async function mergeConversation(workspaceId: string, conversationId: string, intoConversationId: string): Promise<Conversation> {
  return (await request<One<Conversation>>(`/conversations/${id(conversationId)}/merge`, { method: 'POST', body: { intoConversationId }, workspaceId })).data;
}

/** Moves a message and everything after it to a new conversation (another topic the customer raised). */
export async function splitConversation(workspaceId: string, conversationId: string, fromMessageId: number): Promise<Conversation> {
  return (await request<One<Conversation>>(`/conversations/${id(conversationId)}/split`, { method: 'POST', body: { fromMessageId }, workspaceId })).data;
}

export type Thread = { messages: Message[]; events: ConversationEvent[] };

export function listMessages(workspaceId: string, conversationId: string): Promise<Page<Message>> {
  return request<Page<Message>>(`/conversations/${id(conversationId)}/messages`, { workspaceId, query: { limit: 200 } });
}

export function listEvents(workspaceId: string, conversationId: string): Promise<Page<ConversationEvent>> {
  return request<Page<ConversationEvent>>(`/conversations/${id(conversationId)}/events`, { workspaceId });
}

export type Attachment = Message['attachments'][number];
export type ReplyInput = { text: string; clientMessageId: string; buttons?: { title: string; id?: string }[]; attachments?: Attachment[] };

/**
 * Uploads a file for the next reply (the body is its bytes). XMLHttpRequest rather than fetch: only it
 * reports upload progress. A refusal (too large, wrong type, a channel that cannot carry files) is an ApiError.
 */
export function uploadReplyFile(workspaceId: string, conversationId: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(`/api/v1/conversations/${id(conversationId)}/files`, { name: file.name || 'pasted-image' }));
    xhr.setRequestHeader(WORKSPACE_HEADER, workspaceId);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      const payload = (() => {
        try {
          return JSON.parse(xhr.responseText) as { data?: Attachment; error?: { code: string; message: string; details?: Record<string, unknown> } };
        } catch {
          return null;
        }
      })();
      if (xhr.status === 201 && payload?.data) resolve(payload.data);
      else reject(new ApiError(xhr.status, payload?.error?.code ?? 'upload_failed', payload?.error?.message ?? `The upload failed (HTTP ${xhr.status}).`, payload?.error?.details ?? {}));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Parley cannot be reached. Check your connection and try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

export async function sendReply(workspaceId: string, conversationId: string, input: ReplyInput): Promise<Message> {
  return (await request<One<Message>>(`/conversations/${id(conversationId)}/messages`, { method: 'POST', body: input, workspaceId })).data;
}

export async function addNote(workspaceId: string, conversationId: string, text: string): Promise<Message> {
  return (await request<One<Message>>(`/conversations/${id(conversationId)}/notes`, { method: 'POST', body: { text }, workspaceId })).data;
}

export async function retryMessage(workspaceId: string, conversationId: string, messageId: number): Promise<Message> {
  return (await request<One<Message>>(`/conversations/${id(conversationId)}/messages/${messageId}/retry`, { method: 'POST', workspaceId })).data;
}

/** Tells the customer (web chat) that an agent is typing or stopped; best effort, a failure changes nothing. */
export async function relayTyping(workspaceId: string, conversationId: string, on = true): Promise<void> {
  await request<void>(`/conversations/${id(conversationId)}/typing`, { method: 'POST', body: { on }, workspaceId }).catch(() => undefined);
}

// --- agent tools ---

export type CannedResponse = { id: string; name: string; shortcut: string; body: string };
export type Article = { id: string; kind: 'article' | 'video'; title: string; body: string; url: string | null; attached: boolean };
export type Suggestions = { articles: Article[]; replies: CannedResponse[] };

export async function listCannedResponses(workspaceId: string, q: string): Promise<CannedResponse[]> {
  return (await request<Page<CannedResponse>>('/canned-responses', { workspaceId, query: { q: q || undefined, limit: 20 } })).data;
}

export async function renderCannedResponse(workspaceId: string, cannedResponseId: string, conversationId: string): Promise<string> {
  return (await request<One<{ text: string }>>(`/canned-responses/${id(cannedResponseId)}/render`, { method: 'POST', body: { conversationId }, workspaceId })).data.text;
}

export async function getSuggestions(workspaceId: string, conversationId: string): Promise<Suggestions> {
  return (await request<One<Suggestions>>(`/conversations/${id(conversationId)}/suggestions`, { workspaceId })).data;
}

export async function addParticipant(workspaceId: string, conversationId: string, memberId: string): Promise<void> {
  await request<unknown>(`/conversations/${id(conversationId)}/participants`, { method: 'POST', body: { memberId }, workspaceId });
}

export async function askExpert(workspaceId: string, conversationId: string, memberId: string, note: string): Promise<void> {
  await request<unknown>(`/conversations/${id(conversationId)}/handoff`, { method: 'POST', body: { memberId, note }, workspaceId });
}

export async function returnHandoff(workspaceId: string, conversationId: string, note?: string): Promise<void> {
  await request<unknown>(`/conversations/${id(conversationId)}/handoff/return`, { method: 'POST', body: note ? { note } : {}, workspaceId });
}

// --- WhatsApp message templates (what may go out once the 24-hour window shut) ---

export type WhatsAppTemplate = z.infer<typeof templateSchema>;
export type TemplateVariables = { header?: Record<string, string>; body?: Record<string, string>; button?: Record<string, string>; headerMediaUrl?: string };

export async function listWhatsAppTemplates(workspaceId: string, channelId: string, search: string): Promise<WhatsAppTemplate[]> {
  return (await request<Page<WhatsAppTemplate>>(`/channels/${id(channelId)}/whatsapp/templates`, { workspaceId, query: { status: 'APPROVED', search: search || undefined } })).data;
}

export async function syncWhatsAppTemplates(workspaceId: string, channelId: string): Promise<{ stored: number; removed: number }> {
  return (await request<One<{ stored: number; removed: number }>>(`/channels/${id(channelId)}/whatsapp/templates/sync`, { method: 'POST', workspaceId })).data;
}

export async function sendWhatsAppTemplate(workspaceId: string, conversationId: string, input: { templateId: string; variables: TemplateVariables; clientMessageId: string }): Promise<Message> {
  return (await request<One<Message>>(`/conversations/${id(conversationId)}/whatsapp/template-messages`, { method: 'POST', body: input, workspaceId })).data;
}
