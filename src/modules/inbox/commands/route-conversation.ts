// routeConversation: runs the workspace's routing rules on a conversation that was created or changed.
// The facts are loaded once; the enabled rules of this trigger run in order (engine.ts); each rule
// that matches applies its actions through changeConversation's applyChange (actor "Routing rule
// <name>") and is recorded on the conversation as 'routing.applied', in one transaction per rule.
import type { Database } from '../../../db/client.js';
import type { RoutingAction } from '../../../db/tables/inbox.js';
import { notifyMember } from '../../activities/commands/notify-member.js';
import * as inbox from '../repository.js';
import { runRules, segmentIdsOf, type RuleOutcome } from '../routing/engine.js';
import { countApplied, listRules, loadFacts } from '../routing/repository.js';
import { applyChange, assignWithinTeamIn, type ConversationPatch } from './change-conversation.js';
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
        const teamMembers = await Promise.all((action.teamIds ?? []).map((teamId) => inbox.teamMemberIds(tx, workspaceId, teamId)));
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
