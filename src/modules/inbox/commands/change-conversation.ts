// changeConversation: the one way a conversation's status, snooze, priority, labels, assignee or team
// change — whether an agent does it, a routing rule, an SLA escalation or a bulk action. It records
// what changed as events on the conversation, bumps its version (so a stale edit can be told apart),
// tells open screens, and keeps what depends on it in step: a team without an assignee is offered to
// the team's assignment method, status and priority changes move the SLA due times, and resolving
// sends the CSAT survey.
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client.js';
import { conversations, type ConversationPriority, type ConversationStatus } from '../../../db/schema.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import * as repo from '../repository.js';
import { autoAssign } from './auto-assign.js';
import { refreshSla } from './refresh-sla.js';
import { sendCsatSurvey } from './send-csat-survey.js';

export type ConversationPatch = {
  status?: ConversationStatus;
  /** With status 'snoozed': when it comes back (required then) */
  snoozedUntil?: Date | null;
  priority?: ConversationPriority;
  labels?: string[];
  addLabels?: string[];
  removeLabels?: string[];
  /** null unassigns */
  assigneeMemberId?: string | null;
  /** null removes the team */
  teamId?: string | null;
  suggestedArticleIds?: string[];
  handoffReturnMemberId?: string | null;
  /** Optimistic concurrency: refuse when the conversation changed since this version */
  expectedVersion?: number;
};

/**
 * Who made the change: a member, or the system with a label ("Routing rule VIP", "SLA").
 * `notifyAssignee: false` when the caller tells the new assignee itself (an expert handoff).
 */
export type ChangeActor = { memberId: string | null; label: string; notifyAssignee?: boolean };

const normalizeLabel = (label: string) => label.trim().toLowerCase().slice(0, 60);

export async function changeConversation(
  db: Database,
  workspaceId: string,
  conversationId: string,
  patch: ConversationPatch,
  actor: ChangeActor,
  options: { now?: Date } = {},
): Promise<repo.ConversationRow> {
  const now = options.now ?? new Date();
  const { row, effects } = await db.transaction(async (tx) => applyChange(tx, workspaceId, conversationId, patch, actor, now));
  // After commit: what reads the committed row (the team's pick, SLA due times, the survey).
  if (effects.autoAssignTeamId) await assignWithinTeam(db, workspaceId, conversationId, effects.autoAssignTeamId, now);
  if (effects.slaChanged) await refreshSla(db, workspaceId, conversationId, now);
  if (effects.resolved) await sendCsatSurvey(db, workspaceId, conversationId);
  return (await repo.findConversation(db, workspaceId, conversationId)) ?? row;
}

/**
 * What the caller does after its transaction commits: `autoAssignTeamId` — offer the conversation to
 * that team's assignment method (assignWithinTeam), in a short transaction of its own so the team's
 * turn lock is held only for the pick.
 */
export type Effects = { slaChanged: boolean; resolved: boolean; autoAssignTeamId?: string };

/**
 * Gives a conversation that reached a team without an assignee to the agent the team's method picks
 * (round-robin, capacity; manual: nobody). The turn is taken and the assignment committed together.
 */
export async function assignWithinTeam(db: Database, workspaceId: string, conversationId: string, teamId: string, now: Date = new Date()): Promise<string | null> {
  return db.transaction((tx) => assignWithinTeamIn(tx, workspaceId, conversationId, teamId, now));
}

/** assignWithinTeam inside the caller's transaction (a routing rule's, which just moved the conversation to the team). */
export async function assignWithinTeamIn(tx: Executor, workspaceId: string, conversationId: string, teamId: string, now: Date): Promise<string | null> {
  const current = await repo.lockConversation(tx, workspaceId, conversationId);
  // Someone took it, or it moved on, meanwhile.
  if (!current || current.assigneeMemberId || current.teamId !== teamId) return null;
  const memberId = await autoAssign(tx, workspaceId, conversationId, teamId);
  if (memberId) await applyChange(tx, workspaceId, conversationId, { assigneeMemberId: memberId }, { memberId: null, label: 'Team assignment' }, now, current);
  return memberId;
}

/** Names of the teams and members a change may name, by id: what planChange checks the patch against. */
export type ChangeLookups = { teams: Map<string, string>; members: Map<string, string> };

