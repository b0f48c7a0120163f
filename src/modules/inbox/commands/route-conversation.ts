// routeConversation: runs the workspace's routing rules on a conversation that was created or changed.
// The facts are loaded once; the enabled rules of this trigger run in order (engine.ts); each rule
// that matches applies its actions through changeConversation's applyChange (actor "Routing rule
// <name>") and is recorded on the conversation as 'routing.applied', in one transaction per rule.
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client.js';
import type { RoutingAction } from '../../../db/tables/inbox.js';
import { textArray } from '../../../lib/sql.js';
import { notifyMember, type NewNotification } from '../../activities/commands/notify-member.js';
import * as inbox from '../repository.js';
import { runRules, segmentIdsOf, type RuleOutcome } from '../routing/engine.js';
import { countApplied, listRules, loadFacts, loadFactsMany, type RoutingRuleRow } from '../routing/repository.js';
import { prepareTurns, takeTurns, type TurnSetup } from './auto-assign.js';
import { applyChange, assignedNotification, assignWithinTeamIn, loadChangeLookups, planChange, type ChangeActor, type ChangeLookups, type ConversationPatch } from './change-conversation.js';
import { refreshSla } from './refresh-sla.js';
import { sendAutomaticMessage } from './send-message.js';

export type RoutingTrigger = 'created' | 'updated';

export type AppliedRule = { ruleId: string; ruleName: string; actions: RoutingAction[]; error?: string };

// Conversations being routed in this process: a change a rule makes must not route the conversation
// again from inside the same run (changeConversation does not route, but whatever listens to it might).
const inFlight = new Set<string>();

/** The conversation changes a rule's actions make, as one patch. */
export function patchOf(actions: RoutingAction[], now: Date): ConversationPatch {
  const patch: ConversationPatch = {};
  for (const action of actions) {
    switch (action.type) {
      case 'assign_team':
        patch.teamId = action.teamId;
        break;
      case 'assign_agent':
        patch.assigneeMemberId = action.memberId;
        break;
      case 'set_priority':
        patch.priority = action.priority;
        break;
      case 'add_labels':
        patch.addLabels = [...(patch.addLabels ?? []), ...action.labels];
        break;
      case 'snooze':
        patch.status = 'snoozed';
        patch.snoozedUntil = new Date(now.getTime() + action.minutes * 60_000);
        break;
      case 'suggest_articles':
        patch.suggestedArticleIds = [...(patch.suggestedArticleIds ?? []), ...action.articleIds];
        break;
      default:
        break; // auto_reply and notify are not changes of the conversation
    }
  }
  return patch;
}

/** `refreshSla: false` when the caller refreshes the SLA itself afterwards (receiveMessage does, for every message). */
export async function routeConversation(db: Database, workspaceId: string, conversationId: string, trigger: RoutingTrigger, options: { now?: Date; refreshSla?: boolean } = {}): Promise<AppliedRule[]> {
  const key = `${workspaceId}:${conversationId}`;
  if (inFlight.has(key)) return [];
  inFlight.add(key);
  try {
    const rules = (await listRules(db, workspaceId)).filter((rule) => rule.enabled && (rule.trigger === 'both' || rule.trigger === trigger));
    if (rules.length === 0) return [];
    const now = options.now ?? new Date();
    const facts = await loadFacts(db, workspaceId, conversationId, [...new Set(rules.flatMap((rule) => segmentIdsOf(rule.conditions)))], now);
    if (!facts) return [];
    const applied: AppliedRule[] = [];
    for (const outcome of runRules(rules, facts, trigger)) {
      if (outcome.matched) applied.push(await applyRule(db, workspaceId, conversationId, outcome, trigger, now, options.refreshSla ?? true));
    }
    return applied;
  } finally {
    inFlight.delete(key);
  }
}

