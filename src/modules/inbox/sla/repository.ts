// The SQL of SLAs: policies, team calendars (the calendar columns of team_inbox_settings), the
// conversation fields refreshSla and the check job write, and the SLA clock's ledger of pauses.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { textArray } from '../../../lib/sql.js';
import { conversationEvents, conversations, slaPolicies, teamInboxSettings, type SlaTarget, type WeeklyHours } from '../../../db/schema.js';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type TeamCalendarRow = { teamId: string; timezone: string; weeklyHours: WeeklyHours | null; holidays: string[]; managerMemberId: string | null };

// --- policies ---

export async function listPolicies(db: Executor, workspaceId: string): Promise<SlaPolicyRow[]> {
  return db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId)).orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
}

export async function findPolicy(db: Executor, workspaceId: string, policyId: string): Promise<SlaPolicyRow | undefined> {
  const [row] = await db.select().from(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, policyId)));
  return row;
}

export async function nextPosition(db: Executor, workspaceId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(max(${slaPolicies.position}) + 1, 0)::int` }).from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId));
  return row?.n ?? 0;
}

export async function insertPolicy(db: Executor, row: typeof slaPolicies.$inferInsert): Promise<SlaPolicyRow> {
  const [created] = await db.insert(slaPolicies).values(row).returning();
  return created!;
}

export async function updatePolicy(db: Executor, workspaceId: string, policyId: string, patch: Partial<typeof slaPolicies.$inferInsert>): Promise<SlaPolicyRow | undefined> {
  const [row] = await db
    .update(slaPolicies)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, policyId)))
    .returning();
  return row;
}

export async function deletePolicy(db: Executor, workspaceId: string, policyId: string): Promise<boolean> {
  const rows = await db.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, workspaceId), eq(slaPolicies.id, policyId))).returning({ id: slaPolicies.id });
  return rows.length > 0;
}

/** Positions 0…n-1 in the given order (ids already checked to be exactly the workspace's policies). */
export async function setPositions(db: Executor, workspaceId: string, orderedIds: string[]): Promise<void> {
  if (orderedIds.length === 0) return;
  await db.execute(sql`
    UPDATE sla_policies p SET position = o.position - 1, updated_at = now()
    FROM unnest(ARRAY[${sql.join(orderedIds.map((id) => sql`${id}`), sql`, `)}]::text[]) WITH ORDINALITY AS o(id, position)
    WHERE p.id = o.id AND p.workspace_id = ${workspaceId}`);
}

/** Serializes policy writes of one workspace (positions stay a clean sequence). */
export async function lockPolicies(tx: Executor, workspaceId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`inbox.sla_policies:${workspaceId}`}))`);
}

// --- team calendars ---

const calendarColumns = {
  teamId: teamInboxSettings.teamId,
  timezone: teamInboxSettings.timezone,
  weeklyHours: teamInboxSettings.weeklyHours,
  holidays: teamInboxSettings.holidays,
  managerMemberId: teamInboxSettings.managerMemberId,
};

export async function findTeamCalendar(db: Executor, workspaceId: string, teamId: string): Promise<TeamCalendarRow | undefined> {
  const [row] = await db.select(calendarColumns).from(teamInboxSettings).where(and(eq(teamInboxSettings.workspaceId, workspaceId), eq(teamInboxSettings.teamId, teamId)));
  return row;
}

export async function listTeamCalendars(db: Executor, workspaceId: string, teamIds: string[]): Promise<TeamCalendarRow[]> {
  if (teamIds.length === 0) return [];
  return db.select(calendarColumns).from(teamInboxSettings).where(and(eq(teamInboxSettings.workspaceId, workspaceId), inArray(teamInboxSettings.teamId, teamIds)));
}

/** Writes only the calendar columns: the assignment method and manager belong to the routing settings. */
export async function upsertTeamCalendar(db: Executor, workspaceId: string, teamId: string, calendar: { timezone: string; weeklyHours: WeeklyHours | null; holidays: string[] }): Promise<TeamCalendarRow> {
  await db
    .insert(teamInboxSettings)
    .values({ teamId, workspaceId, ...calendar })
    .onConflictDoUpdate({ target: teamInboxSettings.teamId, set: { ...calendar, updatedAt: new Date() } });
  return (await findTeamCalendar(db, workspaceId, teamId))!;
}

// --- conversations ---

export type SlaFields = {
  slaPolicyId: string | null;
  firstResponseDueAt: Date | null;
  nextResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaWarned: SlaTarget[];
  slaBreached: SlaTarget[];
};

export async function updateConversationSla(db: Executor, workspaceId: string, conversationId: string, fields: Partial<SlaFields>): Promise<void> {
  await db
    .update(conversations)
    .set(fields)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
}

/**
 * Conversations (all workspaces) with a target to warn about or breach by `now` (warnings looked for
 * up to `horizon`), soonest due first: what the check job looks at, walking conversations_sla_due_idx
 * with a keyset cursor on (earliest due time, id).
 */
