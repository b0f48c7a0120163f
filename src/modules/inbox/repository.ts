// SQL of the inbox: conversations (with the queue views), their messages and events. Every read and
// write is scoped by workspace here, so an id of another workspace behaves as a missing one.
import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Placeholder } from 'drizzle-orm';
import { preparedQueries, preparedQuery } from '../../db/prepared.js';
import type { Executor } from '../../db/client.js';
import { channels, contacts, conversationEvents, conversationStatuses, conversationParticipants, conversations, members, messages, teamMembers, teams, users, type ConversationPriority, type ConversationStatus } from '../../db/schema.js';
import type { Cursor } from '../../lib/pagination.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type ConversationEventRow = typeof conversationEvents.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;

/** A conversation as lists and screens show it: with its contact's and assignee's names. */
export type ConversationListRow = ConversationRow & {
  contactName: string | null;
  contactAvatarUrl: string | null;
  contactVip: boolean | null;
  contactFollowers: number | null;
  assigneeName: string | null;
  teamName: string | null;
  channelName: string;
};

const listColumns = {
  conversation: conversations,
  contactName: contacts.name,
  contactAvatarUrl: contacts.avatarUrl,
  contactVip: contacts.vip,
  contactFollowers: contacts.followersTotal,
  assigneeName: users.name,
  teamName: teams.name,
  channelName: channels.name,
};

/**
 * The joined names added onto the conversation object the query made (a queue page has 50 rows of 47
 * columns: copying each with spreads was a sixth of the page's CPU time).
 */
const flatten = (row: { conversation: ConversationRow } & Omit<ConversationListRow, keyof ConversationRow>): ConversationListRow => {
  const flat = row.conversation as Record<string, unknown>;
  for (const key in row) if (key !== 'conversation') flat[key] = row[key as keyof typeof row];
  return flat as ConversationListRow;
};

/** The tables a listed conversation shows names from: its channel, contact, assignee and team. */
function withListJoins<T extends PgSelect>(query: T) {
  return query
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(members, eq(members.id, conversations.assigneeMemberId))
    .leftJoin(users, eq(users.id, members.userId))
    .leftJoin(teams, eq(teams.id, conversations.teamId));
}

function listQuery(db: Executor) {
  return withListJoins(db.select(listColumns).from(conversations).$dynamic());
}

export async function findConversation(db: Executor, workspaceId: string, conversationId: string): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  return row;
}

export async function findConversationForList(db: Executor, workspaceId: string, conversationId: string): Promise<ConversationListRow | undefined> {
  const [row] = await listQuery(db).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  return row ? flatten(row) : undefined;
}

const conversationWithChannel = preparedQuery((db) =>
  withListJoins(db.select({ ...listColumns, channel: channels }).from(conversations).$dynamic())
    .where(and(eq(conversations.workspaceId, sql.placeholder('workspaceId')), eq(conversations.id, sql.placeholder('conversationId'))))
    .prepare(''),
);

/** A conversation as its screen shows it, with its channel account (whose driver says whether a reply can go out). */
export async function findConversationWithChannel(db: Executor, workspaceId: string, conversationId: string): Promise<{ row: ConversationListRow; channel: ChannelRow } | undefined> {
  const [found] = await conversationWithChannel(db).execute({ workspaceId, conversationId });
  if (!found) return undefined;
  const { channel, ...row } = found;
  return { row: flatten(row), channel };
}

const conversationForUpdate = preparedQuery((db) =>
  db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, sql.placeholder('workspaceId')), eq(conversations.id, sql.placeholder('conversationId'))))
    .for('update')
    .prepare(''),
);

/** Locks the row for a change (the caller's transaction). */
export async function lockConversation(tx: Executor, workspaceId: string, conversationId: string): Promise<ConversationRow | undefined> {
  const [row] = await conversationForUpdate(tx).execute({ workspaceId, conversationId });
  return row;
}

export type ConversationView = 'all' | 'mine' | 'unassigned' | 'team' | 'mentions' | 'sla_at_risk' | 'participating';

