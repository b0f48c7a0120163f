// Request and response schemas of the agent tools (canned responses, the knowledge library,
// participants, "ask an expert", suggestions) and the presenters that shape rows into them.
import { z } from 'zod';
import type { CannedResponseRow, KnowledgeArticleRow, ParticipantRow, RankedArticle, RankedReply } from './repository.js';

const timestamp = z.iso.datetime();
const id = z.string().min(1).max(100);
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(300).optional();

// --- canned responses ---

export const cannedResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    shortcut: z.string().describe('Typed after "/" in the composer'),
    body: z.string().describe('The text, with variables such as {{contact.first_name}} or {{contact.first_name | "there"}}'),
    teamId: z.string().nullable().describe('Offered to this team only; null for everyone'),
    usageCount: z.number().int(),
    createdByMemberId: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'CannedResponse' });

const shortcut = z
  .string()
  .trim()
  .transform((value) => value.replace(/^\//, ''))
  .pipe(z.string().min(1, 'must not be empty').max(50).regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, "-" and "_" only (no spaces)'));
const name = z.string().trim().min(1, 'must not be empty').max(200);
const body = z.string().trim().min(1, 'must not be empty').max(10_000);

export const cannedResponseCreateSchema = z.object({ name, shortcut, body, teamId: id.nullable().optional() });
export const cannedResponseUpdateSchema = cannedResponseCreateSchema.partial();
export type CannedResponseInput = z.infer<typeof cannedResponseCreateSchema>;

export const cannedResponseListQuery = z.object({
  limit,
  cursor,
  q: z.string().trim().min(1).max(200).optional().describe('Search shortcut, name and body (best match first, one page)'),
  teamId: id.optional().describe("The team's own canned responses and the workspace-wide ones"),
});

export const renderBodySchema = z.object({ conversationId: id });
export const renderedSchema = z.object({ text: z.string() }).meta({ id: 'RenderedCannedResponse' });

export const templateProblemSchema = z.object({
  variable: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  hint: z.string(),
});

export const previewBodySchema = z.object({
  body: z.string().max(10_000),
  conversationId: id.optional().describe("Render against this conversation's contact; a sample contact otherwise"),
});
export const previewSchema = z
  .object({
    text: z.string(),
    problems: z.array(templateProblemSchema).describe('Variables that would make saving fail'),
    variables: z.array(z.object({ name: z.string(), description: z.string() })).describe('Every variable this workspace can use, custom fields included'),
  })
  .meta({ id: 'CannedResponsePreview' });

export const presentCannedResponse = (row: CannedResponseRow) => ({
  id: row.id,
  name: row.name,
  shortcut: row.shortcut,
  body: row.body,
  teamId: row.teamId,
  usageCount: row.usageCount,
  createdByMemberId: row.createdByMemberId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

// --- knowledge library ---

export const knowledgeKindSchema = z.enum(['article', 'video']);

export const knowledgeArticleSchema = z
  .object({
    id: z.string(),
    kind: knowledgeKindSchema,
    title: z.string(),
    body: z.string(),
    url: z.string().nullable(),
    language: z.string().nullable(),
    tags: z.array(z.string()),
    createdByMemberId: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'KnowledgeArticle' });

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) address such as https://help.example.com/refunds');
const tags = z
  .array(z.string().trim().min(1).max(50))
  .max(30)
  .transform((values) => [...new Set(values.map((value) => value.toLowerCase()))]);
const language = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/, 'must be a language code such as en or pt-BR');

const knowledgeFields = {
  kind: knowledgeKindSchema,
  title: z.string().trim().min(1, 'must not be empty').max(300),
  body: z.string().max(50_000),
  url: httpUrl.nullable(),
  language: language.nullable(),
  tags,
};
const needsUrl = (value: { kind?: string; url?: string | null }) => value.kind !== 'video' || Boolean(value.url);
const videoUrlIssue = { message: 'a video demo needs the address where it plays', path: ['url'] };

export const knowledgeCreateSchema = z
  .object({
    ...knowledgeFields,
    kind: knowledgeFields.kind.default('article'),
    body: knowledgeFields.body.default(''),
    url: knowledgeFields.url.optional(),
    language: knowledgeFields.language.optional(),
    tags: knowledgeFields.tags.default([]),
  })
  .refine(needsUrl, videoUrlIssue);
export const knowledgeUpdateSchema = z.object(knowledgeFields).partial();
export type KnowledgeCreateInput = z.infer<typeof knowledgeCreateSchema>;
export type KnowledgeUpdateInput = z.infer<typeof knowledgeUpdateSchema>;

export const knowledgeListQuery = z.object({
  limit,
  cursor,
  q: z.string().trim().min(1).max(200).optional().describe('Full-text search over title, body and tags (best match first, one page)'),
  kind: knowledgeKindSchema.optional(),
  tag: z.string().trim().min(1).max(50).optional(),
  language: z.string().trim().min(2).max(20).optional(),
});

export const presentKnowledgeArticle = (row: KnowledgeArticleRow) => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  url: row.url,
  language: row.language,
  tags: row.tags,
  createdByMemberId: row.createdByMemberId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

// --- suggestions ---

export const suggestionsSchema = z
  .object({
    articles: z.array(
      knowledgeArticleSchema.extend({
        score: z.number().describe('Full-text rank against the recent inbound messages; 0 for an attached article that does not match'),
        attached: z.boolean().describe('Attached by a routing rule or an agent'),
      }),
    ),
    replies: z.array(cannedResponseSchema.extend({ score: z.number().describe('Full-text rank against the latest inbound message') })),
  })
  .meta({ id: 'ConversationSuggestions' });

export const presentSuggestions = (result: { articles: RankedArticle[]; replies: RankedReply[] }) => ({
  articles: result.articles.map((article) => ({ ...presentKnowledgeArticle(article), score: article.rank, attached: article.attached })),
  replies: result.replies.map((reply) => ({ ...presentCannedResponse(reply), score: reply.rank })),
});

// --- participants and handoffs ---

export const participantSchema = z
  .object({
    memberId: z.string(),
    name: z.string(),
    role: z.enum(['participant', 'expert']),
    addedAt: timestamp,
  })
  .meta({ id: 'ConversationParticipant' });

export const participantBodySchema = z.object({ memberId: id });
export const participantParams = z.object({ id, memberId: id });

export const handoffBodySchema = z.object({
  memberId: id.describe('The expert to ask: any member of the workspace who can read the inbox'),
  note: z.string().trim().min(1, 'say what you need from the expert').max(10_000),
});
export const handoffReturnBodySchema = z.object({ note: z.string().trim().max(10_000).optional() });

export const handoffSchema = z
  .object({
    conversationId: z.string(),
    assigneeMemberId: z.string().nullable(),
    handoffReturnMemberId: z.string().nullable().describe('Who gets the conversation back when the expert returns it'),
    participants: z.array(participantSchema),
  })
  .meta({ id: 'ConversationHandoff' });

export const presentParticipant = (row: ParticipantRow) => ({ memberId: row.memberId, name: row.name, role: row.role, addedAt: row.createdAt.toISOString() });

export const expertNoteBodySchema = z.object({ text: z.string().trim().min(1, 'write the note').max(10_000) });
export const expertNoteSchema = z
  .object({ id: z.number().int(), conversationId: z.string(), text: z.string(), authorMemberId: z.string().nullable(), createdAt: timestamp })
  .meta({ id: 'ExpertNote' });
