// Inbox tables: channel accounts, conversations and their messages and events, and what the contact
// center runs on (routing rules, SLA policies and team calendars, agent availability, canned
// responses, the knowledge library, CSAT answers, web chat visitors).
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  agentAvailabilities,
  assignmentMethods,
  channelTypes,
  conversationPriorities,
  conversationStatuses,
  conversationVisibilities,
  messageDirections,
  messageKinds,
  messageStatuses,
  slaTargets,
} from '../../shared/vocabulary.js';
import { contacts, identities } from './crm.js';
import { createdAt, memberRef, members, teams, ts, updatedAt, workspaceOf, workspaceRef } from './platform.js';

export { agentAvailabilities, assignmentMethods, channelTypes, conversationPriorities, conversationStatuses, conversationVisibilities, messageDirections, messageKinds, messageStatuses, slaTargets };
export type ChannelType = (typeof channelTypes)[number];
export type ConversationStatus = (typeof conversationStatuses)[number];
export type ConversationPriority = (typeof conversationPriorities)[number];
export type ConversationVisibility = (typeof conversationVisibilities)[number];
export type MessageDirection = (typeof messageDirections)[number];
export type MessageKind = (typeof messageKinds)[number];
export type MessageStatus = (typeof messageStatuses)[number];
export type AssignmentMethod = (typeof assignmentMethods)[number];
export type AgentAvailability = (typeof agentAvailabilities)[number];
export type SlaTarget = (typeof slaTargets)[number];

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A file sent with a message: stored by us (web chat uploads) or a platform's URL. */
export type MessageAttachment = { id?: string; name: string; contentType: string; size: number; url: string };
export type MessageReaction = { emoji: string; by: 'contact' | 'member'; memberId?: string; at: string };

