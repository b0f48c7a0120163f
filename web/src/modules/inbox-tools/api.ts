// API calls of the agent tools: canned responses (and their live preview), the knowledge library,
// and the suggestions beside a conversation.
import { request, type One, type Page } from '../../lib/api';

export type CannedResponse = {
  id: string;
  name: string;
  shortcut: string;
  body: string;
  teamId: string | null;
  usageCount: number;
  createdByMemberId: string | null;
  createdAt: string;
  updatedAt: string;
};
export type CannedResponseInput = { name: string; shortcut: string; body: string; teamId?: string | null };

export type TemplateProblem = { variable: string; line: number; column: number; message: string; hint: string };
export type TemplateVariable = { name: string; description: string };
export type CannedResponsePreview = { text: string; problems: TemplateProblem[]; variables: TemplateVariable[] };

export type KnowledgeKind = 'article' | 'video';
export type KnowledgeArticle = {
  id: string;
  kind: KnowledgeKind;
  title: string;
  body: string;
  url: string | null;
  language: string | null;
  tags: string[];
  createdByMemberId: string | null;
  createdAt: string;
  updatedAt: string;
};
export type KnowledgeArticleInput = { kind: KnowledgeKind; title: string; body: string; url: string | null; language: string | null; tags: string[] };

export type ConversationSuggestions = {
  articles: (KnowledgeArticle & { score: number; attached: boolean })[];
  replies: (CannedResponse & { score: number })[];
};

const cannedPath = (id: string) => `/canned-responses/${encodeURIComponent(id)}`;
const articlePath = (id: string) => `/knowledge-articles/${encodeURIComponent(id)}`;

export async function listCannedResponses(workspaceId: string, query: { q?: string; teamId?: string }, signal?: AbortSignal): Promise<CannedResponse[]> {
  const all: CannedResponse[] = [];
  let cursor: string | null = null;
  // Workspaces keep tens of canned responses, rarely hundreds: the settings list shows them all.
  do {
    const response: Page<CannedResponse> = await request<Page<CannedResponse>>('/canned-responses', { workspaceId, signal, query: { ...query, limit: 200, cursor } });
    all.push(...response.data);
    cursor = response.nextCursor;
  } while (cursor && all.length < 2000);
  return all;
}

export async function createCannedResponse(workspaceId: string, input: CannedResponseInput): Promise<CannedResponse> {
  return (await request<One<CannedResponse>>('/canned-responses', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateCannedResponse(workspaceId: string, id: string, input: Partial<CannedResponseInput>): Promise<CannedResponse> {
  return (await request<One<CannedResponse>>(cannedPath(id), { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteCannedResponse(workspaceId: string, id: string): Promise<void> {
  await request<void>(cannedPath(id), { method: 'DELETE', workspaceId });
}

export async function previewCannedResponse(workspaceId: string, body: string, conversationId?: string, signal?: AbortSignal): Promise<CannedResponsePreview> {
  return (await request<One<CannedResponsePreview>>('/canned-responses/preview', { method: 'POST', body: { body, conversationId }, workspaceId, signal })).data;
}

/** The text to put in the composer: the canned response filled for this conversation (counts as a use). */
export async function renderCannedResponse(workspaceId: string, id: string, conversationId: string): Promise<string> {
  return (await request<One<{ text: string }>>(`${cannedPath(id)}/render`, { method: 'POST', body: { conversationId }, workspaceId })).data.text;
}

export async function listKnowledgeArticles(workspaceId: string, query: { q?: string; kind?: KnowledgeKind }, signal?: AbortSignal): Promise<KnowledgeArticle[]> {
  const all: KnowledgeArticle[] = [];
  let cursor: string | null = null;
  do {
    const response: Page<KnowledgeArticle> = await request<Page<KnowledgeArticle>>('/knowledge-articles', { workspaceId, signal, query: { ...query, limit: 200, cursor } });
    all.push(...response.data);
    cursor = response.nextCursor;
  } while (cursor && all.length < 2000);
  return all;
}

export async function createKnowledgeArticle(workspaceId: string, input: KnowledgeArticleInput): Promise<KnowledgeArticle> {
  return (await request<One<KnowledgeArticle>>('/knowledge-articles', { method: 'POST', body: input, workspaceId })).data;
}

export async function updateKnowledgeArticle(workspaceId: string, id: string, input: Partial<KnowledgeArticleInput>): Promise<KnowledgeArticle> {
  return (await request<One<KnowledgeArticle>>(articlePath(id), { method: 'PATCH', body: input, workspaceId })).data;
}

export async function deleteKnowledgeArticle(workspaceId: string, id: string): Promise<void> {
  await request<void>(articlePath(id), { method: 'DELETE', workspaceId });
}

export async function fetchSuggestions(workspaceId: string, conversationId: string, signal?: AbortSignal): Promise<ConversationSuggestions> {
  return (await request<One<ConversationSuggestions>>(`/conversations/${encodeURIComponent(conversationId)}/suggestions`, { workspaceId, signal })).data;
}
