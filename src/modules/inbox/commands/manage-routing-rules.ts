// Routing rules: create, change, delete and reorder them (checked before anything is stored: unknown
// fields, operators that do not apply, values of the wrong kind, teams, agents and segments that do
// not exist), and the "what would happen" preview, which runs the engine without changing anything.
import type { CommandContext } from '../../../server/context.js';
import type { Executor } from '../../../db/client.js';
import type { RoutingAction, RoutingConditionGroup } from '../../../db/tables/inbox.js';
import { newId } from '../../../lib/ids.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as inbox from '../repository.js';
import { checkConditions, evaluateConditions, segmentIdsOf, type ConditionTrace, type RuleIssue } from '../routing/engine.js';
import * as repo from '../routing/repository.js';
import type { RuleInput, RuleUpdate } from '../routing/schema.js';

const invalid = (issues: RuleIssue[]) =>
  new AppError(
    'routing_rule.invalid',
    400,
    issues.length === 1 ? `Rule ${issues[0]!.path}: ${issues[0]!.message}.` : `The rule has ${issues.length} problems; the first: ${issues[0]!.path}: ${issues[0]!.message}.`,
    { fields: issues.map((issue) => ({ in: 'body', path: issue.path, message: issue.message })) },
  );

/** Throws routing_rule.invalid with every problem of the conditions and actions, each with its path. */
export async function checkRule(db: Executor, workspaceId: string, rule: { conditions?: RoutingConditionGroup; actions?: RoutingAction[] }): Promise<void> {
  const issues: RuleIssue[] = rule.conditions ? checkConditions(rule.conditions) : [];
  if (rule.conditions && issues.length === 0) {
    for (const segmentId of segmentIdsOf(rule.conditions)) {
      if (!(await repo.segmentExists(db, workspaceId, segmentId))) issues.push({ path: 'conditions', message: `there is no segment ${segmentId}; pick one of Contacts → Segments` });
    }
  }
  const actions = rule.actions ?? [];
  const teamIds = new Set<string>();
  const memberIds = new Set<string>();
  for (const action of actions) {
    if (action.type === 'assign_team') teamIds.add(action.teamId);
    if (action.type === 'assign_agent') memberIds.add(action.memberId);
    if (action.type === 'notify') {
      action.memberIds.forEach((id) => memberIds.add(id));
      action.teamIds?.forEach((id) => teamIds.add(id));
      if (action.memberIds.length === 0 && !action.teamIds?.length) issues.push({ path: `actions[${actions.indexOf(action)}]`, message: 'notify needs at least one member or team' });
    }
  }
  const articleIds = actions.flatMap((action) => (action.type === 'suggest_articles' ? action.articleIds : []));
  const articles = new Set(await repo.existingArticleIds(db, workspaceId, articleIds));
  const teams = new Set((await inbox.findTeams(db, workspaceId, [...teamIds])).map((team) => team.id));
  const members = new Set((await inbox.findMembers(db, workspaceId, [...memberIds])).map((member) => member.id));
  actions.forEach((action, index) => {
    const missingTeams = [...(action.type === 'assign_team' ? [action.teamId] : action.type === 'notify' ? (action.teamIds ?? []) : [])].filter((id) => !teams.has(id));
    const missingMembers = [...(action.type === 'assign_agent' ? [action.memberId] : action.type === 'notify' ? action.memberIds : [])].filter((id) => !members.has(id));
    if (missingTeams.length) issues.push({ path: `actions[${index}]`, message: `no team ${missingTeams.join(', ')} in this workspace; pick one of Settings → Teams` });
    if (missingMembers.length) issues.push({ path: `actions[${index}]`, message: `no member ${missingMembers.join(', ')} in this workspace` });
    const missingArticles = action.type === 'suggest_articles' ? action.articleIds.filter((id) => !articles.has(id)) : [];
    if (missingArticles.length) issues.push({ path: `actions[${index}]`, message: `no knowledge article ${missingArticles.join(', ')}; pick one of Settings → Knowledge` });
  });
  const kinds = actions.map((action) => action.type);
  if (kinds.filter((kind) => kind === 'assign_team').length > 1 || kinds.filter((kind) => kind === 'assign_agent').length > 1 || kinds.filter((kind) => kind === 'set_priority').length > 1) {
    issues.push({ path: 'actions', message: 'a rule assigns one team, one agent and one priority at most; remove the repeated action' });
  }
  if (issues.length > 0) throw invalid(issues);
}

const snapshot = (rule: repo.RoutingRuleRow) => ({ name: rule.name, enabled: rule.enabled, trigger: rule.trigger, conditions: rule.conditions, actions: rule.actions, stopProcessing: rule.stopProcessing, position: rule.position });