export type ConversationFilter = {
  view: ConversationView;
  /** The member asking (views "mine", "team" and "participating" are relative to them) */
  memberId: string | null;
  status?: ConversationStatus[];
  channelType?: string;
  channelId?: string;
  teamId?: string;
  assigneeMemberId?: string;
  label?: string;
  priority?: ConversationPriority;
  contactId?: string;
  visibility?: 'public' | 'private';
  q?: string;
  /** SLA at risk: due within this many minutes (default 30) */
  riskMinutes?: number;
  now?: Date;
};

/** The earliest of a conversation's SLA due times: what "SLA at risk" filters and sorts by. */
const dueAt = sql<Date>`least(${conversations.firstResponseDueAt}, ${conversations.nextResponseDueAt}, ${conversations.resolutionDueAt})`;

/** How a filter's value goes into its statement: as itself, or as a placeholder of a prepared statement (recording the value). */
type Bind = <T>(name: string, value: T) => T | Placeholder;
const inline: Bind = (_name, value) => value;

/** The statuses a filter asks for: the views of work in progress default to open and pending; undefined is any status. */
function statusesOf(filter: ConversationFilter): ConversationStatus[] | undefined {
  return filter.status ?? (filter.view === 'all' || filter.view === 'mentions' ? undefined : (['open', 'pending'] as ConversationStatus[]));
}

/** A team view's teams (those of the member asking), joined as `my_teams` when each is walked apart (listPageQuery). */
const myTeams = (memberId: string | Placeholder) => sql`(SELECT ${teamMembers.teamId} FROM ${teamMembers} WHERE ${teamMembers.memberId} = ${memberId}) my_teams`;

