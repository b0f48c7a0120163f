// receiveMessage(s): where every inbound customer message enters the inbox, whatever the channel (web
// chat, an escalated mention, a messaging platform's webhook). It ties the sender to a contact
// (resolveIdentities), finds or opens the conversation of the platform's thread (reopening a resolved
// one), stores the message once per platform message id — a re-delivery returns the stored one — and
// puts it on the contact's timeline; routing rules run, the team's turn gives it to an agent, and the
// SLA clock moves. All of it commits together, before the caller acknowledges the platform.
//
// It works on batches (the webhook drain hands over what it claimed; receiveMessage is a batch of one)
// and is written set-based, for the firehose: each step is one statement for the whole batch — the
// messages, the timeline, the conversations, the events — and routing, team turns and SLA due times
// are planned in memory (routeBatch, planSla) against facts loaded once. Each conversation is written
// once per batch, as it ends up: a new thread's conversation is inserted already routed (its messages
// and events, stored before it, are checked against it at commit). Locks shared with other batches —
// new threads' claims, the stored conversations, the senders' contacts, the team turns — are taken in
// key order and as late as they can be, since they are held to the commit: the team turns, which every
// batch routing to a team shares, last of all. Messages of one thread keep their order.
// Should routing fail as a whole, the messages still commit and each conversation is routed on its
// own afterwards, which records what failed on it.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../db/client.js';
import { retryingConflicts } from '../../../db/errors.js';
import { channels, conversations, messages, type ConversationVisibility, type MessageAttachment } from '../../../db/schema.js';
import { newSortableId } from '../../../lib/ids.js';
import { textArray } from '../../../lib/sql.js';
import { systemActor } from '../../../server/context.js';
import { AppError } from '../../../server/errors.js';
import { emitEvents, EVENTS_CHANNEL } from '../../../server/events.js';
import { notifyMembers } from '../../activities/commands/notify-member.js';
import { createPendingIdentities, touchKnownIdentities, type FirstSignals, type PendingResolution, type ResolveIdentityInput } from '../../contacts/commands/resolve-identity.js';
import { identityInputSchema } from '../../contacts/identity.js';
import { detectLanguage } from '../../listening/enrich/language.js';
import { scoreSentiment } from '../../listening/enrich/sentiment.js';
import * as repo from '../repository.js';
import { selectPolicy } from '../sla/policies.js';
import * as slaRepo from '../sla/repository.js';
import { planSla, refreshSla } from './refresh-sla.js';
import { countAppliedMany, routeBatch, routeConversation, takeBatchTurns, type RoutedBatch, type RoutingTrigger } from './route-conversation.js';
import { sendAutomaticMessage } from './send-message.js';

export const attachmentSchema = z.object({
  id: z.string().max(100).optional(),
  name: z.string().min(1).max(300),
  contentType: z.string().min(1).max(200),
  size: z.number().int().min(0),
  url: z.string().min(1).max(4000),
});