export type DueCursor = { dueAt: Date; id: string };
export async function listDueConversations(db: Executor, now: Date, horizon: Date, limit: number, after: DueCursor | null): Promise<{ id: string; workspaceId: string; dueAt: Date }[]> {
  const h = sql`${horizon.toISOString()}::timestamptz`;
  const n = sql`${now.toISOString()}::timestamptz`;
  const due = sql`least(first_response_due_at, next_response_due_at, resolution_due_at)`;
  const pending = (column: string, target: SlaTarget) =>
    sql`(${sql.raw(column)} <= ${h} AND NOT (${target} = ANY(sla_breached)) AND (${sql.raw(column)} <= ${n} OR NOT (${target} = ANY(sla_warned))))`;
  const rows = await db.execute<{ id: string; workspace_id: string; due_at: string | Date }>(sql`
    SELECT id, workspace_id, ${due} AS due_at FROM conversations
    WHERE status <> 'resolved' AND ${due} <= ${h}
      AND ${after === null ? sql`true` : sql`(${due}, id) > (${after.dueAt.toISOString()}::timestamptz, ${after.id})`}
      AND (${pending('first_response_due_at', 'first_response')} OR ${pending('next_response_due_at', 'next_response')} OR ${pending('resolution_due_at', 'resolution')})
    ORDER BY ${due}, id
    LIMIT ${limit}`);
  return rows.rows.map((row) => ({ id: row.id, workspaceId: row.workspace_id, dueAt: new Date(row.due_at) }));
}

/** A page of a workspace's conversations that are not resolved, by id (re-measuring after a policy or calendar change). */
export async function listUnresolvedConversationIds(db: Executor, workspaceId: string, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), sql`${conversations.status} <> 'resolved'`, afterId === null ? undefined : sql`${conversations.id} > ${afterId}`))
    .orderBy(asc(conversations.id))
    .limit(limit);
  return rows.map((row) => row.id);
}

export async function lockConversationSkipLocked(tx: Executor, workspaceId: string, conversationId: string) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)))
    .for('update', { skipLocked: true });
  return row;
}

// --- the SLA clock's ledger: when it paused, resumed, stopped (resolved) and restarted (reopened) ---

export const clockEventTypes = ['sla.paused', 'sla.resumed', 'sla.stopped', 'sla.restarted'] as const;
export type ClockEventType = (typeof clockEventTypes)[number];
export type ClockEvent = { type: ClockEventType; at: Date };

/**
 * listClockEvents of many conversations in one query, by conversation id: an index probe per
 * conversation however many (OFFSET 0 keeps PostgreSQL from turning it into a scan of every event).
 */
export async function listClockEventsOf(db: Executor, conversationIds: string[]): Promise<Map<string, ClockEvent[]>> {
  const ledgers = new Map<string, ClockEvent[]>();
  if (conversationIds.length === 0) return ledgers;
  const rows = await db.execute<{ conversation_id: string; type: string; data: Record<string, unknown> }>(sql`
    SELECT e.conversation_id, e.type, e.data
      FROM unnest(${textArray(conversationIds)}) AS k(id)
      CROSS JOIN LATERAL (
        SELECT e.id, e.conversation_id, e.type, e.data FROM ${conversationEvents} e
         WHERE e.conversation_id = k.id AND e.type = ANY(${textArray(clockEventTypes)})
        OFFSET 0) e
     ORDER BY e.id`);
  for (const row of rows.rows) {
    ledgers.set(row.conversation_id, [...(ledgers.get(row.conversation_id) ?? []), { type: row.type as ClockEventType, at: new Date(String(row.data.at)) }]);
  }
  return ledgers;
}

/**
 * The workspace's policies (in order) and one conversation's clock ledger, in one round trip: an
 * agent's reply refreshes the SLA inside its transaction, where every statement waits for the last.
 */
export async function listPoliciesAndClockEvents(db: Executor, workspaceId: string, conversationId: string): Promise<{ policies: SlaPolicyRow[]; ledger: ClockEvent[] }> {
  const ledger = sql<{ type: ClockEventType; at: string }[]>`(
    SELECT coalesce(json_agg(json_build_object('type', e.type, 'at', e.data->>'at') ORDER BY e.id), '[]'::json)
      FROM ${conversationEvents} e
     WHERE e.conversation_id = ${conversationId} AND e.type = ANY(${textArray(clockEventTypes)}))`;
  const rows = await db
    .select({ ledger, policy: slaPolicies })
    .from(sql`(SELECT 1) AS one`)
    .leftJoin(slaPolicies, eq(slaPolicies.workspaceId, workspaceId))
    .orderBy(asc(slaPolicies.position), asc(slaPolicies.id));
  return {
    policies: rows.flatMap((row) => (row.policy ? [row.policy] : [])),
    ledger: (rows[0]?.ledger ?? []).map((event) => ({ type: event.type, at: new Date(event.at) })),
  };
}