function filterConditions(workspaceId: string, filter: ConversationFilter, bind: Bind = inline, options: { perTeam?: boolean } = {}): SQL[] {
  const where: SQL[] = [eq(conversations.workspaceId, bind('workspaceId', workspaceId)), sql`${conversations.mergedIntoId} IS NULL`];
  const statuses = statusesOf(filter);
  // Statuses are written into the text (each checked against the enum): a prepared statement's
  // generic plan can then use the open_* partial indexes (status <> 'resolved'), which a parameter hides.
  if (statuses?.length) {
    const known = statuses.filter((status) => conversationStatuses.includes(status));
    where.push(known.length ? sql`${conversations.status} IN (${sql.raw(known.map((status) => `'${status}'`).join(', '))})` : sql`false`);
  }
  switch (filter.view) {
    case 'mine':
      where.push(filter.memberId ? eq(conversations.assigneeMemberId, bind('memberId', filter.memberId)) : sql`false`);
      break;
    case 'unassigned':
      where.push(sql`${conversations.assigneeMemberId} IS NULL`);
      break;
    case 'team':
      if (!filter.teamId)
        where.push(
          !filter.memberId
            ? sql`false`
            : options.perTeam
              ? sql`${conversations.teamId} = my_teams.team_id`
              : sql`${conversations.teamId} IN (SELECT ${teamMembers.teamId} FROM ${teamMembers} WHERE ${teamMembers.memberId} = ${bind('memberId', filter.memberId)})`,
        );
      break;
    case 'mentions':
      where.push(eq(conversations.visibility, 'public'));
      break;
    case 'participating':
      where.push(
        filter.memberId
          ? sql`${conversations.id} IN (SELECT ${conversationParticipants.conversationId} FROM ${conversationParticipants} WHERE ${conversationParticipants.memberId} = ${bind('memberId', filter.memberId)})`
          : sql`false`,
      );
      break;
    case 'sla_at_risk': {
      const horizon = new Date((filter.now ?? new Date()).getTime() + (filter.riskMinutes ?? 30) * 60_000);
      where.push(sql`${conversations.status} <> 'resolved'`);
      where.push(sql`${dueAt} <= ${bind('horizon', horizon.toISOString())}::timestamptz`);
      break;
    }
    default:
      break;
  }
  if (filter.channelType) where.push(eq(conversations.channelType, bind('channelType', filter.channelType as ConversationRow['channelType'])));
  if (filter.channelId) where.push(eq(conversations.channelId, bind('channelId', filter.channelId)));
  if (filter.teamId) where.push(eq(conversations.teamId, bind('teamId', filter.teamId)));
  if (filter.assigneeMemberId) where.push(eq(conversations.assigneeMemberId, bind('assigneeMemberId', filter.assigneeMemberId)));
  if (filter.label) where.push(sql`${conversations.labels} @> ARRAY[${bind('label', filter.label)}]::text[]`);
  if (filter.priority) where.push(eq(conversations.priority, bind('priority', filter.priority)));
  if (filter.contactId) where.push(eq(conversations.contactId, bind('contactId', filter.contactId)));
  if (filter.visibility) where.push(eq(conversations.visibility, bind('visibility', filter.visibility)));
  if (filter.q) {
    const pattern = bind('q', `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(
      or(
        sql`${conversations.subject} ILIKE ${pattern}`,
        sql`${conversations.lastMessagePreview} ILIKE ${pattern}`,
        sql`${conversations.contactId} IN (SELECT id FROM contacts WHERE workspace_id = ${bind('workspaceId', workspaceId)} AND lower(name) LIKE lower(${pattern}))`,
      )!,
    );
  }
  return where;
}

const listPages = preparedQueries<ReturnType<typeof listPageQuery>>();

/** The filters whose presence (not value) changes a queue view's statement. */
const shapeKeys = ['channelType', 'channelId', 'teamId', 'assigneeMemberId', 'label', 'priority', 'contactId', 'visibility', 'q'] as const;

/** `teams`: walk each of these (joined as my_teams, see filterConditions' perTeam) apart, for the team view. */
function listPageQuery(db: Executor, where: SQL[], order: 'sla' | 'activity' | 'activity, any status', take: SQL, teams: SQL | null) {
  const by = order === 'sla' ? [asc(dueAt), asc(conversations.id)] : [desc(conversations.lastMessageAt), desc(conversations.id)];
  const withActivity = sql`${conversations.id}, ${conversations.lastMessageAt}`;
  const walk = (conditions: SQL[], columns: SQL) => sql`(SELECT ${columns} FROM ${conversations} WHERE ${and(...conditions)} ORDER BY ${sql.join(by, sql`, `)} LIMIT ${take})`;
  // The team view: each of the member's teams is its own walk of conversations_open_team_idx, merged.
  // "team_id IN (their teams)" walked the newest of all teams' conversations instead, skipping the
  // others' (a few hundred rows, and under load the dead versions of the most recently changed: 8 ms
  // a page, the largest share of the database's work with 200 agents in npm run bench:inbox).
  const pageOf = (conditions: SQL[], sortColumns: boolean) =>
    teams
      ? sql`(SELECT t.id${sortColumns ? sql`, t.last_message_at` : sql``} FROM ${teams} CROSS JOIN LATERAL ${walk(conditions, withActivity)} t
              ORDER BY t.last_message_at DESC, t.id DESC LIMIT ${take})`
      : walk(conditions, sortColumns ? withActivity : sql`${conversations.id}`);
  // Any status: the newest of those still being worked on and the newest resolved ones, each an index
  // walk (their indexes are apart), merged. One walk over both would be a scan and a sort of them all.
  const page =
    order === 'activity, any status'
      ? sql`(SELECT u.id FROM (${pageOf([...where, sql`${conversations.status} <> 'resolved'`], true)} UNION ALL ${pageOf([...where, sql`${conversations.status} = 'resolved'`], true)}) u
              ORDER BY u.last_message_at DESC, u.id DESC LIMIT ${take})`
      : pageOf(where, false);
  return listQuery(db)
    .where(sql`${conversations.id} IN ${page}`)
    .orderBy(...by)
    .prepare('');
}

/**
 * A page of a queue view, newest activity first (SLA at risk: most urgent first). The page's ids are
 * chosen first, on the conversations alone (an index walk: the open_* partial indexes serve the
 * default open + pending views), and only those rows are joined with contacts, members and teams —
 * joining before the LIMIT would look up the contact of every conversation in the queue.
 */
export async function listConversations(db: Executor, workspaceId: string, filter: ConversationFilter, cursor: Cursor | null, limit: number): Promise<ConversationListRow[]> {
  // A prepared statement per shape of filter: the values go in as placeholders.
  const values: Record<string, unknown> = {};
  const bind: Bind = (name, value) => {
    values[name] = value;
    return sql.placeholder(name);
  };
  // The team view of the member's own teams is walked team by team.
  const teams = filter.view === 'team' && !filter.teamId && filter.memberId ? myTeams(bind('memberId', filter.memberId)) : null;
  const where = filterConditions(workspaceId, filter, bind, { perTeam: teams !== null });
  // The LIMIT is written into the text too: a generic plan guesses a parameter's LIMIT at a tenth of the rows.
  const rowsWanted = Math.max(1, Math.min(1000, Math.trunc(limit))) + 1;
  const slaOrder = filter.view === 'sla_at_risk';
  const order = slaOrder ? 'sla' : statusesOf(filter)?.length ? 'activity' : 'activity, any status';
  if (cursor && slaOrder) {
    where.push(sql`(${dueAt}, ${conversations.id}) > (${bind('cursorAt', cursor.at)}::timestamptz, ${bind('cursorId', cursor.id)})`);
  } else if (cursor) {
    const at = bind('cursorAt', new Date(cursor.at));
    where.push(or(lt(conversations.lastMessageAt, at), and(eq(conversations.lastMessageAt, at), lt(conversations.id, bind('cursorId', cursor.id))))!);
  }
  const shape = JSON.stringify([filter.view, filter.status ?? null, Boolean(filter.memberId), shapeKeys.filter((key) => Boolean(filter[key])), Boolean(cursor), rowsWanted]);
  const rows = await listPages(db, shape, (executor) => listPageQuery(executor, where, order, sql.raw(String(rowsWanted)), teams)).execute(values);
  return rows.map(flatten);
}

/**
 * Where the sidebar's counts stop ("99+"): six views counted for every agent's queue refresh, each a
 * scan of up to this many index entries. At 1,000 they were most of the database's work with 200
 * agents on a million conversations; nobody reads a queue of 100 differently from one of 1,000.
 */
export const VIEW_COUNT_CAP = 100;

const countedViews: ConversationView[] = ['mine', 'unassigned', 'team', 'mentions', 'sla_at_risk', 'all'];

function countViewsQuery(db: Executor, wheres: SQL[][], cap: number) {
  const counts = Object.fromEntries(
    countedViews.map((view, i) => {
      // "SLA at risk" walks the due-time index in order: unordered, PostgreSQL guessed a third of the open
      // conversations at risk and scanned the whole table for a hundred of them, 0.5 s a count where
      // no conversation has a due time (under load, the queue view took seconds).
      const order = view === 'sla_at_risk' ? sql` ORDER BY ${dueAt}` : sql``;
      return [view, sql<number>`(SELECT count(*)::int FROM (SELECT 1 FROM ${conversations} WHERE ${and(...wheres[i]!)}${order} LIMIT ${sql.raw(String(Math.trunc(cap)))}) capped)`.mapWith(Number)];
    }),
  );
  return db.select(counts).from(sql`(VALUES (1)) AS one (n)`).prepare('');
}
const viewCounts = preparedQueries<ReturnType<typeof countViewsQuery>>(8);

/** Counts per view for the queue's sidebar (capped, so a huge backlog costs a bounded scan), in one (prepared) statement. */
export async function countViews(db: Executor, workspaceId: string, memberId: string | null, now: Date, cap = VIEW_COUNT_CAP): Promise<Record<string, number>> {
  const values: Record<string, unknown> = {};
  const bind: Bind = (name, value) => {
    values[name] = value;
    return sql.placeholder(name);
  };
  const wheres = countedViews.map((view) => filterConditions(workspaceId, { view, memberId, now, ...(view === 'mentions' || view === 'all' ? { status: ['open', 'pending'] as ConversationStatus[] } : {}) }, bind));
  const [row] = await viewCounts(db, `${Boolean(memberId)} ${cap}`, (executor) => countViewsQuery(executor, wheres, cap)).execute(values);
  return Object.fromEntries(countedViews.map((view) => [view, Number(row?.[view] ?? 0)]));
}

const latestMessages = preparedQuery((db) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, sql.placeholder('workspaceId')), eq(messages.conversationId, sql.placeholder('conversationId'))))
    .orderBy(desc(messages.id))
    .limit(sql.placeholder('limit'))
    .prepare(''),
);

export async function listMessages(db: Executor, workspaceId: string, conversationId: string, afterId: number | null, limit: number, beforeId?: number | null): Promise<MessageRow[]> {
  const where = [eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversationId)];
  if (afterId) where.push(gt(messages.id, afterId));
  if (beforeId) {
    where.push(lt(messages.id, beforeId));
    const rows = await db.select().from(messages).where(and(...where)).orderBy(desc(messages.id)).limit(limit);
    return rows.reverse();
  }
  if (!afterId) {
    // The latest page (what opening a conversation asks for), in reading order.
    const rows = await latestMessages(db).execute({ workspaceId, conversationId, limit });
    return rows.reverse();
  }
  return db.select().from(messages).where(and(...where)).orderBy(asc(messages.id)).limit(limit);
}

export async function findMessage(db: Executor, workspaceId: string, messageId: number): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row;
}

const latestEvents = preparedQuery((db) =>
  db
    .select()
    .from(conversationEvents)
    .where(and(eq(conversationEvents.workspaceId, sql.placeholder('workspaceId')), eq(conversationEvents.conversationId, sql.placeholder('conversationId'))))
    .orderBy(desc(conversationEvents.id))
    .limit(sql.placeholder('limit'))
    .prepare(''),
);

export async function listEvents(db: Executor, workspaceId: string, conversationId: string, limit = 500): Promise<ConversationEventRow[]> {
  const rows = await latestEvents(db).execute({ workspaceId, conversationId, limit });
  return rows.reverse();
}

export type NewConversationEvent = { workspaceId: string; conversationId: string; type: string; actorMemberId?: string | null; actorLabel?: string | null; data?: Record<string, unknown> };

export async function insertConversationEvent(tx: Executor, event: NewConversationEvent): Promise<void> {
  await insertConversationEvents(tx, [event]);
}

/** Several events in one statement, in order (their ids follow it); the inbound batch writes hundreds at once. */
export async function insertConversationEvents(tx: Executor, events: NewConversationEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(sql`
    INSERT INTO ${conversationEvents} (workspace_id, conversation_id, type, actor_member_id, actor_label, data)
    SELECT e.workspace_id, e.conversation_id, e.type, e.actor_member_id, e.actor_label, e.data
      FROM jsonb_to_recordset(${JSON.stringify(
        events.map((event, n) => ({
          n,
          workspace_id: event.workspaceId,
          conversation_id: event.conversationId,
          type: event.type,
          actor_member_id: event.actorMemberId ?? null,
          actor_label: event.actorLabel ?? null,
          data: event.data ?? {},
        })),
      )}::jsonb) AS e(n int, workspace_id text, conversation_id text, type text, actor_member_id text, actor_label text, data jsonb)
     ORDER BY e.n`);
}

export async function findChannel(db: Executor, workspaceId: string, channelId: string): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, channelId)));
  return row;
}

/** Member ids and names of the workspace among `memberIds` (to check @mentions and assignees). */
export async function findMembers(db: Executor, workspaceId: string, memberIds: string[]): Promise<{ id: string; name: string }[]> {
  if (memberIds.length === 0) return [];
  return db
    .select({ id: members.id, name: users.name })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, workspaceId), inArray(members.id, memberIds)));
}

export async function findTeams(db: Executor, workspaceId: string, teamIds: string[]): Promise<{ id: string; name: string }[]> {
  if (teamIds.length === 0) return [];
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, teamIds)));
}

export async function teamMemberIds(db: Executor, workspaceId: string, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ memberId: teamMembers.memberId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  return rows.map((row) => row.memberId);
}