/** One account on one platform (a web chat widget, a WhatsApp number…). Credentials are sealed with the instance secret. */
export const channels = pgTable(
  'channels',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    type: text('type').$type<ChannelType>().notNull(),
    name: text('name').notNull(),
    /** Settings that are not secret (widget colours and greeting, api base URL, page id…) */
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    /** SecretBox-sealed JSON of the platform credentials; never sent to browsers */
    credentials: text('credentials'),
    enabled: boolean('enabled').notNull().default(true),
    /** Outbound messages per minute the platform allows this account (sends wait their turn beyond it) */
    sendsPerMinute: integer('sends_per_minute').notNull().default(600),
    health: text('health').notNull().default('ok'),
    lastError: text('last_error'),
    lastErrorAt: ts('last_error_at'),
    /** When the platform token stops working (Meta's long-lived tokens: ~60 days); null when it does not expire or is unknown */
    tokenExpiresAt: ts('token_expires_at'),
    /** The expiry the admins were last told about: one notice per channel and expiry date */
    tokenExpiryNoticeFor: ts('token_expiry_notice_for'),
    /** The first verified handshake or signed delivery: until then the platform has not reached us */
    webhookVerifiedAt: ts('webhook_verified_at'),
    /** The platform asked us to slow down until then (its Retry-After) */
    rateLimitedUntil: ts('rate_limited_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('channels_workspace_idx').on(t.workspaceId, t.type), index('channels_token_expiry_idx').on(t.tokenExpiresAt).where(sql`${t.tokenExpiresAt} IS NOT NULL`)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** Denormalized from the channel so queue filters need no join */
    channelType: text('channel_type').$type<ChannelType>().notNull(),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    identityId: text('identity_id').references(() => identities.id, { onDelete: 'set null' }),
    visibility: text('visibility').$type<ConversationVisibility>().notNull().default('private'),
    /** The platform's thread (a DM thread, a post whose comments these are, a web chat session); unique per channel */
    externalThreadId: text('external_thread_id'),
    subject: text('subject'),
    status: text('status').$type<ConversationStatus>().notNull().default('open'),
    snoozedUntil: ts('snoozed_until'),
    priority: text('priority').$type<ConversationPriority>().notNull().default('normal'),
    labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
    assigneeMemberId: memberRef('assignee_member_id'),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
    language: text('language'),
    /** The latest inbound message's sentiment score in [-1, 1] */
    sentiment: real('sentiment'),
    /** Suggested content attached by routing rules or agents (knowledge article ids) */
    suggestedArticleIds: text('suggested_article_ids').array().notNull().default(sql`'{}'::text[]`),
    /** The listening mention this conversation was escalated from */
    sourceMentionId: bigint('source_mention_id', { mode: 'number' }),
    messageCount: integer('message_count').notNull().default(0),
    lastMessageAt: ts('last_message_at').notNull().defaultNow(),
    lastMessagePreview: text('last_message_preview'),
    lastInboundAt: ts('last_inbound_at'),
    lastOutboundAt: ts('last_outbound_at'),
    firstInboundAt: ts('first_inbound_at'),
    firstResponseAt: ts('first_response_at'),
    /** The oldest inbound message not answered yet; null when the customer is not waiting */
    waitingSince: ts('waiting_since'),
    resolvedAt: ts('resolved_at'),
    resolvedByMemberId: memberRef('resolved_by_member_id'),
    // SLA: the policy that applies and each target's due time (business hours already counted in).
    slaPolicyId: text('sla_policy_id'),
    firstResponseDueAt: ts('first_response_due_at'),
    nextResponseDueAt: ts('next_response_due_at'),
    resolutionDueAt: ts('resolution_due_at'),
    /** Targets warned about / breached in the current cycle (cleared when the target is met or reset) */
    slaWarned: text('sla_warned').array().$type<SlaTarget[]>().notNull().default(sql`'{}'::text[]`),
    slaBreached: text('sla_breached').array().$type<SlaTarget[]>().notNull().default(sql`'{}'::text[]`),
    /** "Ask an expert": the agent to hand the conversation back to */
    handoffReturnMemberId: memberRef('handoff_return_member_id'),
    mergedIntoId: text('merged_into_id'),
    /** Bumped on every change, so an agent's stale edit can be detected */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversations_channel_thread_uq').on(t.channelId, t.externalThreadId),
    // One index per queue view, so a page of any view is an index walk (newest activity first). Resolved
    // conversations (most of them) and the others each have their own: every conversation still being
    // worked on is written at each of its messages, and goes only into the open_* ones. A view of any
    // status walks both, merged (listConversations).
    index('conversations_resolved_queue_idx')
      .on(t.workspaceId, t.lastMessageAt, t.id, t.visibility)
      .where(sql`${t.status} = 'resolved' AND ${t.mergedIntoId} IS NULL`),
    index('conversations_resolved_assignee_idx')
      .on(t.workspaceId, t.assigneeMemberId, t.lastMessageAt, t.id)
      .where(sql`${t.status} = 'resolved' AND ${t.mergedIntoId} IS NULL`),
    index('conversations_resolved_team_idx')
      .on(t.workspaceId, t.teamId, t.lastMessageAt, t.id)
      .where(sql`${t.status} = 'resolved' AND ${t.mergedIntoId} IS NULL`),
    // Conversations still being worked on (a small share of all): the default queue views (open and
    // pending), the sidebar's counts and the open-conversation count of each agent for assignment
    // walk these instead of years of resolved ones (measured with npm run bench:inbox).
    index('conversations_open_assignee_idx')
      .on(t.workspaceId, t.assigneeMemberId, t.lastMessageAt, t.id, t.status)
      .where(sql`${t.status} <> 'resolved' AND ${t.mergedIntoId} IS NULL`),
    index('conversations_open_team_idx')
      .on(t.workspaceId, t.teamId, t.lastMessageAt, t.id, t.status)
      .where(sql`${t.status} <> 'resolved' AND ${t.mergedIntoId} IS NULL`),
    // The unassigned view: an agent's own queue is one assignee in conversations_open_assignee_idx, but
    // "assignee IS NULL" there is not walked in order (PostgreSQL sorts all of them instead: 15 ms for
    // 10,000 unassigned in npm run bench:inbox, 0.2 ms with this index).
    index('conversations_open_unassigned_idx')
      .on(t.workspaceId, t.lastMessageAt, t.id, t.status)
      .where(sql`${t.assigneeMemberId} IS NULL AND ${t.status} <> 'resolved' AND ${t.mergedIntoId} IS NULL`),
    index('conversations_open_idx')
      .on(t.workspaceId, t.lastMessageAt, t.id, t.status, t.visibility)
      .where(sql`${t.status} <> 'resolved' AND ${t.mergedIntoId} IS NULL`),
    index('conversations_contact_idx').on(t.contactId, t.lastMessageAt),
    index('conversations_sla_due_idx')
      .on(sql`least(${t.firstResponseDueAt}, ${t.nextResponseDueAt}, ${t.resolutionDueAt})`)
      .where(sql`${t.status} <> 'resolved'`),
    index('conversations_snoozed_idx').on(t.snoozedUntil).where(sql`${t.status} = 'snoozed'`),
    // The snoozed view: a few among the open ones, which conversations_open_idx would walk through.
    index('conversations_snoozed_queue_idx').on(t.workspaceId, t.lastMessageAt, t.id).where(sql`${t.status} = 'snoozed' AND ${t.mergedIntoId} IS NULL`),
    index('conversations_labels_idx').using('gin', t.labels),
    // Metrics over a period: conversations started, and those resolved, in it.
    index('conversations_created_idx').on(t.workspaceId, t.createdAt),
    index('conversations_resolved_idx').on(t.workspaceId, t.resolvedAt).where(sql`${t.status} = 'resolved'`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceOf(),
    /** Checked at commit where a transaction defers it (DEFERRABLE, migration 0017: drizzle's schema cannot say so) */
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    kind: text('kind').$type<MessageKind>().notNull().default('message'),
    direction: text('direction').$type<MessageDirection>().notNull(),
    /** The platform's message id: what makes a re-delivered inbound event a duplicate */
    externalId: text('external_id'),
    /** The sender's own key for an outbound send (Idempotency-Key, the composer's id): a retried send is stored once */
    clientMessageId: text('client_message_id'),
    authorMemberId: memberRef('author_member_id'),
    authorContactId: text('author_contact_id'),
    text: text('text').notNull().default(''),
    attachments: jsonb('attachments').$type<MessageAttachment[]>().notNull().default([]),
    reactions: jsonb('reactions').$type<MessageReaction[]>().notNull().default([]),
    replyToMessageId: bigint('reply_to_message_id', { mode: 'number' }),
    status: text('status').$type<MessageStatus>().notNull().default('received'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    /** For inbound messages: when an agent first answered after it (response rate, response times) */
    answeredAt: ts('answered_at'),
    sentAt: ts('sent_at'),
    deliveredAt: ts('delivered_at'),
    readAt: ts('read_at'),
    /** Notes: who was @mentioned (members and teams) */
    mentionedMemberIds: text('mentioned_member_ids').array().notNull().default(sql`'{}'::text[]`),
    mentionedTeamIds: text('mentioned_team_ids').array().notNull().default(sql`'{}'::text[]`),
    sentiment: real('sentiment'),
    language: text('language'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.id),
    uniqueIndex('messages_external_uq').on(t.channelId, t.externalId),
    // Only sends carry a client id: inbound messages (most of them) stay out of it.
    uniqueIndex('messages_client_uq').on(t.conversationId, t.clientMessageId).where(sql`${t.clientMessageId} IS NOT NULL`),
    // Metrics read inbound messages of a period per workspace.
    index('messages_workspace_created_idx').on(t.workspaceId, t.createdAt).where(sql`${t.kind} = 'message'`),
    // The send job's per-channel rate: what went out on a channel in the last minute.
    index('messages_channel_sent_idx').on(t.channelId, t.sentAt).where(sql`${t.direction} = 'outbound' AND ${t.sentAt} IS NOT NULL`),
  ],
);

/** What happened to a conversation (assignment, status, a routing rule applied, an SLA warning…), for its history and metrics. */
export const conversationEvents = pgTable(
  'conversation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceOf(),
    /** Checked at commit where a transaction defers it (DEFERRABLE, migration 0019, as messages') */
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actorMemberId: memberRef('actor_member_id'),
    /** Who or what did it when not a member: "routing rule VIP to Social Care", "SLA", "Parley" */
    actorLabel: text('actor_label'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index('conversation_events_conversation_idx').on(t.conversationId, t.id)],
);

/** People pulled into a conversation besides its assignee (an @mention, "ask an expert"). */
export const conversationParticipants = pgTable(
  'conversation_participants',
  {
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    workspaceId: workspaceRef(),
    role: text('role').$type<'participant' | 'expert'>().notNull().default('participant'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.memberId] }), index('conversation_participants_member_idx').on(t.memberId)],
);

