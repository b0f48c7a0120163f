// Request and response shapes of the listening API, and the presenters from rows to responses.
import { z } from 'zod';
import { listQuerySchema } from '../../lib/pagination.js';
import { relevanceLabels, sentimentLabels, topicKinds, labelSources } from '../../db/schema.js';
import { moneySchema } from '../deals/schema.js';
import { incomingPostSchema } from './pipeline/incoming.js';
import type { MentionRow, QueryRow, SavedViewRow, TopicRow } from './repository.js';

const issueSchema = z.object({ message: z.string(), position: z.number().int() });
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');

export const topicSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(topicKinds),
  description: z.string().nullable(),
  color: z.string().nullable(),
  queryCount: z.number().int(),
  mentions7d: z.number().int().describe('Mentions stored in the last 7 days'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const topicCreateSchema = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(topicKinds).optional(),
  description: z.string().max(2000).nullable().optional(),
  color: color.nullable().optional(),
});
export const topicUpdateSchema = topicCreateSchema.partial();

export const querySchema = z.object({
  id: z.string(),
  topicId: z.string(),
  name: z.string(),
  query: z.string(),
  enabled: z.boolean(),
  indexable: z.boolean().describe('false when the matcher cannot index the query: it is then evaluated against every post, which costs more'),
  warnings: z.array(issueSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const queryCreateSchema = z.object({
  topicId: z.string().min(1).max(100),
  name: z.string().trim().max(200).optional(),
  query: z.string().min(1).max(20_000),
  enabled: z.boolean().optional(),
});
export const queryUpdateSchema = queryCreateSchema.partial();
export const queryListSchema = z.object({ topicId: z.string().max(100).optional() });

export const queryCheckSchema = z.object({ query: z.string().max(20_000) });
export const queryCheckResultSchema = z.object({
  valid: z.boolean(),
  error: issueSchema.nullable(),
  warnings: z.array(issueSchema),
  canonical: z.string().nullable().describe('The query printed canonically'),
  indexable: z.boolean().nullable(),
});

export const queryPreviewSchema = z.object({ query: z.string().min(1).max(20_000), topicId: z.string().max(100).optional() });
export const queryPreviewResultSchema = z.object({
  scanned: z.number().int().describe('Stored mentions of the last 7 days that were read (the newest 20,000 at most)'),
  truncated: z.boolean().describe('true when there were more: the estimate then covers the time the newest ones span'),
  matched: z.number().int(),
  alreadyInTopic: z.number().int().describe('Of the matches, those already in topicId'),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  dailyEstimate: z.number().describe('Matches per day over the time read'),
  days: z.array(z.object({ date: z.string().describe('UTC day, YYYY-MM-DD'), count: z.number().int() })),
  samples: z.array(
    z.object({
      id: z.string(),
      source: z.string(),
      channel: z.string().nullable(),
      url: z.string().nullable(),
      title: z.string().nullable(),
      text: z.string(),
      lang: z.string().nullable(),
      publishedAt: z.iso.datetime(),
      authorHandle: z.string().nullable(),
      authorName: z.string().nullable(),
      inTopic: z.boolean(),
      highlights: z.array(z.object({ field: z.enum(['text', 'title']), start: z.number().int(), end: z.number().int() })).describe('UTF-16 offsets of the matching words'),
    }),
  ),
});

export const ingestSchema = z.object({
  source: z.string().trim().min(1).max(100).default('api').describe('Where the posts come from; with externalId it identifies a post, so a re-delivered post is stored once'),
  posts: z.array(incomingPostSchema).min(1).max(1000),
});
export const ingestResultSchema = z.object({
  received: z.number().int(),
  matched: z.number().int().describe('Posts that matched at least one query'),
  stored: z.number().int().describe('New mentions stored'),
  duplicates: z.number().int().describe('Matched posts already stored (re-deliveries)'),
  mentionIds: z.array(z.string()),
});

export const mentionSchema = z.object({
  id: z.string(),
  source: z.string(),
  externalId: z.string(),
  channel: z.string().nullable(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  text: z.string(),
  lang: z.string().nullable(),
  country: z.string().nullable(),
  publishedAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  author: z.object({
    handle: z.string().nullable(),
    externalId: z.string().nullable(),
    name: z.string().nullable(),
    followers: z.number().int().nullable(),
    verified: z.boolean().nullable(),
    profileUrl: z.string().nullable(),
    avatarUrl: z.string().nullable(),
  }),
  topicIds: z.array(z.string()),
  queryIds: z.array(z.string()),
  sentiment: z.object({
    label: z.enum(sentimentLabels),
    score: z.number(),
    by: z.enum(labelSources).describe('machine: the lexicon; model: the workspace\'s model learned from corrections; person: a correction'),
    machineLabel: z.enum(sentimentLabels),
  }),
  relevance: z.enum(relevanceLabels).nullable(),
  relevanceBy: z.enum(labelSources).nullable(),
  spamScore: z.number(),
  botScore: z.number(),
  clusterKey: z.string().describe('Near-duplicates share it: source:externalId of the first post of the cluster'),
  contactId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  spamMarked: z.boolean().nullable().describe("A person's spam verdict; null leaves it to spamScore"),
  assignment: z
    .object({ teamId: z.string().nullable(), memberId: z.string().nullable(), note: z.string().nullable(), byMemberId: z.string().nullable(), at: z.iso.datetime() })
    .nullable(),
});

export const mentionListQuerySchema = listQuerySchema.extend({
  topicId: z.string().max(100).optional(),
  queryId: z.string().max(100).optional(),
  channel: z.string().max(50).optional(),
  source: z.string().max(100).optional(),
  lang: z.string().regex(/^[a-z]{2}$/).optional(),
  sentiment: z.enum(sentimentLabels).optional(),
  relevance: z.enum([...relevanceLabels, 'unreviewed']).optional(),
  spam: z.enum(['exclude', 'only']).optional(),
  author: z.string().max(300).optional(),
  contactId: z.string().max(100).optional(),
  clusterKey: z.string().max(700).optional().describe('Only the near-duplicates of this cluster'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(500).optional().describe('Full-text search (web search syntax: "phrase", OR, -word)'),
  qLang: z.string().regex(/^[a-z]{2}$/).optional().describe('Language of q: search only the forms of its words in that language (by default each mention is searched in its own language)'),
  minFollowers: z.coerce.number().int().min(0).optional().describe("Only authors with at least this many followers (influence)"),
  tag: z.string().trim().min(1).max(60).optional(),
  assignedTeamId: z.string().max(100).optional(),
  externalId: z.string().max(500).optional().describe("The post's id at its source (with source: one post, such as the parent of a reply)"),
  repliesTo: z.string().max(500).optional().describe("Replies to the post with this id at its source (with source: the stored replies of a post)"),
});

const tagSchema = z.string().trim().toLowerCase().min(1).max(60);
export const mentionCorrectionSchema = z
  .object({
    sentiment: z.enum(sentimentLabels).optional(),
    relevance: z.enum(relevanceLabels).optional(),
    spam: z.boolean().nullable().optional().describe('true marks spam (and irrelevant), false not spam, null gives the verdict back to the machine'),
    tags: z.array(tagSchema).max(30).optional().describe('Replaces the tags'),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'give sentiment, relevance, spam or tags' });

export const mentionBulkSchema = z.object({
  ids: z.array(z.string().min(1).max(30)).min(1).max(500),
  set: z
    .object({
      sentiment: z.enum(sentimentLabels).optional(),
      relevance: z.enum(relevanceLabels).optional(),
      spam: z.boolean().nullable().optional(),
      addTags: z.array(tagSchema).max(30).optional(),
      removeTags: z.array(tagSchema).max(30).optional(),
    })
    .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'give something to set' }),
});
export const mentionBulkResultSchema = z.object({ updated: z.number().int(), notFound: z.array(z.string()) });

export const mentionAssignSchema = z.object({
  teamId: z.string().max(100).nullable().optional(),
  memberId: z.string().max(100).nullable().optional(),
  note: z.string().trim().max(2000).optional(),
});

export const mentionLinkAuthorSchema = z.object({
  contactId: z.string().max(100).optional().describe('Link to this contact; without it, the author is resolved to a contact (created when unknown)'),
});
export const mentionLinkResultSchema = z.object({ contactId: z.string(), createdContact: z.boolean() });

export const mentionDealSchema = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  pipelineId: z.string().max(100).optional(),
  amount: moneySchema.nullish(),
});
export const mentionDealResultSchema = z.object({ id: z.string(), title: z.string(), contactId: z.string().nullable() });

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  filters: z.record(z.string(), z.string()).describe('The query parameters of GET /mentions'),
  shared: z.boolean(),
  memberId: z.string(),
  mine: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const savedViewCreateSchema = z.object({
  name: z.string().trim().min(1).max(120),
  filters: z.record(z.string().max(40), z.string().max(500)).refine((value) => Object.keys(value).length <= 30, 'at most 30 filters'),
  shared: z.boolean().optional(),
});
export const savedViewUpdateSchema = savedViewCreateSchema.partial();

export const presentSavedView = (view: SavedViewRow, memberId: string | null): z.infer<typeof savedViewSchema> => ({
  id: view.id,
  name: view.name,
  filters: view.filters,
  shared: view.shared,
  memberId: view.memberId,
  mine: view.memberId === memberId,
  createdAt: view.createdAt.toISOString(),
  updatedAt: view.updatedAt.toISOString(),
});

const measure = z.object({ accuracy: z.number(), macroF1: z.number() });
export const modelSchema = z.object({
  kind: z.enum(['sentiment', 'relevance']),
  deployed: z.boolean().describe('Whether new mentions get its labels (only when it beat the machine on held-out corrections)'),
  reason: z.string(),
  examples: z.number().int().describe('Corrections it learned from'),
  heldOut: z.object({ n: z.number().int(), before: measure, after: measure }).nullable().describe('Held-out corrections: the machine alone (before) and with the model (after)'),
  trainedAt: z.iso.datetime(),
});

export const presentTopic = (topic: TopicRow & { queryCount?: number; mentions7d?: number }): z.infer<typeof topicSchema> => ({
  id: topic.id,
  name: topic.name,
  kind: topic.kind,
  description: topic.description,
  color: topic.color,
  queryCount: topic.queryCount ?? 0,
  mentions7d: topic.mentions7d ?? 0,
  createdAt: topic.createdAt.toISOString(),
  updatedAt: topic.updatedAt.toISOString(),
});

export const presentQuery = (query: QueryRow): z.infer<typeof querySchema> => ({
  id: query.id,
  topicId: query.topicId,
  name: query.name,
  query: query.query,
  enabled: query.enabled,
  indexable: query.indexable,
  warnings: query.warnings,
  createdAt: query.createdAt.toISOString(),
  updatedAt: query.updatedAt.toISOString(),
});

export const presentMention = (row: MentionRow): z.infer<typeof mentionSchema> => ({
  id: String(row.id),
  source: row.source,
  externalId: row.externalId,
  channel: row.channel,
  url: row.url,
  title: row.title,
  text: row.text,
  lang: row.lang,
  country: row.country,
  publishedAt: row.publishedAt.toISOString(),
  receivedAt: row.receivedAt.toISOString(),
  author: {
    handle: row.authorHandle,
    externalId: row.authorExternalId,
    name: row.authorName,
    followers: row.authorFollowers,
    verified: row.authorVerified,
    profileUrl: row.authorProfileUrl,
    avatarUrl: row.authorAvatarUrl,
  },
  topicIds: row.topicIds,
  queryIds: row.queryIds,
  sentiment: { label: row.sentimentLabel, score: row.sentimentScore, by: row.sentimentBy, machineLabel: row.machineSentimentLabel },
  relevance: row.relevance,
  relevanceBy: row.relevanceBy,
  spamScore: row.spamScore,
  botScore: row.botScore,
  clusterKey: row.clusterKey ?? `${row.source}:${row.externalId}`,
  contactId: row.contactId,
  data: row.data,
  tags: row.tags,
  spamMarked: row.spamMarked,
  assignment:
    row.assignedAt && (row.assignedTeamId || row.assignedMemberId)
      ? { teamId: row.assignedTeamId, memberId: row.assignedMemberId, note: row.assignmentNote, byMemberId: row.assignedByMemberId, at: row.assignedAt.toISOString() }
      : null,
});