async function applyRule(db: Database, workspaceId: string, conversationId: string, outcome: RuleOutcome, trigger: RoutingTrigger, now: Date, refreshSlaAfter: boolean): Promise<AppliedRule> {
  const label = `Routing rule ${outcome.ruleName}`;
  const record = { ruleId: outcome.ruleId, ruleName: outcome.ruleName, actions: outcome.actions };
  const sideEffects = outcome.actions.some((action) => action.type === 'auto_reply' || action.type === 'notify');
  try {
    const result = await db.transaction(async (tx) => {
      const before = await inbox.lockConversation(tx, workspaceId, conversationId);
      if (!before) return null;
      const { row, effects } = await applyChange(tx, workspaceId, conversationId, patchOf(outcome.actions, now), { memberId: null, label }, now, before);
      // A rule that runs on every new message and finds everything already as it says is not re-recorded.
      if (trigger === 'updated' && row.version === before.version && !sideEffects) return { effects, recorded: false };
      for (const action of outcome.actions) {
        if (action.type !== 'notify') continue;
        const teamMembers: string[][] = [];
        for (const teamId of action.teamIds ?? []) teamMembers.push(await inbox.teamMemberIds(tx, workspaceId, teamId));
        for (const memberId of new Set([...action.memberIds, ...teamMembers.flat()])) {
          await notifyMember(tx, {
            workspaceId,
            memberId,
            kind: 'routing',
            title: action.message || `${label}: a conversation needs you`,
            body: row.lastMessagePreview ?? row.subject ?? '',
            link: `/inbox/${conversationId}`,
          });
        }
      }
      await inbox.insertConversationEvent(tx, { workspaceId, conversationId, type: 'routing.applied', actorLabel: label, data: record });
      // Given to an agent of the team in the same commit: agents are claimed one by one (autoAssign),
      // so this holds no team-wide lock.
      if (effects.autoAssignTeamId) await assignWithinTeamIn(tx, workspaceId, conversationId, effects.autoAssignTeamId, now);
      return { effects, recorded: true };
    });
    if (!result) return record;
    // Counted after the commit, in a statement of its own: every conversation a popular rule matches
    // updates this one row, and holding its lock for a whole transaction would queue the inbound path.
    if (result.recorded) await countApplied(db, workspaceId, outcome.ruleId);
    if (result.effects.slaChanged && refreshSlaAfter) await refreshSla(db, workspaceId, conversationId, now);
    if (result.recorded) {
      for (const action of outcome.actions) {
        if (action.type === 'auto_reply') await sendAutomaticMessage(db, workspaceId, conversationId, action.text, label, { now });
      }
    }
    return record;
  } catch (error) {
    // A rule that cannot apply (its team was deleted, its agent left) must not stop the message
    // from arriving: the failure is recorded on the conversation for whoever looks at it.
    const message = error instanceof Error ? error.message : String(error);
    await inbox.insertConversationEvent(db, { workspaceId, conversationId, type: 'routing.failed', actorLabel: label, data: { ...record, error: message } }).catch(() => undefined); // the conversation is gone
    return { ...record, error: message };
  }
}

/** What routing a batch of conversations does, planned in memory: the caller writes it (receiveMessages). */
export type RoutedBatch = {
  /** The conversations as routing left them (version bumped once per change) */
  rows: Map<string, inbox.ConversationRow>;
  events: inbox.NewConversationEvent[];
  notifications: Omit<NewNotification, 'workspaceId'>[];
  /** Times each rule was recorded as applied */
  applied: Map<string, number>;
  autoReplies: { conversationId: string; text: string; label: string }[];
  /** Team turns still to take (takeBatchTurns), in order, with what they need */
  turns: { conversationId: string; teamId: string }[];
  turnSetup: TurnSetup | null;
  lookups: ChangeLookups;
};

