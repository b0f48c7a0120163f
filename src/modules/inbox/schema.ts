// Request and response shapes of the inbox's conversation routes, and the presenters that turn rows
// into them.
import { z } from 'zod';
import { channelTypes, conversationPriorities, conversationStatuses, messageStatuses } from '../../db/schema.js';
import { listQuerySchema } from '../../lib/pagination.js';
import { MAX_REPLY_BUTTON_ID, MAX_REPLY_BUTTON_TITLE, MAX_REPLY_BUTTONS, type ReplyButton } from '../../shared/reply-buttons.js';
import { computeSlaState } from '../../shared/sla-state.js';
import type { ConversationEventRow, ConversationListRow, MessageRow } from './repository.js';

const iso = z.string().meta({ format: 'date-time' });

export const conversationViews = ['all', 'mine', 'unassigned', 'team', 'mentions', 'sla_at_risk', 'participating'] as const;

export const conversationListQuerySchema = listQuerySchema.extend({
  view: z.enum(conversationViews).default('all'),
  status: z
    .string()
    .max(100)
    .optional()
    .describe('Comma-separated statuses (open, pending, snoozed, resolved); default: open and pending except for views all and mentions')
    .transform((value, ctx) => {
      if (!value) return undefined;
      const list = value.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.find((s) => !(conversationStatuses as readonly string[]).includes(s));
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `Unknown status "${bad}": use ${conversationStatuses.join(', ')}` });
        return z.NEVER;
      }
      return list as (typeof conversationStatuses)[number][];
    }),
  channel: z.enum(channelTypes).optional(),
  channelId: z.string().max(100).optional(),
  teamId: z.string().max(100).optional(),
  assigneeMemberId: z.string().max(100).optional(),
  label: z.string().max(60).optional(),
  priority: z.enum(conversationPriorities).optional(),
  contactId: z.string().max(100).optional(),
  visibility: z.enum(['public', 'private']).optional(),
  q: z.string().trim().max(200).optional(),
});

export const slaSchema = z.object({
  policyId: z.string().nullable(),
  firstResponseDueAt: iso.nullable(),
  nextResponseDueAt: iso.nullable(),
  resolutionDueAt: iso.nullable(),
  warned: z.array(z.string()),
  breached: z.array(z.string()),
  paused: z.boolean().describe('The clock stands still while the conversation waits on the customer or is snoozed'),
  targets: z.array(z.object({ target: z.enum(['first_response', 'next_response', 'resolution']), dueAt: iso.nullable(), state: z.enum(['ok', 'warning', 'breached', 'met']), minutesLeft: z.number().nullable() })),
});

export const conversationSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    channelType: z.enum(channelTypes),
    channelName: z.string(),
    visibility: z.enum(['public', 'private']),
    contact: z.object({ id: z.string(), name: z.string(), avatarUrl: z.string().nullable(), vip: z.boolean(), followers: z.number() }).nullable(),
    subject: z.string().nullable(),
    status: z.enum(conversationStatuses),
    snoozedUntil: iso.nullable(),
    priority: z.enum(conversationPriorities),
    labels: z.array(z.string()),
    assignee: z.object({ memberId: z.string(), name: z.string() }).nullable(),
    team: z.object({ id: z.string(), name: z.string() }).nullable(),
    language: z.string().nullable(),
    sentiment: z.number().nullable(),
    suggestedArticleIds: z.array(z.string()),
    sourceMentionId: z.number().nullable(),
    messageCount: z.number(),
    lastMessageAt: iso,
    lastMessagePreview: z.string().nullable(),
    lastInboundAt: iso.nullable(),
    firstResponseAt: iso.nullable(),
    waitingSince: iso.nullable(),
    resolvedAt: iso.nullable(),
    handoffReturnMemberId: z.string().nullable(),
    mergedIntoId: z.string().nullable(),
    sla: slaSchema,
    version: z.number(),
    createdAt: iso,
  })
  .meta({ id: 'Conversation' });
export type ConversationDto = z.infer<typeof conversationSchema>;