/** The teams and members a patch names that differ from the conversation's, with their names. */
export async function loadChangeLookups(tx: Executor, workspaceId: string, teamIds: string[], memberIds: string[]): Promise<ChangeLookups> {
  // One after the other: a transaction's client runs one query at a time.
  const teams = await repo.findTeams(tx, workspaceId, [...new Set(teamIds)]);
  const members = await repo.findMembers(tx, workspaceId, [...new Set(memberIds)]);
  return { teams: new Map(teams.map((team) => [team.id, team.name])), members: new Map(members.map((member) => [member.id, member.name])) };
}

/**
 * What a patch does to a conversation as it is now, without writing: the columns to set, the events to
 * record, whom to tell, and what follows. Throws the same errors the command answers with. The inbound
 * batch (receiveMessages) plans a whole batch's rule changes with it and writes them set-based.
 */
export type PlannedChange = { set: Partial<typeof conversations.$inferInsert>; events: repo.NewConversationEvent[]; notifyAssignee: string | null; effects: Effects };

export function planChange(current: repo.ConversationRow, patch: ConversationPatch, actor: ChangeActor, now: Date, lookups: ChangeLookups): PlannedChange {
  const { workspaceId, id: conversationId } = current;
  if (patch.expectedVersion !== undefined && patch.expectedVersion !== current.version) {
    throw new AppError('conversation.changed', 409, 'Someone else changed this conversation meanwhile. Reload it to see their change, then try again.', {
      version: current.version,
    });
  }
  const set: Partial<typeof conversations.$inferInsert> = {};
  const events: repo.NewConversationEvent[] = [];
  const event = (type: string, data: Record<string, unknown>) =>
    events.push({ workspaceId, conversationId, type, actorMemberId: actor.memberId, actorLabel: actor.memberId ? null : actor.label, data });
  const effects: Effects = { slaChanged: false, resolved: false };

  if (patch.status !== undefined && (patch.status !== current.status || (patch.status === 'snoozed' && patch.snoozedUntil))) {
    if (patch.status === 'snoozed') {
      if (!patch.snoozedUntil || patch.snoozedUntil.getTime() <= now.getTime()) {
        throw new AppError('conversation.snooze_time', 400, 'A snoozed conversation needs a time in the future to come back (snoozedUntil).', { field: 'snoozedUntil' });
      }
      set.snoozedUntil = patch.snoozedUntil;
    } else set.snoozedUntil = null;
    set.status = patch.status;
    if (patch.status === 'resolved') {
      set.resolvedAt = now;
      set.resolvedByMemberId = actor.memberId;
      effects.resolved = current.status !== 'resolved';
    } else if (current.status === 'resolved') {
      set.resolvedAt = null;
      set.resolvedByMemberId = null;
    }
    event('status_changed', { from: current.status, to: patch.status, ...(patch.status === 'snoozed' ? { until: patch.snoozedUntil!.toISOString() } : {}) });
    effects.slaChanged = true;
  }
  if (patch.priority !== undefined && patch.priority !== current.priority) {
    set.priority = patch.priority;
    event('priority_changed', { from: current.priority, to: patch.priority });
    effects.slaChanged = true;
  }
  if (patch.labels !== undefined || patch.addLabels?.length || patch.removeLabels?.length) {
    let labels = patch.labels ? patch.labels.map(normalizeLabel) : [...current.labels];
    for (const label of patch.addLabels ?? []) if (!labels.includes(normalizeLabel(label))) labels.push(normalizeLabel(label));
    const removed = new Set((patch.removeLabels ?? []).map(normalizeLabel));
    labels = [...new Set(labels.filter((label) => label && !removed.has(label)))];
    const added = labels.filter((label) => !current.labels.includes(label));
    const dropped = current.labels.filter((label) => !labels.includes(label));
    if (added.length || dropped.length) {
      set.labels = labels;
      event('labels_changed', { added, removed: dropped });
    }
  }
  let newTeamWithoutAssignee = false;
  if (patch.teamId !== undefined && patch.teamId !== current.teamId) {
    if (patch.teamId) {
      const teamName = lookups.teams.get(patch.teamId);
      if (teamName === undefined) throw new AppError('conversation.unknown_team', 400, `There is no team ${patch.teamId} in this workspace.`, { field: 'teamId' });
      event('team_changed', { from: current.teamId, to: patch.teamId, teamName });
    } else event('team_changed', { from: current.teamId, to: null });
    set.teamId = patch.teamId;
    newTeamWithoutAssignee = Boolean(patch.teamId) && patch.assigneeMemberId === undefined;
    effects.slaChanged = true; // the team's calendar measures the SLA
  }
  let notifyAssignee: string | null = null;
  if (patch.assigneeMemberId !== undefined && patch.assigneeMemberId !== current.assigneeMemberId) {
    if (patch.assigneeMemberId) {
      const assigneeName = lookups.members.get(patch.assigneeMemberId);
      if (assigneeName === undefined) throw new AppError('conversation.unknown_assignee', 400, `There is no member ${patch.assigneeMemberId} in this workspace.`, { field: 'assigneeMemberId' });
      event('assigned', { from: current.assigneeMemberId, to: patch.assigneeMemberId, assigneeName });
      if (patch.assigneeMemberId !== actor.memberId && actor.notifyAssignee !== false) notifyAssignee = patch.assigneeMemberId;
    } else event('assigned', { from: current.assigneeMemberId, to: null });
    set.assigneeMemberId = patch.assigneeMemberId;
  }
  if (patch.suggestedArticleIds !== undefined) {
    const merged = [...new Set([...current.suggestedArticleIds, ...patch.suggestedArticleIds])];
    if (merged.length !== current.suggestedArticleIds.length) {
      set.suggestedArticleIds = merged;
      event('content_suggested', { articleIds: patch.suggestedArticleIds });
    }
  }
  if (patch.handoffReturnMemberId !== undefined && patch.handoffReturnMemberId !== current.handoffReturnMemberId) set.handoffReturnMemberId = patch.handoffReturnMemberId;
  const assigneeAfter = set.assigneeMemberId !== undefined ? set.assigneeMemberId : current.assigneeMemberId;
  if (newTeamWithoutAssignee && !assigneeAfter) effects.autoAssignTeamId = patch.teamId!;
  return { set, events, notifyAssignee, effects };
}