/**
 * routeConversation for a batch of conversations locked by the caller's transaction, in memory: the
 * enabled rules and the facts of every conversation are loaded once, each matching rule's change is
 * planned on the conversation as the rules before it left it (planChange), recorded as
 * 'routing.applied' (or 'routing.failed' when it cannot apply, which leaves the conversation as it
 * was). The team turns the rules give are left in the batch, with what they need read (prepareTurns),
 * for the caller to take together once everything else is written (takeBatchTurns): their locks last
 * to the commit. Nothing is written here; the caller writes the rows, events and notifications
 * set-based and counts the rules after its commit (countAppliedMany).
 */
export async function routeBatch(tx: Executor, workspaceId: string, locked: inbox.ConversationRow[], triggers: Map<string, RoutingTrigger>, now: Date, rules?: RoutingRuleRow[]): Promise<RoutedBatch> {
  const batch: RoutedBatch = { rows: new Map(locked.map((row) => [row.id, row])), events: [], notifications: [], applied: new Map(), autoReplies: [], turns: [], turnSetup: null, lookups: { teams: new Map(), members: new Map() } };
  const enabled = (rules ?? (await listRules(tx, workspaceId))).filter((rule) => rule.enabled);
  const rulesOf = (trigger: RoutingTrigger) => enabled.filter((rule) => rule.trigger === 'both' || rule.trigger === trigger);
  const routed = locked.filter((row) => !row.mergedIntoId && rulesOf(triggers.get(row.id) ?? 'updated').length > 0);
  if (routed.length === 0) return batch;
  const facts = await loadFactsMany(tx, workspaceId, routed, [...new Set(enabled.flatMap((rule) => segmentIdsOf(rule.conditions)))], now);
  const actions = enabled.flatMap((rule) => rule.actions);
  const lookups = await loadChangeLookups(
    tx,
    workspaceId,
    actions.flatMap((action) => (action.type === 'assign_team' ? [action.teamId] : [])),
    actions.flatMap((action) => (action.type === 'assign_agent' ? [action.memberId] : [])),
  );
  const teamMembers = new Map<string, string[]>();
  const turns = new Map<string, string>();

  const change = (conversationId: string, patch: ConversationPatch, actor: ChangeActor) => planOnto(batch.rows, conversationId, patch, actor, now, lookups);

  for (const row of routed) {
    const trigger = triggers.get(row.id) ?? 'updated';
    const known = facts.get(row.id);
    if (!known) continue;
    for (const outcome of runRules(rulesOf(trigger), known, trigger)) {
      if (!outcome.matched) continue;
      const label = `Routing rule ${outcome.ruleName}`;
      const record = { ruleId: outcome.ruleId, ruleName: outcome.ruleName, actions: outcome.actions };
      const sideEffects = outcome.actions.some((action) => action.type === 'auto_reply' || action.type === 'notify');
      let planned;
      try {
        planned = change(row.id, patchOf(outcome.actions, now), { memberId: null, label });
      } catch (error) {
        // As routeConversation: a rule that cannot apply is recorded and the others still run.
        batch.events.push({ workspaceId, conversationId: row.id, type: 'routing.failed', actorLabel: label, data: { ...record, error: error instanceof Error ? error.message : String(error) } });
        continue;
      }
      const { current, plan } = planned;
      // A rule that runs on every new message and finds everything already as it says is not re-recorded.
      if (trigger === 'updated' && Object.keys(plan.set).length === 0 && !sideEffects) continue;
      batch.events.push(...plan.events);
      if (plan.notifyAssignee) batch.notifications.push(assignedNotification(current, plan.notifyAssignee, { memberId: null, label }));
      for (const action of outcome.actions) {
        if (action.type === 'auto_reply') batch.autoReplies.push({ conversationId: row.id, text: action.text, label });
        if (action.type !== 'notify') continue;
        for (const teamId of action.teamIds ?? []) if (!teamMembers.has(teamId)) teamMembers.set(teamId, await inbox.teamMemberIds(tx, workspaceId, teamId));
        const after = batch.rows.get(row.id)!;
        for (const memberId of new Set([...action.memberIds, ...(action.teamIds ?? []).flatMap((teamId) => teamMembers.get(teamId) ?? [])])) {
          batch.notifications.push({ memberId, kind: 'routing', title: action.message || `${label}: a conversation needs you`, body: after.lastMessagePreview ?? after.subject ?? '', link: `/inbox/${row.id}` });
        }
      }
      batch.events.push({ workspaceId, conversationId: row.id, type: 'routing.applied', actorLabel: label, data: record });
      batch.applied.set(outcome.ruleId, (batch.applied.get(outcome.ruleId) ?? 0) + 1);
      if (plan.effects.autoAssignTeamId) turns.set(row.id, plan.effects.autoAssignTeamId);
    }
  }

  // The team turns of the batch, for conversations still in that team without an assignee: taken by
  // the caller (takeBatchTurns) after the writes that do not need them, since their locks last to the commit.
  for (const [conversationId, teamId] of turns) {
    const row = batch.rows.get(conversationId)!;
    if (row.teamId === teamId && !row.assigneeMemberId) batch.turns.push({ conversationId, teamId });
  }
  batch.turnSetup = await prepareTurns(tx, workspaceId, batch.turns.map((turn) => turn.teamId));
  batch.turns = batch.turns.filter((turn) => batch.turnSetup?.methods.has(turn.teamId));
  batch.lookups = lookups;
  return batch;
}