const isoOrNull = (value: Date | null) => value?.toISOString() ?? null;

export function presentConversation(row: ConversationListRow): ConversationDto {
  return {
    id: row.id,
    channelId: row.channelId,
    channelType: row.channelType,
    channelName: row.channelName,
    visibility: row.visibility,
    contact: row.contactId ? { id: row.contactId, name: row.contactName ?? 'Unknown', avatarUrl: row.contactAvatarUrl, vip: row.contactVip ?? false, followers: row.contactFollowers ?? 0 } : null,
    subject: row.subject,
    status: row.status,
    snoozedUntil: isoOrNull(row.snoozedUntil),
    priority: row.priority,
    labels: row.labels,
    assignee: row.assigneeMemberId ? { memberId: row.assigneeMemberId, name: row.assigneeName ?? '' } : null,
    team: row.teamId ? { id: row.teamId, name: row.teamName ?? '' } : null,
    language: row.language,
    sentiment: row.sentiment,
    suggestedArticleIds: row.suggestedArticleIds,
    sourceMentionId: row.sourceMentionId,
    messageCount: row.messageCount,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessagePreview: row.lastMessagePreview,
    lastInboundAt: isoOrNull(row.lastInboundAt),
    firstResponseAt: isoOrNull(row.firstResponseAt),
    waitingSince: isoOrNull(row.waitingSince),
    resolvedAt: isoOrNull(row.resolvedAt),
    handoffReturnMemberId: row.handoffReturnMemberId,
    mergedIntoId: row.mergedIntoId,
    sla: {
      policyId: row.slaPolicyId,
      firstResponseDueAt: isoOrNull(row.firstResponseDueAt),
      nextResponseDueAt: isoOrNull(row.nextResponseDueAt),
      resolutionDueAt: isoOrNull(row.resolutionDueAt),
      warned: row.slaWarned,
      breached: row.slaBreached,
      ...(({ paused, targets }) => ({ paused, targets }))(computeSlaState(row)),
    },
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export const conversationPatchSchema = z.object({
  status: z.enum(conversationStatuses).optional(),
  snoozedUntil: z.coerce.date().nullable().optional(),
  priority: z.enum(conversationPriorities).optional(),
  labels: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  addLabels: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  removeLabels: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  assigneeMemberId: z.string().max(100).nullable().optional(),
  teamId: z.string().max(100).nullable().optional(),
  version: z.number().int().optional().describe('The version you saw; a 409 conversation.changed answers if someone changed it since'),
});

export const bulkSchema = z.object({
  ids: z.array(z.string().max(100)).min(1).max(500),
  patch: conversationPatchSchema.omit({ version: true }),
});

export const attachmentDtoSchema = z.object({ id: z.string().optional(), name: z.string(), contentType: z.string(), size: z.number(), url: z.string() });

export const messageSchema = z
  .object({
    id: z.number(),
    conversationId: z.string(),
    kind: z.enum(['message', 'note']),
    direction: z.enum(['inbound', 'outbound']),
    externalId: z.string().nullable(),
    clientMessageId: z.string().nullable(),
    authorMemberId: z.string().nullable(),
    authorContactId: z.string().nullable(),
    automatic: z.boolean(),
    text: z.string(),
    attachments: z.array(attachmentDtoSchema),
    reactions: z.array(z.object({ emoji: z.string(), by: z.enum(['contact', 'member']), memberId: z.string().optional(), at: z.string() })),
    replyToMessageId: z.number().nullable(),
    buttons: z.array(z.object({ id: z.string(), title: z.string() })).describe('The reply buttons the message carries (data.interactive of type buttons)'),
    status: z.enum(messageStatuses),
    error: z.string().nullable(),
    sentAt: iso.nullable(),
    deliveredAt: iso.nullable(),
    readAt: iso.nullable(),
    mentionedMemberIds: z.array(z.string()),
    mentionedTeamIds: z.array(z.string()),
    sentiment: z.number().nullable(),
    language: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ id: 'Message' });
export type MessageDto = z.infer<typeof messageSchema>;

/** The reply buttons stored on a message (`data.interactive`, as the channel drivers read them). */
function buttonsOf(data: Record<string, unknown>): ReplyButton[] {
  const interactive = data.interactive as { type?: unknown; buttons?: unknown } | undefined;
  if (interactive?.type !== 'buttons' || !Array.isArray(interactive.buttons)) return [];
  return (interactive.buttons as { id?: unknown; title?: unknown }[]).flatMap((button) => (typeof button.id === 'string' && typeof button.title === 'string' ? [{ id: button.id, title: button.title }] : []));
}

export function presentMessage(row: MessageRow): MessageDto {
  return {
    id: row.id,
    conversationId: row.conversationId,
    kind: row.kind,
    direction: row.direction,
    externalId: row.externalId,
    clientMessageId: row.clientMessageId,
    authorMemberId: row.authorMemberId,
    authorContactId: row.authorContactId,
    automatic: row.data.automatic === true,
    text: row.text,
    attachments: row.attachments,
    reactions: row.reactions,
    replyToMessageId: row.replyToMessageId,
    buttons: buttonsOf(row.data),
    status: row.status,
    error: row.error,
    sentAt: isoOrNull(row.sentAt),
    deliveredAt: isoOrNull(row.deliveredAt),
    readAt: isoOrNull(row.readAt),
    mentionedMemberIds: row.mentionedMemberIds,
    mentionedTeamIds: row.mentionedTeamIds,
    sentiment: row.sentiment,
    language: row.language,
    createdAt: row.createdAt.toISOString(),
  };
}

export const messageListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  before: z.coerce.number().int().optional().describe('Older messages than this id'),
  after: z.coerce.number().int().optional().describe('Newer messages than this id'),
});

