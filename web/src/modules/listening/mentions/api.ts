// Calls of the mention explorer: the filtered list, one mention, reviews (one and bulk), assignment,
// linking an author, a lead from a mention, saved views and what the workspace's models learned.
import type { z } from 'zod';
import type { mentionSchema, modelSchema, savedViewSchema } from '../../../../../src/modules/listening/schema';
import { request, type One, type Page } from '../../../lib/api';

// The shapes come from the API's own schemas (types only: nothing of the server is bundled).
export type Mention = z.infer<typeof mentionSchema>;
export type Sentiment = Mention['sentiment']['label'];
export type Relevance = NonNullable<Mention['relevance']>;

/** The explorer's filters: GET /mentions query parameters, also what the URL and saved views hold. */
export const FILTER_KEYS = ['q', 'topicId', 'queryId', 'channel', 'source', 'lang', 'sentiment', 'relevance', 'spam', 'author', 'minFollowers', 'tag', 'assignedTeamId', 'from', 'to', 'clusterKey', 'contactId', 'externalId'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type MentionFilters = Partial<Record<FilterKey, string>>;

export const SPAM_THRESHOLD = 0.5;
export const isSpam = (mention: Mention) => mention.spamMarked ?? mention.spamScore >= SPAM_THRESHOLD;
/** Another post of a near-duplicate cluster (the first post's key differs from its own). */
export const isNearDuplicate = (mention: Mention) => mention.clusterKey !== `${mention.source}:${mention.externalId}`;

const id = encodeURIComponent;

export function listMentions(workspaceId: string, filters: MentionFilters, cursor: string | null, limit = 50, signal?: AbortSignal): Promise<Page<Mention>> {
  return request<Page<Mention>>('/mentions', { workspaceId, signal, query: { ...filters, cursor, limit } });
}

/** The stored replies to a post (its id at its source), newest first. */
export function listReplies(workspaceId: string, source: string, externalId: string, limit = 5): Promise<Page<Mention>> {
  return request<Page<Mention>>('/mentions', { workspaceId, query: { source, repliesTo: externalId, limit } });
}

export async function getMention(workspaceId: string, mentionId: string): Promise<Mention> {
  return (await request<One<Mention>>(`/mentions/${id(mentionId)}`, { workspaceId })).data;
}

export type MentionReview = { sentiment?: Sentiment; relevance?: Relevance; spam?: boolean | null; tags?: string[] };

export async function reviewMention(workspaceId: string, mentionId: string, review: MentionReview): Promise<Mention> {
  return (await request<One<Mention>>(`/mentions/${id(mentionId)}`, { method: 'PATCH', body: review, workspaceId })).data;
}

export type BulkSet = { sentiment?: Sentiment; relevance?: Relevance; spam?: boolean | null; addTags?: string[]; removeTags?: string[] };

export async function bulkReviewMentions(workspaceId: string, ids: string[], set: BulkSet): Promise<{ updated: number; notFound: string[] }> {
  return (await request<One<{ updated: number; notFound: string[] }>>('/mentions/bulk', { method: 'POST', body: { ids, set }, workspaceId })).data;
}

export async function assignMention(workspaceId: string, mentionId: string, input: { teamId: string | null; memberId: string | null; note?: string }): Promise<Mention> {
  return (await request<One<Mention>>(`/mentions/${id(mentionId)}/assign`, { method: 'POST', body: input, workspaceId })).data;
}

export async function linkMentionAuthor(workspaceId: string, mentionId: string, contactId?: string): Promise<{ contactId: string; createdContact: boolean }> {
  return (await request<One<{ contactId: string; createdContact: boolean }>>(`/mentions/${id(mentionId)}/link-author`, { method: 'POST', body: contactId ? { contactId } : {}, workspaceId })).data;
}

export async function createLeadFromMention(workspaceId: string, mentionId: string, title?: string): Promise<{ id: string; title: string }> {
  return (await request<One<{ id: string; title: string }>>(`/mentions/${id(mentionId)}/deal`, { method: 'POST', body: title ? { title } : {}, workspaceId })).data;
}

/** Opens the mention as a public conversation in the inbox (the same one when it already is). */
export async function openMentionConversation(workspaceId: string, mentionId: string): Promise<{ conversationId: string; created: boolean }> {
  return (await request<One<{ conversationId: string; created: boolean }>>(`/mentions/${id(mentionId)}/conversation`, { method: 'POST', workspaceId })).data;
}

export type MentionConversation = { conversationId: string | null; cannotReply: string | null };

/** The inbox conversation a mention is in (or null), and why replies could not go out through its source (or null). */
export async function mentionConversation(workspaceId: string, mentionId: string): Promise<MentionConversation> {
  return (await request<One<MentionConversation>>(`/mentions/${id(mentionId)}/conversation`, { workspaceId })).data;
}

export type SavedView = Omit<z.infer<typeof savedViewSchema>, 'filters'> & { filters: MentionFilters };

export async function listSavedViews(workspaceId: string): Promise<SavedView[]> {
  return (await request<Page<SavedView>>('/saved-views', { workspaceId })).data;
}

export async function createSavedView(workspaceId: string, input: { name: string; filters: MentionFilters; shared: boolean }): Promise<SavedView> {
  return (await request<One<SavedView>>('/saved-views', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateSavedView(workspaceId: string, viewId: string, input: Partial<{ name: string; filters: MentionFilters; shared: boolean }>): Promise<SavedView> {
  return (await request<One<SavedView>>(`/saved-views/${id(viewId)}`, { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteSavedView(workspaceId: string, viewId: string): Promise<void> {
  await request<void>(`/saved-views/${id(viewId)}`, { method: 'DELETE', workspaceId });
}

export type ListeningModel = z.infer<typeof modelSchema>;

export async function listModels(workspaceId: string): Promise<ListeningModel[]> {
  return (await request<Page<ListeningModel>>('/listening-models', { workspaceId })).data;
}

export type QueryRef = { id: string; topicId: string; name: string; query: string };

export async function listAllQueries(workspaceId: string): Promise<QueryRef[]> {
  return (await request<Page<QueryRef>>('/queries', { workspaceId })).data;
}

export type TopicRef = { id: string; name: string; color: string | null };

export async function listTopicRefs(workspaceId: string): Promise<TopicRef[]> {
  return (await request<Page<TopicRef>>('/topics', { workspaceId })).data;
}