export const inboundMessageSchema = z.object({
  workspaceId: z.string().min(1),
  channelId: z.string().min(1),
  externalThreadId: z.string().min(1).max(500),
  externalMessageId: z.string().min(1).max(500),
  visibility: z.enum(['public', 'private']).optional(),
  sender: z.union([
    z.object({ identity: identityInputSchema, email: z.string().max(320).optional(), phone: z.string().max(50).optional(), name: z.string().max(300).optional() }),
    z.object({ contactId: z.string().min(1) }),
  ]),
  text: z.string().max(20_000),
  attachments: z.array(attachmentSchema).max(20).optional(),
  replyToExternalId: z.string().max(500).nullish(),
  occurredAt: z.date().optional(),
  subject: z.string().max(500).optional(),
  language: z.string().max(10).optional(),
  sentiment: z.number().min(-1).max(1).optional(),
  sourceMentionId: z.number().int().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type InboundMessageInput = z.infer<typeof inboundMessageSchema>;

export type ReceivedMessage = { conversationId: string; messageId: number; duplicate: boolean; createdConversation: boolean };

const PREVIEW_CHARS = 280;
export const previewOf = (text: string, attachments: MessageAttachment[] = []) =>
  (text.replace(/\s+/g, ' ').trim() || (attachments.length ? `📎 ${attachments.map((a) => a.name).join(', ')}` : '')).slice(0, PREVIEW_CHARS);

export async function receiveMessage(db: Database, input: InboundMessageInput, options: { now?: Date; route?: boolean } = {}): Promise<ReceivedMessage> {
  const [outcome] = await receiveMessages(db, [input], options);
  if ('error' in outcome!) throw outcome.error;
  return outcome!;
}

export type ReceiveOutcome = ReceivedMessage | { error: Error };

type Item = {
  index: number;
  input: InboundMessageInput;
  channel: repo.ChannelRow;
  occurredAt: Date;
  contactId: string | null;
  identityId: string | null;
  attachments: MessageAttachment[];
  language: string | null;
  sentiment: number | null;
  visibility: ConversationVisibility;
  preview: string;
  thread: string;
  messageId?: number;
};

const threadKey = (channelId: string, externalThreadId: string) => `${channelId}\u0000${externalThreadId}`;
const messageKey = (channelId: string, externalId: string) => `${channelId}\u0000${externalId}`;

/**
 * Receives a batch of inbound messages: one outcome per input, in order — the stored message, or the
 * error that kept this one out (an unknown channel, an invalid sender), which does not stop the others.
 * Messages of several workspaces are taken workspace by workspace.
 */
export async function receiveMessages(db: Database, inputs: InboundMessageInput[], options: { now?: Date; route?: boolean } = {}): Promise<ReceiveOutcome[]> {
  const outcomes: ReceiveOutcome[] = new Array(inputs.length);
  const byWorkspace = new Map<string, number[]>();
  inputs.forEach((input, i) => byWorkspace.set(input.workspaceId, [...(byWorkspace.get(input.workspaceId) ?? []), i]));
  for (const [workspaceId, indexes] of byWorkspace) {
    const received = await receiveBatch(db, workspaceId, indexes.map((i) => inputs[i]!), options);
    received.forEach((outcome, n) => (outcomes[indexes[n]!] = outcome));
  }
  return outcomes;
}

async function receiveBatch(db: Database, workspaceId: string, inputs: InboundMessageInput[], options: { now?: Date; route?: boolean }): Promise<ReceiveOutcome[]> {
  const now = options.now ?? new Date();
  const outcomes: (ReceiveOutcome | undefined)[] = new Array(inputs.length);
  const channelIds = [...new Set(inputs.map((input) => input.channelId))];
  const channelRows = new Map((await db.select().from(channels).where(and(eq(channels.workspaceId, workspaceId), inArray(channels.id, channelIds)))).map((row) => [row.id, row]));

  // A re-delivery costs a share of one index read; the same message twice in a batch is stored once.
  const pending = inputs.flatMap((input, index) => {
    const channel = channelRows.get(input.channelId);
    if (channel) return [{ index, input, channel }];
    outcomes[index] = { error: new AppError('channel.not_found', 404, `There is no channel ${input.channelId} in this workspace.`, {}) };
    return [];
  });
  const stored = await findStored(db, pending.map(({ channel, input }) => ({ channelId: channel.id, externalId: input.externalMessageId })));
  const firstOf = new Map<string, number>();
  const repeats: { index: number; of: number }[] = [];
  const fresh = pending.filter(({ index, input, channel }) => {
    const key = messageKey(channel.id, input.externalMessageId);
    const known = stored.get(key);
    if (known) outcomes[index] = { conversationId: known.conversationId, messageId: known.id, duplicate: true, createdConversation: false };
    else if (firstOf.has(key)) repeats.push({ index, of: firstOf.get(key)! });
    else {
      firstOf.set(key, index);
      return true;
    }
    return false;
  });

  const items: Item[] = fresh.map(({ index, input, channel }) => {
    const attachments = input.attachments ?? [];
    const language = input.language ?? (input.text.trim().length >= 8 ? (detectLanguage(input.text).lang ?? undefined) : undefined);
    const sentiment = input.sentiment ?? (input.text.trim() ? scoreSentiment(input.text, language).score : undefined);
    return {
      index, input, channel, attachments,
      contactId: 'contactId' in input.sender ? input.sender.contactId : null,
      identityId: null,
      occurredAt: input.occurredAt ?? now,
      language: language ?? null,
      sentiment: sentiment ?? null,
      visibility: input.visibility ?? 'private',
      preview: previewOf(input.text, attachments),
      thread: threadKey(channel.id, input.externalThreadId),
    };
  });

  // Senders: one resolution for the batch (a message's channel is the actor of a new contact). The
  // known are settled here; new people get their contacts in the batch's transaction, with the signals
  // of the messages they arrive with.
  const bySender = items.filter((item) => !item.contactId);
  const senders =
    bySender.length > 0
      ? await touchKnownIdentities(
          db,
          workspaceId,
          (n) => systemActor(bySender[n]!.channel.name),
          bySender.map(({ input, channel }) => {
            const sender = input.sender as Extract<InboundMessageInput['sender'], { identity: unknown }>;
            return {
              identity: sender.identity,
              ...(sender.email ? { email: sender.email } : {}),
              ...(sender.phone ? { phone: sender.phone } : {}),
              ...(sender.name ? { name: sender.name } : {}),
              source: 'conversation',
              sourceChannel: channel.type,
            } satisfies ResolveIdentityInput;
          }),
          // As the timeline will hold them (real), so the average is the one its rows give.
          bySender.map((item) => ({ interactions: 1, lastAt: item.occurredAt, sentimentTotal: Math.fround(item.sentiment ?? 0), sentimentScored: item.sentiment === null ? 0 : 1 })),
        )
      : null;
  senders?.results.forEach((result, n) => {
    if (result instanceof Error) outcomes[bySender[n]!.index] = { error: result };
  });
  const storing = items.filter((item) => !outcomes[item.index]);

  if (storing.length > 0) {
    // Batches running at once lock conversations, contacts and agents in order, but a deadlock with
    // other writers (an agent's bulk action) ends the transaction: it is taken again.
    const written = await retryingConflicts(() => store(db, workspaceId, storing, senders && { pending: senders, items: bySender }, now, options.route !== false));
    for (const item of storing) {
      const conversation = written.conversationOf.get(item.thread)!;
      outcomes[item.index] = item.messageId
        ? { conversationId: conversation.id, messageId: item.messageId, duplicate: false, createdConversation: conversation.inserted && written.firstItemOf.get(item.thread) === item.index }
        : { conversationId: conversation.id, messageId: written.raced.get(messageKey(item.channel.id, item.input.externalMessageId)) ?? 0, duplicate: true, createdConversation: false };
    }
    await afterCommit(db, workspaceId, written, now);
  }
  for (const { index, of } of repeats) {
    const first = outcomes[of]!;
    outcomes[index] = 'error' in first ? first : { ...first, duplicate: true, createdConversation: false };
  }
  return outcomes as ReceiveOutcome[];
}

/** The stored messages among these platform message ids, by channel and id. */
async function findStored(db: Executor, keys: { channelId: string; externalId: string }[]): Promise<Map<string, { id: number; conversationId: string }>> {
  if (keys.length === 0) return new Map();
  const result = await db.execute<{ id: string | number; conversation_id: string; channel_id: string; external_id: string }>(sql`
    SELECT m.id, m.conversation_id, m.channel_id, m.external_id FROM ${messages} m
      JOIN unnest(${textArray(keys.map((key) => key.channelId))}, ${textArray(keys.map((key) => key.externalId))}) AS k(channel_id, external_id)
        ON m.channel_id = k.channel_id AND m.external_id = k.external_id`);
  return new Map(result.rows.map((row) => [messageKey(row.channel_id, row.external_id), { id: Number(row.id), conversationId: row.conversation_id }]));
}

type Written = {
  conversationOf: Map<string, { id: string; inserted: boolean }>;
  firstItemOf: Map<string, number>;
  /** Messages another delivery stored at the same moment: their ids */
  raced: Map<string, number>;
  routed: RoutedBatch | null;
  /** Conversations to route one by one after the commit (routing the batch failed) */
  routeLater: { id: string; trigger: RoutingTrigger }[];
};

/**
 * What a conversation's messages of this batch, one after the other, do to its counters: how many, the
 * latest (its time and preview; the later of two at one time), the first's time, the first sender
 * known, and the last language and sentiment known.
 */
function countersOf(list: Item[]) {
  const latest = list.reduce((best, item) => (item.occurredAt >= best.occurredAt ? item : best));
  const last = <T>(pick: (item: Item) => T | null) => list.reduceRight<T | null>((found, item) => found ?? pick(item), null);
  const sentiment = last((item) => item.sentiment);
  return {
    n: list.length,
    latestAt: latest.occurredAt,
    preview: latest.preview,
    firstAt: list[0]!.occurredAt,
    contactId: list.find((item) => item.contactId)?.contactId ?? null,
    identityId: list.find((item) => item.identityId)?.identityId ?? null,
    language: last((item) => item.language),
    // As the real column will hold it, so rules compare what is stored
    sentiment: sentiment === null ? null : Math.fround(sentiment),
  };
}

/** A conversation this batch opens, as its messages leave it (routing and the SLA are planned on it before it is written). */
function openedRow(workspaceId: string, id: string, list: Item[], now: Date): repo.ConversationRow {
  const first = list[0]!;
  const counters = countersOf(list);
  return {
    id, workspaceId, channelId: first.channel.id, channelType: first.channel.type, contactId: counters.contactId, identityId: counters.identityId,
    visibility: first.visibility, externalThreadId: first.input.externalThreadId, subject: first.input.subject ?? null, status: 'open', snoozedUntil: null,
    priority: 'normal', labels: [], assigneeMemberId: null, teamId: null, language: counters.language, sentiment: counters.sentiment, suggestedArticleIds: [],
    sourceMentionId: first.input.sourceMentionId ?? null, messageCount: counters.n, lastMessageAt: counters.latestAt, lastMessagePreview: counters.preview,
    lastInboundAt: counters.latestAt, lastOutboundAt: null, firstInboundAt: counters.firstAt, firstResponseAt: null, waitingSince: counters.firstAt,
    resolvedAt: null, resolvedByMemberId: null, slaPolicyId: null, firstResponseDueAt: null, nextResponseDueAt: null, resolutionDueAt: null,
    slaWarned: [], slaBreached: [], handoffReturnMemberId: null, mergedIntoId: null, version: 1 + counters.n, createdAt: now, updatedAt: now,
  };
}

/** A stored conversation as this batch's messages leave it: counted, latest activity, reopened. */
function withMessages(row: repo.ConversationRow, list: Item[], now: Date): repo.ConversationRow {
  const counters = countersOf(list);
  const later = (stored: Date | null) => (stored && stored > counters.latestAt ? stored : counters.latestAt);
  return {
    ...row,
    messageCount: row.messageCount + counters.n,
    lastMessageAt: later(row.lastMessageAt),
    lastMessagePreview: counters.latestAt >= row.lastMessageAt ? counters.preview : row.lastMessagePreview,
    lastInboundAt: later(row.lastInboundAt),
    firstInboundAt: row.firstInboundAt ?? counters.firstAt,
    waitingSince: row.waitingSince ?? counters.firstAt,
    contactId: row.contactId ?? counters.contactId,
    identityId: row.identityId ?? counters.identityId,
    language: counters.language ?? row.language,
    sentiment: counters.sentiment ?? row.sentiment,
    status: 'open',
    snoozedUntil: null,
    resolvedAt: row.status === 'resolved' ? null : row.resolvedAt,
    version: row.version + counters.n,
    updatedAt: now,
  };
}

/** Another batch opened one of this batch's threads meanwhile: the batch is taken again, finding it (retryingConflicts). */
class ThreadOpenedMeanwhile extends Error {
  // Retried as a serialization failure is.
  readonly code = '40001';
}

/**
 * The batch's one transaction, in which every conversation is written once, as it ends up: the threads'
 * conversations are found (new threads claimed), the messages stored (a new thread's conversation is
 * checked at commit: it is written later) and put on the timeline; then the stored conversations are
 * locked, routing and the SLA planned on every conversation as the messages leave it, and the new ones
 * inserted and the others updated, with the contacts' signals and the events; the team turns come
 * last, with the conversations they assign. Locks other batches share are held to the commit, so each
 * is taken after all that does not need it: the team turns' locks, which every batch routing to those
 * teams shares, cover only the last writes.
 */
async function store(db: Database, workspaceId: string, items: Item[], senders: { pending: PendingResolution; items: Item[] } | null, now: Date, route: boolean): Promise<Written> {
  const firstItemOf = new Map<string, number>();
  const threads = new Map<string, Item[]>();
  for (const item of items) {
    if (!threads.has(item.thread)) firstItemOf.set(item.thread, item.index);
    threads.set(item.thread, [...(threads.get(item.thread) ?? []), item]);
  }
  return db.transaction(async (tx) => {
    // The threads' stored conversations (locked later, for the last writes only); the others are opened.
    const keys = [...threads.keys()].sort();
    const find = (list: string[]) =>
      tx.execute<{ id: string; channel_id: string; external_thread_id: string; merged_into_id: string | null; target_id: string | null; target_merged_into_id: string | null }>(sql`
        SELECT c.id, c.channel_id, c.external_thread_id, c.merged_into_id, t.id AS target_id, t.merged_into_id AS target_merged_into_id
          FROM unnest(${textArray(list.map((key) => threads.get(key)![0]!.channel.id))}, ${textArray(list.map((key) => threads.get(key)![0]!.input.externalThreadId))})
               AS k(channel_id, external_thread_id)
          JOIN ${conversations} c ON c.channel_id = k.channel_id AND c.external_thread_id = k.external_thread_id
          LEFT JOIN ${conversations} t ON t.id = c.merged_into_id AND t.workspace_id = c.workspace_id`);
    const conversationOf = new Map<string, { id: string; inserted: boolean }>();
    // A thread whose conversation was merged: its messages now belong to the one it was merged into.
    // What each was merged into, as read here: a merge meanwhile takes the batch again.
    const mergedAsRead = new Map<string, string | null>();
    const take = (rows: Awaited<ReturnType<typeof find>>['rows']) => {
      for (const row of rows) {
        const id = row.target_id ?? row.id;
        conversationOf.set(threadKey(row.channel_id, row.external_thread_id), { id, inserted: false });
        mergedAsRead.set(id, row.target_id ? row.target_merged_into_id : row.merged_into_id);
      }
    };
    take((await find(keys)).rows);
    // New threads are claimed (in key order) until the commit, and looked for again: a batch that
    // opened one meanwhile has committed it by then.
    const unseen = keys.filter((key) => !conversationOf.has(key));
    if (unseen.length > 0) {
      await tx.execute(sql`SELECT count(pg_advisory_xact_lock(hashtextextended('parley-thread:' || k, 0))) FROM unnest(${textArray(unseen.map((key) => `${threads.get(key)![0]!.channel.id}|${threads.get(key)![0]!.input.externalThreadId}`))}) WITH ORDINALITY AS u(k, n)`);
      take((await find(unseen)).rows);
    }
    const opened = new Set<string>();
    for (const key of keys) {
      if (conversationOf.has(key)) continue;
      const id = newSortableId('cv');
      opened.add(id);
      conversationOf.set(key, { id, inserted: true });
    }

    // New senders' contacts (or their identities on the contacts they certainly are), created with the
    // signals of these messages: the advisory locks on their keys last to the commit.
    const firstSignals = senders ? await createPendingIdentities(tx, senders.pending) : new Map<string, FirstSignals>();
    senders?.pending.results.forEach((result, n) => {
      const item = senders.items[n]!;
      if (result && !(result instanceof Error)) Object.assign(item, { contactId: result.contactId, identityId: result.identityId });
    });

    // The messages, in order (their ids follow it); one another delivery stored meanwhile is left out.
    if (opened.size > 0) await tx.execute(sql`SET CONSTRAINTS messages_conversation_id_conversations_id_fk, conversation_events_conversation_id_conversations_id_fk DEFERRED`);
    const stored = await tx.execute<{ id: string | number; channel_id: string; external_id: string }>(sql`
      INSERT INTO ${messages} (workspace_id, conversation_id, channel_id, kind, direction, external_id, author_contact_id, text, attachments, status, language, sentiment, data, created_at)
      SELECT ${workspaceId}, r.conversation_id, r.channel_id, 'message', 'inbound', r.external_id, r.author_contact_id, r.text, r.attachments, 'received', r.language, r.sentiment, r.data, r.created_at
        FROM jsonb_to_recordset(${JSON.stringify(
          items.map((item, n) => ({
            n,
            conversation_id: conversationOf.get(item.thread)!.id, channel_id: item.channel.id, external_id: item.input.externalMessageId, author_contact_id: item.contactId,
            text: item.input.text, attachments: item.attachments, language: item.language, sentiment: item.sentiment, data: item.input.data ?? {}, created_at: item.occurredAt.toISOString(),
          })),
        )}::jsonb) AS r(conversation_id text, channel_id text, external_id text, author_contact_id text, text text, attachments jsonb,
                                           language text, sentiment real, data jsonb, created_at timestamptz, n int)
       ORDER BY r.n
      ON CONFLICT DO NOTHING
      RETURNING id, channel_id, external_id`);
    const ids = new Map(stored.rows.map((row) => [messageKey(row.channel_id, row.external_id), Number(row.id)]));
    for (const item of items) item.messageId = ids.get(messageKey(item.channel.id, item.input.externalMessageId));
    const kept = items.filter((item) => item.messageId);
    const lost = items.filter((item) => !item.messageId);
    // A new thread's message another delivery stored meanwhile: that delivery opened the thread too.
    if (lost.some((item) => conversationOf.get(item.thread)!.inserted)) throw new ThreadOpenedMeanwhile('another delivery opened one of these threads meanwhile');
    const raced = new Map([...(await findStored(tx, lost.map((item) => ({ channelId: item.channel.id, externalId: item.input.externalMessageId })))).entries()].map(([key, row]) => [key, row.id]));
    const replies = kept.filter((item) => item.input.replyToExternalId);
    if (replies.length > 0) {
      await tx.execute(sql`
        UPDATE ${messages} m SET reply_to_message_id = r.id
          FROM unnest(${sql.param(replies.map((item) => item.messageId!))}::bigint[], ${textArray(replies.map((item) => item.channel.id))}, ${textArray(replies.map((item) => item.input.replyToExternalId!))}) AS v(id, channel_id, external_id)
          JOIN ${messages} r ON r.channel_id = v.channel_id AND r.external_id = v.external_id
         WHERE m.id = v.id`);
    }
    const signals = withoutFirstSignals(await insertInteractions(tx, workspaceId, kept.filter((item) => item.contactId), conversationOf), firstSignals);

    // The stored conversations, locked now in id order until the commit: what follows is all that
    // batches sharing a thread wait for. One merged meanwhile takes the batch again.
    const storedIds = [...new Set([...conversationOf.values()].flatMap((c) => (c.inserted ? [] : [c.id])))].sort();
    // (= ANY of one array, not IN of a list: the statement's text, and its prepared plan, stays the same whatever the count.)
    const before = new Map(
      storedIds.length > 0
        ? (await tx.select().from(conversations).where(sql`${conversations.id} = ANY(${textArray(storedIds)})`).orderBy(conversations.id).for('no key update')).map((row) => [row.id, row])
        : [],
    );
    if (storedIds.some((id) => !before.has(id) || before.get(id)!.mergedIntoId !== mergedAsRead.get(id))) throw new ThreadOpenedMeanwhile('a conversation of this batch was merged or deleted meanwhile');

    // Each conversation as its stored messages leave it (a new one made up from them).
    const perConversation = new Map<string, Item[]>();
    for (const item of kept) {
      const id = conversationOf.get(item.thread)!.id;
      perConversation.set(id, [...(perConversation.get(id) ?? []), item]);
    }
    const rows = new Map<string, repo.ConversationRow>();
    for (const [id, list] of perConversation) rows.set(id, opened.has(id) ? openedRow(workspaceId, id, list, now) : withMessages(before.get(id)!, list, now));
    const events: repo.NewConversationEvent[] = [];
    const triggers = new Map<string, RoutingTrigger>();
    for (const [key, conversation] of conversationOf) {
      if (triggers.has(conversation.id) || !rows.has(conversation.id)) continue;
      const first = threads.get(key)![0]!;
      triggers.set(conversation.id, conversation.inserted ? 'created' : 'updated');
      const status = before.get(conversation.id)?.status;
      if (conversation.inserted) events.push({ workspaceId, conversationId: conversation.id, type: 'created', actorLabel: first.channel.name, data: { channelType: first.channel.type, visibility: first.visibility } });
      else if (status !== 'open') events.push({ workspaceId, conversationId: conversation.id, type: 'status_changed', actorLabel: 'Customer replied', data: { from: status, to: 'open' } });
    }

    // Routing, in a savepoint: should it fail as a whole, the messages still commit, routed one by one afterwards.
    let routed: RoutedBatch | null = null;
    const routeLater: { id: string; trigger: RoutingTrigger }[] = [];
    if (route && rows.size > 0) {
      try {
        routed = await tx.transaction((savepoint) => routeBatch(savepoint, workspaceId, [...rows.values()], triggers, now));
      } catch {
        for (const [id, trigger] of triggers) routeLater.push({ id, trigger });
      }
    }
    if (routed) {
      for (const [id, row] of routed.rows) rows.set(id, row);
      events.push(...routed.events);
    }

    // The SLA due times of every conversation, as they now stand (a team turn does not move them).
    const sla = await planSlaMany(tx, workspaceId, [...rows.values()], opened, now);
    for (const [id, plan] of sla) {
      events.push(...plan.events);
      if (plan.next) rows.set(id, { ...rows.get(id)!, ...plan.next });
    }

    // Written once each, as they end up: first all that does not wait for a team turn, then the turns,
    // whose locks every batch routing to those teams shares to the commit, and the conversations they
    // assigned. A new conversation another batch opened meanwhile takes this one again.
    const write = async (ids: string[]) => {
      const fresh = ids.filter((id) => opened.has(id)).map((id) => rows.get(id)!);
      if (fresh.length > 0 && (await writeConversations(tx, fresh, 'insert', now)) < fresh.length) throw new ThreadOpenedMeanwhile('another batch opened one of these threads meanwhile');
      const updated = ids.filter((id) => !opened.has(id)).map((id) => rows.get(id)!);
      if (updated.length > 0) await writeConversations(tx, updated, 'update', now);
    };
    const waiting = new Set(routed?.turns.map((turn) => turn.conversationId));
    await write([...rows.keys()].filter((id) => !waiting.has(id)));
    // The senders' signals: their contacts' locks are held to the commit too.
    await moveSignals(tx, workspaceId, signals);
    await repo.insertConversationEvents(tx, events);
    await emitEvents(tx, workspaceId, [
      ...[...rows.keys()].map((id) => ({ type: opened.has(id) ? 'conversation.created' : 'conversation.updated', data: { conversationId: id } })),
      ...kept.map((item) => ({ type: 'message.created', data: { conversationId: conversationOf.get(item.thread)!.id, messageId: item.messageId!, direction: 'inbound' } })),
    ]);
    if (routed) {
      const turns = await takeBatchTurns(tx, workspaceId, routed, rows, now);
      await write([...waiting]);
      await repo.insertConversationEvents(tx, turns.events);
      await notifyMembers(tx, workspaceId, [...routed.notifications, ...turns.notifications]);
    }
    return { conversationOf, firstItemOf, raced, routed, routeLater };
  });
}

/** Each conversation's SLA plan: the policies, team calendars and clock ledgers of the batch loaded once. */
async function planSlaMany(tx: Executor, workspaceId: string, rows: repo.ConversationRow[], opened: Set<string>, now: Date): Promise<Map<string, ReturnType<typeof planSla>>> {
  const plans = new Map<string, ReturnType<typeof planSla>>();
  if (rows.length === 0) return plans;
  const policies = await slaRepo.listPolicies(tx, workspaceId);
  const teamIds = [...new Set(rows.flatMap((row) => (row.teamId && selectPolicy(policies, row)?.businessHours ? [row.teamId] : [])))];
  const calendars = new Map((await slaRepo.listTeamCalendars(tx, workspaceId, teamIds)).map((calendar) => [calendar.teamId, calendar]));
  // Conversations opened by this batch have no clock ledger yet.
  const ledgers = await slaRepo.listClockEventsOf(tx, rows.flatMap((row) => (opened.has(row.id) ? [] : [row.id])));
  for (const row of rows) plans.set(row.id, planSla(row, ledgers.get(row.id) ?? [], policies, calendars, now));
  return plans;
}

const CONVERSATION_FIELDS = `
  id text, workspace_id text, channel_id text, channel_type text, contact_id text, identity_id text, visibility text, external_thread_id text, subject text,
  source_mention_id bigint, status text, snoozed_until timestamptz, resolved_at timestamptz, resolved_by_member_id text, priority text, labels jsonb,
  assignee_member_id text, team_id text, language text, sentiment real, suggested_article_ids jsonb, handoff_return_member_id text, sla_policy_id text,
  first_response_due_at timestamptz, next_response_due_at timestamptz, resolution_due_at timestamptz, sla_warned jsonb, sla_breached jsonb,
  message_count int, last_message_at timestamptz, last_message_preview text, last_inbound_at timestamptz, first_inbound_at timestamptz,
  waiting_since timestamptz, version int, n int`;

/**
 * Conversations as this batch leaves them, in one statement: inserted (new threads, in key order; one
 * whose thread another batch opened meanwhile is left out) or updated (locked stored ones). Returns how
 * many rows it wrote.
 */
async function writeConversations(tx: Executor, rows: repo.ConversationRow[], mode: 'insert' | 'update', now: Date): Promise<number> {
  const at = (date: Date | null) => (date ? date.toISOString() : null);
  const input = JSON.stringify(
    rows.map((row, n) => ({
      n, id: row.id, workspace_id: row.workspaceId, channel_id: row.channelId, channel_type: row.channelType, contact_id: row.contactId, identity_id: row.identityId,
      visibility: row.visibility, external_thread_id: row.externalThreadId, subject: row.subject, source_mention_id: row.sourceMentionId,
      status: row.status, snoozed_until: at(row.snoozedUntil), resolved_at: at(row.resolvedAt), resolved_by_member_id: row.resolvedByMemberId,
      priority: row.priority, labels: row.labels, assignee_member_id: row.assigneeMemberId, team_id: row.teamId, language: row.language, sentiment: row.sentiment,
      suggested_article_ids: row.suggestedArticleIds, handoff_return_member_id: row.handoffReturnMemberId, sla_policy_id: row.slaPolicyId,
      first_response_due_at: at(row.firstResponseDueAt), next_response_due_at: at(row.nextResponseDueAt), resolution_due_at: at(row.resolutionDueAt),
      sla_warned: row.slaWarned, sla_breached: row.slaBreached, message_count: row.messageCount, last_message_at: at(row.lastMessageAt),
      last_message_preview: row.lastMessagePreview, last_inbound_at: at(row.lastInboundAt), first_inbound_at: at(row.firstInboundAt),
      waiting_since: at(row.waitingSince), version: row.version,
    })),
  );
  const array = (column: string) => `ARRAY(SELECT jsonb_array_elements_text(v.${column}))`;
  const values = sql`jsonb_to_recordset(${input}::jsonb) AS v(${sql.raw(CONVERSATION_FIELDS)})`;
  const result =
    mode === 'insert'
      ? await tx.execute(sql`
          INSERT INTO ${conversations} (id, workspace_id, channel_id, channel_type, contact_id, identity_id, visibility, external_thread_id, subject, source_mention_id,
                                        status, snoozed_until, resolved_at, resolved_by_member_id, priority, labels, assignee_member_id, team_id, language, sentiment,
                                        suggested_article_ids, handoff_return_member_id, sla_policy_id, first_response_due_at, next_response_due_at, resolution_due_at,
                                        sla_warned, sla_breached, message_count, last_message_at, last_message_preview, last_inbound_at, first_inbound_at, waiting_since,
                                        version, updated_at)
          SELECT v.id, v.workspace_id, v.channel_id, v.channel_type, v.contact_id, v.identity_id, v.visibility, v.external_thread_id, v.subject, v.source_mention_id,
                 v.status, v.snoozed_until, v.resolved_at, v.resolved_by_member_id, v.priority, ${sql.raw(array('labels'))}, v.assignee_member_id, v.team_id, v.language, v.sentiment,
                 ${sql.raw(array('suggested_article_ids'))}, v.handoff_return_member_id, v.sla_policy_id, v.first_response_due_at, v.next_response_due_at, v.resolution_due_at,
                 ${sql.raw(array('sla_warned'))}, ${sql.raw(array('sla_breached'))}, v.message_count, v.last_message_at, v.last_message_preview, v.last_inbound_at, v.first_inbound_at,
                 v.waiting_since, v.version, ${now.toISOString()}::timestamptz
            FROM ${values}
           ORDER BY v.n
          ON CONFLICT (channel_id, external_thread_id) DO NOTHING`)
      : await tx.execute(sql`
          UPDATE ${conversations} c SET
            contact_id = v.contact_id, identity_id = v.identity_id, status = v.status, snoozed_until = v.snoozed_until, resolved_at = v.resolved_at,
            resolved_by_member_id = v.resolved_by_member_id, priority = v.priority, labels = ${sql.raw(array('labels'))}, assignee_member_id = v.assignee_member_id,
            team_id = v.team_id, language = v.language, sentiment = v.sentiment, suggested_article_ids = ${sql.raw(array('suggested_article_ids'))},
            handoff_return_member_id = v.handoff_return_member_id, sla_policy_id = v.sla_policy_id, first_response_due_at = v.first_response_due_at,
            next_response_due_at = v.next_response_due_at, resolution_due_at = v.resolution_due_at, sla_warned = ${sql.raw(array('sla_warned'))},
            sla_breached = ${sql.raw(array('sla_breached'))}, message_count = v.message_count, last_message_at = v.last_message_at,
            last_message_preview = v.last_message_preview, last_inbound_at = v.last_inbound_at, first_inbound_at = v.first_inbound_at,
            waiting_since = v.waiting_since, version = v.version, updated_at = ${now.toISOString()}::timestamptz
            FROM ${values}
           WHERE c.id = v.id`);
  return result.rowCount ?? 0;
}

type Signals = { contact_id: string; n: number; last_at: string; total: number; scored: number }[];

/**
 * The messages on their senders' timelines, as recordInteraction would put them one by one: the rows
 * (once per message) and their real-time events, in one statement. Returns what they add to each
 * contact's signals, which moveSignals writes at the end of the transaction.
 */
async function insertInteractions(tx: Executor, workspaceId: string, items: Item[], conversationOf: Map<string, { id: string }>): Promise<Signals> {
  if (items.length === 0) return [];
  const at = new Date().toISOString();
  const result = await tx.execute<Signals[number] & { notified: number }>(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(
        items.map((item, n) => ({
          n,
          contact_id: item.contactId, channel: item.channel.type, occurred_at: item.occurredAt.toISOString(), summary: (item.preview || 'Message').slice(0, 500),
          body: item.input.text, sentiment: item.sentiment, source_id: `message:${item.messageId}`,
          data: { conversationId: conversationOf.get(item.thread)!.id, visibility: item.visibility },
        })),
      )}::jsonb) AS r(contact_id text, channel text, occurred_at timestamptz, summary text, body text, sentiment real, source_id text, data jsonb, n int)
    ), inserted AS (
      INSERT INTO interactions (workspace_id, contact_id, kind, channel, direction, occurred_at, summary, body, sentiment, source_module, source_id, data)
      SELECT ${workspaceId}, contact_id, 'message', channel, 'inbound', occurred_at, summary, body, sentiment, 'inbox', source_id, data FROM input ORDER BY n
      ON CONFLICT DO NOTHING
      RETURNING id, contact_id, occurred_at, sentiment
    ), notified AS (
      SELECT count(pg_notify(${EVENTS_CHANNEL}, json_build_object('workspaceId', ${workspaceId}::text, 'type', 'interaction.created',
               'data', json_build_object('id', i.id, 'contactId', i.contact_id, 'kind', 'message'), 'at', ${at}::text)::text)) AS n
        FROM inserted i
    )
    SELECT contact_id, count(*)::int AS n, max(occurred_at) AS last_at, coalesce(sum(sentiment), 0)::real AS total, count(sentiment)::int AS scored,
           (SELECT n FROM notified) AS notified
      FROM inserted GROUP BY contact_id`);
  return result.rows.map(({ notified: _, ...row }) => ({ ...row, last_at: new Date(row.last_at).toISOString(), total: Number(row.total) }));
}

/**
 * The signals still to move once the contacts this batch created have theirs (createPendingIdentities
 * wrote them with their first messages). Should a created contact's messages not all have been stored
 * (another delivery stored one meanwhile), its signals are counted again from its timeline instead.
 */
function withoutFirstSignals(signals: Signals, first: Map<string, FirstSignals>): { signals: Signals; recount: string[] } {
  if (first.size === 0) return { signals, recount: [] };
  const recount = new Set(first.keys());
  const rest = signals.filter((row) => {
    const written = first.get(row.contact_id);
    if (!written) return true;
    if (written.interactions === row.n) recount.delete(row.contact_id);
    return false;
  });
  return { signals: rest, recount: [...recount] };
}

/** Each contact's signals (interactions, last contact, running sentiment average), the contacts locked in id order: batches sharing people never cross. */
async function moveSignals(tx: Executor, workspaceId: string, { signals, recount }: { signals: Signals; recount: string[] }): Promise<void> {
  if (signals.length === 0 && recount.length === 0) return;
  const ids = [...signals.map((row) => row.contact_id), ...recount].sort();
  await tx.execute(sql`SELECT count(*) FROM (SELECT 1 FROM contacts WHERE id = ANY(${textArray(ids)}) ORDER BY id FOR NO KEY UPDATE) locked`);
  if (recount.length > 0) {
    await tx.execute(sql`
      UPDATE contacts k SET interaction_count = t.n, last_interaction_at = t.last_at, sentiment_avg = t.average, sentiment_count = t.scored
        FROM (SELECT c.id, count(i.id)::int AS n, max(i.occurred_at) AS last_at, avg(i.sentiment)::real AS average, count(i.sentiment)::int AS scored
                FROM contacts c LEFT JOIN interactions i ON i.contact_id = c.id
               WHERE c.id = ANY(${textArray(recount)}) GROUP BY c.id) t
       WHERE k.id = t.id AND k.workspace_id = ${workspaceId}`);
  }
  if (signals.length === 0) return;
  await tx.execute(sql`
    UPDATE contacts k SET
      interaction_count = k.interaction_count + p.n,
      last_interaction_at = greatest(k.last_interaction_at, p.last_at),
      sentiment_avg = CASE WHEN p.scored > 0 THEN (coalesce(k.sentiment_avg, 0) * k.sentiment_count + p.total) / (k.sentiment_count + p.scored) ELSE k.sentiment_avg END,
      sentiment_count = k.sentiment_count + p.scored
      FROM jsonb_to_recordset(${JSON.stringify(signals)}::jsonb) AS p(contact_id text, n int, last_at timestamptz, total real, scored int)
     WHERE k.id = p.contact_id AND k.workspace_id = ${workspaceId}`);
}

/** After the commit: rule counts, automatic replies, and routing one by one when the batch's failed. */
async function afterCommit(db: Database, workspaceId: string, written: Written, now: Date): Promise<void> {
  if (written.routed) {
    await countAppliedMany(db, workspaceId, written.routed.applied);
    for (const reply of written.routed.autoReplies) await sendAutomaticMessage(db, workspaceId, reply.conversationId, reply.text, reply.label, { now });
  }
  for (const { id, trigger } of written.routeLater) {
    await routeConversation(db, workspaceId, id, trigger, { now, refreshSla: false });
    await refreshSla(db, workspaceId, id, now);
  }
}