export const messageCreateSchema = z.object({
  text: z.string().max(20_000).default(''),
  attachments: z.array(attachmentDtoSchema).max(20).optional(),
  clientMessageId: z.string().min(1).max(100).optional().describe('Your id for this send: sending it again returns the stored message'),
  replyToMessageId: z.number().int().optional(),
  buttons: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(MAX_REPLY_BUTTON_TITLE).describe('What the button says, and what the customer sends back when pressing it'),
        id: z.string().min(1).max(MAX_REPLY_BUTTON_ID).optional().describe("What the platform reports when it is pressed (WhatsApp's reply id, Telegram's callback data, Meta's payload); default: the title as a slug (\"Not yet\" → \"not-yet\")"),
      }),
    )
    .min(1)
    .max(MAX_REPLY_BUTTONS)
    .refine((buttons) => new Set(buttons.flatMap((button) => (button.id ? [button.id] : []))).size === buttons.filter((button) => button.id).length, 'Each button needs its own id')
    .optional()
    .describe(
      'Reply buttons (quick replies) under the message: WhatsApp shows up to 3 (more is refused with 422), Telegram an inline keyboard, Messenger and Instagram quick replies. Channels without buttons (web chat, email, X, listening, comments) get them as a numbered list at the end of the text.',
    ),
});

export const noteCreateSchema = z.object({ text: z.string().min(1).max(20_000).describe('Mentions: @[Name](member:mem_…) or @[Team](team:team_…)') });

export const eventSchema = z
  .object({ id: z.number(), type: z.string(), actorMemberId: z.string().nullable(), actorLabel: z.string().nullable(), data: z.record(z.string(), z.unknown()), createdAt: iso })
  .meta({ id: 'ConversationEvent' });

export const presentEvent = (row: ConversationEventRow) => ({
  id: row.id,
  type: row.type,
  actorMemberId: row.actorMemberId,
  actorLabel: row.actorLabel,
  data: row.data,
  createdAt: row.createdAt.toISOString(),
});

export const mergeSchema = z.object({ intoConversationId: z.string().min(1).max(100) });
export const splitSchema = z.object({ fromMessageId: z.number().int().describe('This message and every later one move to a new conversation') });