/** Routing conditions: a tree like the contact filter, over conversation.* and contact.* fields. */
export type RoutingCondition = { field: string; op: string; value?: unknown };
export type RoutingConditionGroup = { match: 'all' | 'any'; conditions: (RoutingCondition | RoutingConditionGroup)[] };
export type RoutingAction =
  | { type: 'assign_team'; teamId: string }
  | { type: 'assign_agent'; memberId: string }
  | { type: 'set_priority'; priority: ConversationPriority }
  | { type: 'add_labels'; labels: string[] }
  | { type: 'auto_reply'; text: string }
  | { type: 'snooze'; minutes: number }
  | { type: 'suggest_articles'; articleIds: string[] }
  | { type: 'notify'; memberIds: string[]; teamIds?: string[]; message?: string };

export const routingRules = pgTable(
  'routing_rules',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    /** Rules run in ascending position */
    position: integer('position').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** When the rule runs: on a new conversation, on changes (a new inbound message, an edit), or both */
    trigger: text('trigger').$type<'created' | 'updated' | 'both'>().notNull().default('created'),
    conditions: jsonb('conditions').$type<RoutingConditionGroup>().notNull(),
    actions: jsonb('actions').$type<RoutingAction[]>().notNull(),
    /** Later rules do not run once this one applied */
    stopProcessing: boolean('stop_processing').notNull().default(false),
    appliedCount: integer('applied_count').notNull().default(0),
    createdByMemberId: memberRef('created_by_member_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('routing_rules_workspace_idx').on(t.workspaceId, t.position)],
);

/** Opening hours of a week: for each day 0 (Sunday) … 6, intervals in minutes after midnight, [start, end). */
export type WeeklyHours = Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', [number, number][]>;

/** A team's inbox settings: how its conversations are assigned and the calendar its SLAs are measured in. */
export const teamInboxSettings = pgTable('team_inbox_settings', {
  teamId: text('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  workspaceId: workspaceRef(),
  assignmentMethod: text('assignment_method').$type<AssignmentMethod>().notNull().default('manual'),
  /** IANA time zone of the business hours */
  timezone: text('timezone').notNull().default('UTC'),
  /** null: open around the clock */
  weeklyHours: jsonb('weekly_hours').$type<WeeklyHours | null>(),
  /** Closed days, YYYY-MM-DD in the team's time zone */
  holidays: text('holidays').array().notNull().default(sql`'{}'::text[]`),
  /** Who hears about breaches (a team lead) */
  managerMemberId: memberRef('manager_member_id'),
  updatedAt: updatedAt(),
});

export type SlaEscalation = { reassignTeamId?: string; reassignMemberId?: string; notifyMemberIds?: string[]; notifyManager?: boolean; setPriority?: ConversationPriority };

export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    /** The first enabled policy whose priorities and channels include the conversation's applies */
    position: integer('position').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Empty: every priority / every channel */
    priorities: text('priorities').array().$type<ConversationPriority[]>().notNull().default(sql`'{}'::text[]`),
    channelTypes: text('channel_types').array().$type<ChannelType[]>().notNull().default(sql`'{}'::text[]`),
    firstResponseMinutes: integer('first_response_minutes'),
    nextResponseMinutes: integer('next_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    /** Warn this many minutes (real time) before a target is due; the due times themselves count in business hours */
    warnBeforeMinutes: integer('warn_before_minutes').notNull().default(15),
    /** Measured in the conversation team's business hours (false: around the clock) */
    businessHours: boolean('business_hours').notNull().default(true),
    escalation: jsonb('escalation').$type<SlaEscalation>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('sla_policies_workspace_idx').on(t.workspaceId, t.position)],
);

/** An agent's availability and capacity for assignment; one row per member that works the inbox. */
export const agentStatuses = pgTable('agent_statuses', {
  memberId: text('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  workspaceId: workspaceRef(),
  availability: text('availability').$type<AgentAvailability>().notNull().default('online'),
  /** The most open conversations capacity-based assignment gives this agent */
  capacity: integer('capacity').notNull().default(10),
  /** Round-robin gives the next conversation to the available agent assigned longest ago */
  lastAssignedAt: ts('last_assigned_at'),
  /**
   * Conversations assigned to this agent that are not resolved (nor merged away), kept by the trigger
   * agent_open_conversations on conversations (migration 0016), so assignment reads one number per
   * agent instead of counting their queue. The trigger makes the row of an assignee that has none.
   */
  openConversations: integer('open_conversations').notNull().default(0),
  updatedAt: updatedAt(),
});

export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    name: text('name').notNull(),
    /** Typed after "/" in the composer */
    shortcut: text('shortcut').notNull(),
    /** With variables: {{contact.first_name}}, {{agent.name}}… */
    body: text('body').notNull(),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    usageCount: integer('usage_count').notNull().default(0),
    createdByMemberId: memberRef('created_by_member_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('canned_responses_shortcut_uq').on(t.workspaceId, sql`lower(${t.shortcut})`)],
);

/** The knowledge library: articles and video demos agents send and routing rules suggest. */
export const knowledgeArticles = pgTable(
  'knowledge_articles',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    kind: text('kind').$type<'article' | 'video'>().notNull().default('article'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    url: text('url'),
    language: text('language'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(body, ''))`),
    createdByMemberId: memberRef('created_by_member_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('knowledge_articles_search_idx').using('gin', t.search), index('knowledge_articles_workspace_idx').on(t.workspaceId)],
);

/** The survey sent after resolution, and its answer. */
export const csatResponses = pgTable(
  'csat_responses',
  {
    conversationId: text('conversation_id')
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    workspaceId: workspaceRef(),
    /** Hash of the token in the survey link; the token itself is only in the link */
    tokenHash: text('token_hash').notNull(),
    /** The agent and team that resolved it, for per-agent and per-team CSAT */
    memberId: memberRef('member_id'),
    teamId: text('team_id'),
    channelType: text('channel_type').$type<ChannelType>().notNull(),
    score: integer('score'),
    comment: text('comment'),
    sentAt: ts('sent_at').notNull().defaultNow(),
    answeredAt: ts('answered_at'),
  },
  (t) => [uniqueIndex('csat_responses_token_uq').on(t.tokenHash), index('csat_responses_workspace_idx').on(t.workspaceId, t.answeredAt)],
);

/** A web chat visitor: the widget keeps its token across reloads; we keep only the token's hash. */
export const webchatVisitors = pgTable(
  'webchat_visitors',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    name: text('name'),
    email: text('email'),
    contactId: text('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    /** The visitor's open conversation, if any */
    conversationId: text('conversation_id'),
    pageUrl: text('page_url'),
    userAgent: text('user_agent'),
    lastSeenAt: ts('last_seen_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('webchat_visitors_token_uq').on(t.tokenHash), index('webchat_visitors_channel_idx').on(t.channelId)],
);

/** Files customers upload in the web chat (kept in PostgreSQL: small, and one less thing to run). */
export const messageFiles = pgTable(
  'message_files',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceRef(),
    channelId: text('channel_id').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: customType<{ data: Buffer }>({ dataType: () => 'bytea' })('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('message_files_workspace_idx').on(t.workspaceId)],
);

export const webhookEventStates = ['received', 'processed', 'dead', 'failed'] as const;
export type WebhookEventState = (typeof webhookEventStates)[number];

/**
 * A platform's webhook delivery as it came in, stored before the 200 (so an acknowledged event is never
 * lost) and processed afterwards. Unique per channel by the dedupe key, so re-deliveries store nothing.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceRef(),
    channelId: text('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    platform: text('platform').$type<'meta' | 'x' | 'telegram'>().notNull(),
    /** The platform's event id (Telegram update_id…) or the SHA-256 of the raw body */
    dedupeKey: text('dedupe_key').notNull(),
    /** The raw body, byte for byte as signed */
    body: customType<{ data: Buffer }>({ dataType: () => 'bytea' })('body').notNull(),
    contentType: text('content_type'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    state: text('state').$type<WebhookEventState>().notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    /** A failed attempt waits until then before the next */
    retryAt: ts('retry_at'),
    processedAt: ts('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_events_dedupe_uq').on(t.channelId, t.dedupeKey),
    // The drainer claims the oldest unprocessed events; the partial index holds only those.
    index('webhook_events_pending_idx').on(t.id).where(sql`${t.state} = 'received'`),
    index('webhook_events_channel_idx').on(t.channelId, t.state, t.id),
  ],
);