/**
 * The team turns a routed batch left for later (routeBatch), taken now on the rows as the caller holds
 * them (with their SLA): each pick is planned as the 'Team assignment' change and put in `rows`.
 * Returns the events and notifications of the assignments.
 */
export async function takeBatchTurns(tx: Executor, workspaceId: string, batch: RoutedBatch, rows: Map<string, inbox.ConversationRow>, now: Date) {
  const events: inbox.NewConversationEvent[] = [];
  const notifications: RoutedBatch['notifications'] = [];
  if (!batch.turnSetup || batch.turns.length === 0) return { events, notifications };
  const picks = await takeTurns(tx, workspaceId, batch.turnSetup, batch.turns, now);
  batch.turnSetup.names.forEach((name, id) => batch.lookups.members.set(id, name));
  const actor = { memberId: null, label: 'Team assignment' };
  for (const [conversationId, memberId] of picks) {
    const { current, plan } = planOnto(rows, conversationId, { assigneeMemberId: memberId }, actor, now, batch.lookups);
    events.push(...plan.events);
    if (plan.notifyAssignee) notifications.push(assignedNotification(current, plan.notifyAssignee, actor));
  }
  return { events, notifications };
}

/** A change planned on a conversation of `rows` as it now stands, which it replaces there (version bumped) when anything changes. */
function planOnto(rows: Map<string, inbox.ConversationRow>, conversationId: string, patch: ConversationPatch, actor: ChangeActor, now: Date, lookups: ChangeLookups) {
  const current = rows.get(conversationId)!;
  const plan = planChange(current, patch, actor, now, lookups);
  if (Object.keys(plan.set).length > 0) rows.set(conversationId, { ...current, ...plan.set, version: current.version + 1, updatedAt: now } as inbox.ConversationRow);
  return { current, plan };
}

/** Counts rule applications, one statement for a batch; after the commit, as countApplied. */
export async function countAppliedMany(db: Executor, workspaceId: string, applied: Map<string, number>): Promise<void> {
  if (applied.size === 0) return;
  const ids = [...applied.keys()].sort();
  await db.execute(sql`
    UPDATE routing_rules r SET applied_count = r.applied_count + v.n
      FROM unnest(${textArray(ids)}, ${sql.param(ids.map((id) => applied.get(id)!))}::int[]) AS v(id, n)
     WHERE r.id = v.id AND r.workspace_id = ${workspaceId}`);
}