export async function createRoutingRule(ctx: CommandContext, input: RuleInput): Promise<repo.RoutingRuleRow> {
  const workspaceId = ctx.workspace.workspaceId;
  await checkRule(ctx.db, workspaceId, input);
  return ctx.db.transaction(async (tx) => {
    await repo.lockRuleOrder(tx, workspaceId);
    const rule = await repo.insertRule(tx, {
      id: newId('rule'),
      workspaceId,
      name: input.name,
      position: await repo.nextPosition(tx, workspaceId),
      enabled: input.enabled,
      trigger: input.trigger,
      conditions: input.conditions,
      actions: input.actions,
      stopProcessing: input.stopProcessing,
      createdByMemberId: ctx.workspace.memberId,
    });
    await recordAuditEvent(tx, ctx, { action: 'routing_rule.created', entityType: 'routing_rule', entityId: rule.id, after: snapshot(rule) });
    await emitEvent(tx, workspaceId, 'routing_rule.created', { id: rule.id });
    return rule;
  });
}

export async function updateRoutingRule(ctx: CommandContext, ruleId: string, patch: RuleUpdate): Promise<repo.RoutingRuleRow> {
  const workspaceId = ctx.workspace.workspaceId;
  await checkRule(ctx.db, workspaceId, patch);
  return ctx.db.transaction(async (tx) => {
    const before = await repo.findRule(tx, workspaceId, ruleId);
    if (!before) throw notFound('routing_rule', ruleId);
    const after = (await repo.updateRule(tx, workspaceId, ruleId, patch))!;
    await recordAuditEvent(tx, ctx, { action: 'routing_rule.updated', entityType: 'routing_rule', entityId: ruleId, before: snapshot(before), after: snapshot(after) });
    await emitEvent(tx, workspaceId, 'routing_rule.updated', { id: ruleId });
    return after;
  });
}

export async function deleteRoutingRule(ctx: CommandContext, ruleId: string): Promise<void> {
  const workspaceId = ctx.workspace.workspaceId;
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findRule(tx, workspaceId, ruleId);
    if (!before || !(await repo.deleteRule(tx, workspaceId, ruleId))) throw notFound('routing_rule', ruleId);
    await recordAuditEvent(tx, ctx, { action: 'routing_rule.deleted', entityType: 'routing_rule', entityId: ruleId, before: snapshot(before) });
    await emitEvent(tx, workspaceId, 'routing_rule.deleted', { id: ruleId });
  });
}

/** Puts the rules in the given order; the list must name every rule of the workspace once. */
export async function reorderRoutingRules(ctx: CommandContext, ids: string[]): Promise<repo.RoutingRuleRow[]> {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    await repo.lockRuleOrder(tx, workspaceId);
    const current = (await repo.listRules(tx, workspaceId)).map((rule) => rule.id);
    const given = new Set(ids);
    if (given.size !== ids.length || given.size !== current.length || current.some((id) => !given.has(id))) {
      throw new AppError('routing_rule.order', 400, 'Send every rule id of the workspace exactly once, in the new order.', {
        fields: [{ in: 'body', path: 'ids', message: `expected the ${current.length} rule ids, each once` }],
        missing: current.filter((id) => !given.has(id)),
        unknown: ids.filter((id) => !current.includes(id)),
      });
    }
    await repo.setPositions(tx, workspaceId, ids);
    await recordAuditEvent(tx, ctx, { action: 'routing_rule.reordered', entityType: 'routing_rule', entityId: workspaceId, after: { ids } });
    await emitEvent(tx, workspaceId, 'routing_rule.reordered', {});
    return repo.listRules(tx, workspaceId);
  });
}

export type PreviewRow = {
  conversationId: string;
  subject: string | null;
  preview: string | null;
  contactName: string | null;
  channel: string;
  lastMessageAt: Date;
  matched: boolean;
  conditions: ConditionTrace[];
  actions: RoutingAction[];
};

/**
 * What a rule (saved, or as being edited) would do on one conversation or the most recent ones:
 * whether it matches, which conditions held, which actions would apply. Reads only.
 */
export async function previewRoutingRule(
  db: Executor,
  workspaceId: string,
  input: { rule?: Pick<RuleInput, 'conditions' | 'actions'>; ruleId?: string; conversationId?: string; sample: number },
  now: Date = new Date(),
): Promise<PreviewRow[]> {
  let rule: { conditions: RoutingConditionGroup; actions: RoutingAction[] };
  if (input.ruleId) {
    const saved = await repo.findRule(db, workspaceId, input.ruleId);
    if (!saved) throw notFound('routing_rule', input.ruleId);
    rule = saved;
  } else {
    rule = input.rule!;
    await checkRule(db, workspaceId, rule);
  }
  const conversations = await repo.recentConversations(db, workspaceId, input.conversationId ? 1 : input.sample, input.conversationId);
  if (input.conversationId && conversations.length === 0) throw notFound('conversation', input.conversationId);
  const segmentIds = segmentIdsOf(rule.conditions);
  const rows: PreviewRow[] = [];
  for (const conversation of conversations) {
    const facts = await repo.loadFacts(db, workspaceId, conversation.id, segmentIds, now);
    if (!facts) continue;
    const { matched, conditions } = evaluateConditions(rule.conditions, facts);
    rows.push({
      conversationId: conversation.id,
      subject: conversation.subject,
      preview: conversation.lastMessagePreview,
      contactName: conversation.contactName,
      channel: conversation.channelType,
      lastMessageAt: conversation.lastMessageAt,
      matched,
      conditions,
      actions: matched ? rule.actions : [],
    });
  }
  return rows;
}