/** The notification a new assignee gets. */
export const assignedNotification = (current: repo.ConversationRow, memberId: string, actor: ChangeActor) => ({
  workspaceId: current.workspaceId,
  memberId,
  kind: 'conversation_assigned' as const,
  title: `${actor.label} assigned you a conversation`,
  body: current.lastMessagePreview ?? current.subject ?? '',
  link: `/inbox/${current.id}`,
});

/**
 * The change inside a caller's transaction; SLA refresh and CSAT are the caller's (see changeConversation).
 * `locked`: the row as the caller locked and read it in this transaction, so it is not read again.
 */
export async function applyChange(
  tx: Executor,
  workspaceId: string,
  conversationId: string,
  patch: ConversationPatch,
  actor: ChangeActor,
  now: Date,
  locked?: repo.ConversationRow,
): Promise<{ row: repo.ConversationRow; effects: Effects }> {
  const current = locked ?? (await repo.lockConversation(tx, workspaceId, conversationId));
  if (!current) throw notFound('conversation', conversationId);
  const teamIds = patch.teamId && patch.teamId !== current.teamId ? [patch.teamId] : [];
  const memberIds = patch.assigneeMemberId && patch.assigneeMemberId !== current.assigneeMemberId ? [patch.assigneeMemberId] : [];
  const lookups = teamIds.length || memberIds.length ? await loadChangeLookups(tx, workspaceId, teamIds, memberIds) : { teams: new Map(), members: new Map() };
  const { set, events, notifyAssignee, effects } = planChange(current, patch, actor, now, lookups);
  if (Object.keys(set).length === 0) return { row: current, effects };
  const [row] = await tx
    .update(conversations)
    .set({ ...set, version: sql`${conversations.version} + 1`, updatedAt: now })
    .where(sql`${conversations.id} = ${conversationId}`)
    .returning();
  await repo.insertConversationEvents(tx, events);
  if (notifyAssignee) await notifyMember(tx, assignedNotification(current, notifyAssignee, actor));
  await emitEvent(tx, workspaceId, 'conversation.updated', { conversationId });
  return { row: row!, effects };
}
