// SQL of routing and assignment: the rules, the facts a run reads (one query per conversation), agent
// statuses and the team's assignment method. Every function takes the workspace id.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { agentStatuses, contacts, conversations, routingRules, teamInboxSettings, type AgentAvailability, type AssignmentMethod, type WeeklyHours } from '../../../db/schema.js';
import { textArray } from '../../../lib/sql.js';
import { compileFilter, type FilterGroup } from '../../contacts/filters.js';
import { findSegment } from '../../contacts/list-contacts.js';
import { isOpenAt } from '../sla/business-clock.js';
import type { ConversationRow } from '../repository.js';
import type { RoutingFacts } from './facts.js';

export type RoutingRuleRow = typeof routingRules.$inferSelect;

// --- rules ---

export const listRules = (db: Executor, workspaceId: string): Promise<RoutingRuleRow[]> =>
  db.select().from(routingRules).where(eq(routingRules.workspaceId, workspaceId)).orderBy(asc(routingRules.position), asc(routingRules.id));

export async function findRule(db: Executor, workspaceId: string, ruleId: string): Promise<RoutingRuleRow | undefined> {
  const [row] = await db.select().from(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, ruleId)));
  return row;
}

/** Serializes changes to a workspace's rule order (new rule at the end, reorder). */
export async function lockRuleOrder(tx: Executor, workspaceId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`routing_rules:${workspaceId}`}))`);
}

export async function nextPosition(db: Executor, workspaceId: string): Promise<number> {
  const [row] = await db.select({ max: sql<number | null>`max(${routingRules.position})` }).from(routingRules).where(eq(routingRules.workspaceId, workspaceId));
  return (row?.max ?? 0) + 1;
}

export async function insertRule(db: Executor, row: typeof routingRules.$inferInsert): Promise<RoutingRuleRow> {
  const [inserted] = await db.insert(routingRules).values(row).returning();
  return inserted!;
}

export async function updateRule(db: Executor, workspaceId: string, ruleId: string, patch: Partial<typeof routingRules.$inferInsert>): Promise<RoutingRuleRow | undefined> {
  const [row] = await db
    .update(routingRules)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, ruleId)))
    .returning();
  return row;
}

export async function deleteRule(db: Executor, workspaceId: string, ruleId: string): Promise<boolean> {
  const rows = await db.delete(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, ruleId))).returning({ id: routingRules.id });
  return rows.length > 0;
}

export async function setPositions(tx: Executor, workspaceId: string, ids: string[]): Promise<void> {
  await tx.execute(sql`
    UPDATE routing_rules r SET position = o.position, updated_at = now()
    FROM unnest(${textArray(ids)}) WITH ORDINALITY AS o(id, position)
    WHERE r.id = o.id AND r.workspace_id = ${workspaceId}`);
}

export async function countApplied(tx: Executor, workspaceId: string, ruleId: string): Promise<void> {
  await tx
    .update(routingRules)
    .set({ appliedCount: sql`${routingRules.appliedCount} + 1` })
    .where(and(eq(routingRules.workspaceId, workspaceId), eq(routingRules.id, ruleId)));
}

export async function segmentExists(db: Executor, workspaceId: string, segmentId: string): Promise<boolean> {
  return Boolean(await findSegment(db, workspaceId, segmentId));
}

// --- facts ---

type ContactFactsRow = {
  id: string;
  vip: boolean;
  influence_score: number | null;
  followers_total: number | null;
  community_member: boolean | null;
  lifecycle_stage: string | null;
  tags: string[] | null;
  custom_fields: Record<string, unknown> | null;
  open_deals: number | null;
};

/**
 * Everything rules can look at: the conversation, the teams' calendars (no team or no calendar: open
 * around the clock), the text of its latest inbound messages, and its contact with open deals. Segment
 * membership is checked with the contacts module's own filter, for the segments the rules name.
 */
export async function loadFacts(db: Executor, workspaceId: string, conversationId: string, segmentIds: string[], now: Date): Promise<RoutingFacts | undefined> {
  const [row] = await db.select().from(conversations).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  return row ? (await loadFactsMany(db, workspaceId, [row], segmentIds, now)).get(row.id) : undefined;
}

/**
 * loadFacts for many conversations at once (the inbound batch), as the rows given stand (a batch's
 * new conversations are not stored yet; their messages are): a few queries whatever their number.
 */
export async function loadFactsMany(db: Executor, workspaceId: string, rows: ConversationRow[], segmentIds: string[], now: Date): Promise<Map<string, RoutingFacts>> {
  const facts = new Map<string, RoutingFacts>();
  if (rows.length === 0) return facts;
  const texts = await db.execute<{ id: string; text: string | null }>(sql`
    SELECT k.id, (SELECT string_agg(m.text, E'\n' ORDER BY m.id DESC) FROM (
       SELECT id, text FROM messages
        WHERE conversation_id = k.id AND direction = 'inbound' AND kind = 'message'
        ORDER BY id DESC LIMIT 3) m) AS text
      FROM unnest(${textArray(rows.map((row) => row.id))}) AS k(id)`);
  const recentText = new Map(texts.rows.map((row) => [row.id, row.text]));
  const contactIds = [...new Set(rows.flatMap((row) => (row.contactId ? [row.contactId] : [])))];
  const contactRows =
    contactIds.length === 0
      ? []
      : (
          await db.execute<ContactFactsRow>(sql`
            SELECT k.id, k.vip, k.influence_score, k.followers_total, k.community_member, k.lifecycle_stage, k.tags, k.custom_fields,
                   (SELECT count(*)::int FROM deals d WHERE d.workspace_id = k.workspace_id AND d.contact_id = k.id AND d.status = 'open') AS open_deals
              FROM contacts k
             WHERE k.workspace_id = ${workspaceId} AND k.id = ANY(${textArray(contactIds)})`)
        ).rows;
  const contactOf = new Map(contactRows.map((row) => [row.id, row]));
  // Every team's calendar (a workspace has few teams): a rule may assign a team before a later one asks about business hours.
  const calendars = await db.execute<{ team_id: string; timezone: string; weekly_hours: WeeklyHours | null; holidays: string[] | null }>(sql`
    SELECT team_id, timezone, weekly_hours, holidays FROM team_inbox_settings WHERE workspace_id = ${workspaceId}`);
  const openByTeam = Object.fromEntries(
    calendars.rows.map((calendar) => [calendar.team_id, isOpenAt({ timezone: calendar.timezone, weeklyHours: calendar.weekly_hours, holidays: calendar.holidays ?? [] }, now)]),
  );
  const membership = segmentIds.length > 0 ? await contactSegments(db, workspaceId, [...contactOf.keys()], segmentIds) : new Map<string, string[]>();
  for (const row of rows) {
    const contact = row.contactId ? contactOf.get(row.contactId) : undefined;
    facts.set(row.id, {
      conversation: {
        channel: row.channelType,
        visibility: row.visibility,
        language: row.language,
        sentiment: row.sentiment === null ? null : Number(row.sentiment),
        text: [row.subject, recentText.get(row.id)].filter(Boolean).join('\n'),
        priority: row.priority,
        labels: row.labels,
        businessHours: row.teamId ? (openByTeam[row.teamId] ?? true) : true,
      },
      openByTeam,
      contact: contact
        ? {
            vip: contact.vip,
            influenceScore: Number(contact.influence_score ?? 0),
            followers: Number(contact.followers_total ?? 0),
            communityMember: Boolean(contact.community_member),
            lifecycleStage: contact.lifecycle_stage,
            openDeals: Number(contact.open_deals ?? 0),
            segmentIds: membership.get(contact.id) ?? [],
            tags: contact.tags ?? [],
            custom: contact.custom_fields ?? {},
          }
        : null,
    });
  }
  return facts;
}

/** Which of these segments each contact is in, each decided by the segment's own contact filter, in one query. */
async function contactSegments(db: Executor, workspaceId: string, contactIds: string[], segmentIds: string[]): Promise<Map<string, string[]>> {
  const checks = [];
  for (const segmentId of segmentIds) {
    const segment = await findSegment(db, workspaceId, segmentId);
    if (!segment) continue; // a deleted segment: nobody is in it
    const condition = compileFilter(segment.filter as FilterGroup) ?? sql`true`;
    checks.push(sql`CASE WHEN ${condition} THEN ${segmentId}::text END`);
  }
  if (checks.length === 0 || contactIds.length === 0) return new Map();
  const rows = await db
    .select({ id: contacts.id, ids: sql<(string | null)[]>`ARRAY[${sql.join(checks, sql`, `)}]` })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, [...new Set(contactIds)])));
  return new Map(rows.map((row) => [row.id, (row.ids ?? []).filter((id): id is string => id !== null)]));
}

export type PreviewConversation = { id: string; subject: string | null; lastMessagePreview: string | null; contactName: string | null; channelType: string; lastMessageAt: Date };

export async function recentConversations(db: Executor, workspaceId: string, limit: number, conversationId?: string): Promise<PreviewConversation[]> {
  const result = await db.execute<{ id: string; subject: string | null; last_message_preview: string | null; contact_name: string | null; channel_type: string; last_message_at: string | Date }>(sql`
    SELECT c.id, c.subject, c.last_message_preview, k.name AS contact_name, c.channel_type, c.last_message_at
    FROM conversations c LEFT JOIN contacts k ON k.id = c.contact_id
    WHERE c.workspace_id = ${workspaceId} AND c.merged_into_id IS NULL ${conversationId ? sql`AND c.id = ${conversationId}` : sql``}
    ORDER BY c.last_message_at DESC, c.id DESC
    LIMIT ${limit}`);
  return result.rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    lastMessagePreview: row.last_message_preview,
    contactName: row.contact_name,
    channelType: row.channel_type,
    lastMessageAt: new Date(row.last_message_at),
  }));
}

// --- agents and teams ---

export type AgentStatusRow = { memberId: string; availability: AgentAvailability; capacity: number; lastAssignedAt: Date | null; openConversations: number; /** false: the defaults of a member without a status row */ stored?: boolean };

/**
 * Statuses of these members (defaults for those without a row: online, capacity 10, nothing open)
 * with their open conversations, as the trigger agent_open_conversations keeps them (migration 0016).
 */
export async function agentStatusesOf(db: Executor, workspaceId: string, memberIds: string[]): Promise<AgentStatusRow[]> {
  if (memberIds.length === 0) return [];
  const result = await db.execute<{ member_id: string; availability: AgentAvailability | null; capacity: number | null; last_assigned_at: string | Date | null; open: number | null; stored: boolean }>(sql`
    SELECT m.id AS member_id, a.availability, a.capacity, a.last_assigned_at, a.open_conversations AS open, a.member_id IS NOT NULL AS stored
    FROM unnest(${textArray(memberIds)}) AS m(id)
    LEFT JOIN agent_statuses a ON a.member_id = m.id AND a.workspace_id = ${workspaceId}
    ORDER BY m.id`);
  return result.rows.map((row) => ({
    memberId: row.member_id,
    availability: row.availability ?? 'online',
    capacity: row.capacity ?? 10,
    lastAssignedAt: row.last_assigned_at ? new Date(row.last_assigned_at) : null,
    openConversations: Number(row.open ?? 0),
    stored: row.stored,
  }));
}

export async function upsertAgentStatus(db: Executor, workspaceId: string, memberId: string, patch: { availability?: AgentAvailability; capacity?: number; lastAssignedAt?: Date }): Promise<void> {
  await db
    .insert(agentStatuses)
    .values({ memberId, workspaceId, ...patch })
    .onConflictDoUpdate({ target: agentStatuses.memberId, set: { ...patch, updatedAt: new Date() } });
}

/** Status rows for members who have none yet (the defaults: online, capacity 10), so each can be claimed. */
export async function ensureAgentStatuses(tx: Executor, workspaceId: string, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.execute(sql`
    INSERT INTO agent_statuses (member_id, workspace_id)
    SELECT m.id, ${workspaceId} FROM unnest(${textArray(memberIds)}) AS m(id)
    WHERE NOT EXISTS (SELECT 1 FROM agent_statuses a WHERE a.member_id = m.id)
    ON CONFLICT (member_id) DO NOTHING`);
}

/** Locks one agent's status row until the transaction ends and reads it fresh, with the agent's open conversations (null: no row). */
export async function claimAgentStatus(tx: Executor, workspaceId: string, memberId: string): Promise<AgentStatusRow | null> {
  const result = await tx.execute<{ availability: AgentAvailability; capacity: number; last_assigned_at: string | Date | null; open: number }>(sql`
    SELECT a.availability, a.capacity, a.last_assigned_at, a.open_conversations AS open
    FROM agent_statuses a
    WHERE a.member_id = ${memberId} AND a.workspace_id = ${workspaceId}
    FOR UPDATE OF a`);
  const row = result.rows[0];
  if (!row) return null;
  return { memberId, availability: row.availability, capacity: row.capacity, lastAssignedAt: row.last_assigned_at ? new Date(row.last_assigned_at) : null, openConversations: Number(row.open) };
}

export async function findTeamSettings(db: Executor, workspaceId: string, teamId: string) {
  const [row] = await db.select().from(teamInboxSettings).where(and(eq(teamInboxSettings.workspaceId, workspaceId), eq(teamInboxSettings.teamId, teamId)));
  return row;
}

export async function upsertTeamAssignment(db: Executor, workspaceId: string, teamId: string, patch: { assignmentMethod?: AssignmentMethod; managerMemberId?: string | null }): Promise<void> {
  await db
    .insert(teamInboxSettings)
    .values({ teamId, workspaceId, ...patch })
    .onConflictDoUpdate({ target: teamInboxSettings.teamId, set: { ...patch, updatedAt: new Date() } });
}

export async function conversationTeam(db: Executor, workspaceId: string, conversationId: string): Promise<string | null | undefined> {
  const [row] = await db.select({ teamId: conversations.teamId }).from(conversations).where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  return row ? row.teamId : undefined;
}

/** Which of these knowledge articles exist in the workspace (suggest_articles actions). */
export async function existingArticleIds(db: Executor, workspaceId: string, articleIds: string[]): Promise<string[]> {
  if (articleIds.length === 0) return [];
  const result = await db.execute<{ id: string }>(sql`SELECT id FROM knowledge_articles WHERE workspace_id = ${workspaceId} AND id = ANY(${textArray(articleIds)})`);
  return result.rows.map((row) => row.id);
}

export async function existingIds(db: Executor, workspaceId: string, ruleIds: string[]): Promise<string[]> {
  if (ruleIds.length === 0) return [];
  const rows = await db.select({ id: routingRules.id }).from(routingRules).where(and(eq(routingRules.workspaceId, workspaceId), inArray(routingRules.id, ruleIds)));
  return rows.map((row) => row.id);
}
