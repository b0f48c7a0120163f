// The routing rule engine, pure: checks a rule's conditions (what, where, how to fix), evaluates a
// condition tree over a conversation's facts with a trace of what held, and runs an ordered list of
// rules (trigger, stop processing), so routeConversation and the preview decide alike.
import type { RoutingAction, RoutingCondition, RoutingConditionGroup } from '../../../db/tables/inbox.js';
import { fieldOf, priorityRank, type RoutingFacts, type RoutingField, type RoutingOperator } from './facts.js';

export type RuleIssue = { path: string; message: string };

export type ConditionTrace = { path: string; field: string; op: string; value: unknown; actual: unknown; held: boolean };

export type RoutingRuleLike = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  trigger: 'created' | 'updated' | 'both';
  conditions: RoutingConditionGroup;
  actions: RoutingAction[];
  stopProcessing: boolean;
};

export type RuleOutcome = { ruleId: string; ruleName: string; matched: boolean; conditions: ConditionTrace[]; actions: RoutingAction[] };

const isGroup = (node: RoutingCondition | RoutingConditionGroup): node is RoutingConditionGroup =>
  typeof node === 'object' && node !== null && 'conditions' in node && Array.isArray((node as RoutingConditionGroup).conditions);

/** NFKD, marks removed, lower case, anything not a letter or digit a single space: "Remboursé!" → "rembourse". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Values of a list operator: an array, or a comma-separated string. */
export function listValue(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : typeof value === 'number' ? [value] : [];
  return items.filter((item) => typeof item === 'string' || typeof item === 'number').map((item) => String(item).trim()).filter((item) => item !== '');
}

const numberValue = (value: unknown): number | null => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : null;
};

// --- validation ---

const NO_VALUE: RoutingOperator[] = ['is_empty', 'is_not_empty'];
const LIST_OPS: RoutingOperator[] = ['in', 'not_in', 'has_any', 'has_none'];
const NUMBER_OPS: RoutingOperator[] = ['gt', 'gte', 'lt', 'lte'];

function checkValue(field: RoutingField, op: RoutingOperator, value: unknown, path: string, issues: RuleIssue[]): void {
  const fail = (message: string) => issues.push({ path: `${path}.value`, message });
  if (NO_VALUE.includes(op)) return;
  if (field.kind === 'boolean') {
    if (typeof value !== 'boolean') fail(`${field.field} needs true or false`);
    return;
  }
  if (field.kind === 'number' || (field.kind === 'custom' && NUMBER_OPS.includes(op))) {
    if (numberValue(value) === null) fail(`${field.field} ${op} needs a number, e.g. 10000`);
    return;
  }
  if (field.kind === 'keywords') {
    if (listValue(value).map(foldText).filter(Boolean).length === 0) fail('needs one or more words or phrases, e.g. ["refund", "money back"]');
    return;
  }
  const values = LIST_OPS.includes(op) || field.kind === 'segment' ? listValue(value) : typeof value === 'string' || typeof value === 'number' ? [String(value).trim()] : [];
  if (values.length === 0 || values.some((item) => item === '')) {
    fail(LIST_OPS.includes(op) || field.kind === 'segment' ? `${field.field} ${op} needs a list of values` : `${field.field} ${op} needs a text value`);
    return;
  }
  if (field.values) {
    const unknown = values.filter((item) => !field.values!.includes(item));
    if (unknown.length > 0) fail(`${unknown.map((item) => `"${item}"`).join(', ')} is not a ${field.label.toLowerCase()}; use one of ${field.values.join(', ')}`);
  }
}

/** Every problem of a condition tree, each with where it is and how to fix it; empty when the tree is fine. */
export function checkConditions(group: RoutingConditionGroup, path = 'conditions', depth = 0, issues: RuleIssue[] = []): RuleIssue[] {
  if (depth > 5) {
    issues.push({ path, message: 'groups nest at most 5 deep; flatten the rule' });
    return issues;
  }
  group.conditions.forEach((node, index) => {
    const at = `${path}.conditions[${index}]`;
    if (isGroup(node)) {
      checkConditions(node, at, depth + 1, issues);
      return;
    }
    const field = fieldOf(node.field);
    if (!field) {
      issues.push({ path: `${at}.field`, message: `unknown field "${node.field}"; use a conversation.* or contact.* field (GET /routing-rules/fields lists them) or contact.custom.<key>` });
      return;
    }
    if (!field.operators.includes(node.op as RoutingOperator)) {
      issues.push({ path: `${at}.op`, message: `"${node.op}" does not apply to ${node.field}; use one of ${field.operators.join(', ')}` });
      return;
    }
    checkValue(field, node.op as RoutingOperator, node.value, at, issues);
  });
  return issues;
}

/** Segment ids a condition tree names (their membership is loaded with the facts). */
export function segmentIdsOf(group: RoutingConditionGroup): string[] {
  const ids = new Set<string>();
  const walk = (node: RoutingCondition | RoutingConditionGroup) => {
    if (isGroup(node)) node.conditions.forEach(walk);
    else if (node.field === 'contact.segment') listValue(node.value).forEach((id) => ids.add(id));
  };
  walk(group);
  return [...ids];
}

// --- evaluation ---

function actualOf(field: string, facts: RoutingFacts): unknown {
  const c = facts.conversation;
  const p = facts.contact;
  switch (field) {
    case 'conversation.channel':
      return c.channel;
    case 'conversation.visibility':
      return c.visibility;
    case 'conversation.language':
      return c.language;
    case 'conversation.sentiment':
      return c.sentiment;
    case 'conversation.sentiment_label':
      return c.sentiment === null ? null : c.sentiment <= -0.05 ? 'negative' : c.sentiment >= 0.05 ? 'positive' : 'neutral';
    case 'conversation.text':
      return c.text;
    case 'conversation.priority':
      return c.priority;
    case 'conversation.labels':
      return c.labels;
    case 'conversation.business_hours':
      return c.businessHours;
    case 'contact.vip':
      return p?.vip ?? false;
    case 'contact.influence_score':
      return p?.influenceScore ?? 0;
    case 'contact.followers':
      return p?.followers ?? 0;
    case 'contact.community_member':
      return p?.communityMember ?? false;
    case 'contact.lifecycle_stage':
      return p?.lifecycleStage ?? null;
    case 'contact.open_deals':
      return p?.openDeals ?? 0;
    case 'contact.segment':
      return p?.segmentIds ?? [];
    case 'contact.tags':
      return p?.tags ?? [];
  }
  const custom = /^contact\.custom\.(.+)$/.exec(field);
  return custom ? (p?.custom[custom[1]!] ?? null) : undefined;
}

const isEmpty = (actual: unknown) => actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0);
const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();

function compare(field: string, actual: unknown, op: RoutingOperator, value: unknown): boolean {
  if (op === 'is_empty') return isEmpty(actual);
  if (op === 'is_not_empty') return !isEmpty(actual);
  if (field === 'conversation.priority' && NUMBER_OPS.includes(op)) {
    const a = priorityRank(String(actual));
    const b = priorityRank(String(value));
    return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
  }
  if (NUMBER_OPS.includes(op)) {
    const a = numberValue(actual);
    const b = numberValue(value);
    if (a === null || b === null) return false;
    return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
  }
  if (field === 'conversation.text') {
    // A word or phrase matches at the start of a word: "refund" finds "Refunds" and "REMBOURSÉ" finds "rembourse".
    const text = ` ${foldText(String(actual ?? ''))}`;
    const found = listValue(value).map(foldText).some((phrase) => phrase !== '' && text.includes(` ${phrase}`));
    return op === 'contains' ? found : !found;
  }
  if (Array.isArray(actual)) {
    const items = actual.map((item) => String(item).toLowerCase());
    const wanted = (op === 'has' ? [String(value)] : listValue(value)).map((item) => item.toLowerCase());
    const any = wanted.some((item) => items.includes(item));
    return op === 'has_none' || op === 'not_in' ? !any : any;
  }
  switch (op) {
    case 'eq':
      if (typeof value === 'boolean') return actual === value;
      if (typeof actual === 'number') return actual === numberValue(value);
      return actual !== null && actual !== undefined && same(actual, value);
    case 'neq':
      if (typeof value === 'boolean') return actual !== value;
      if (typeof actual === 'number') return actual !== numberValue(value);
      return actual === null || actual === undefined || !same(actual, value);
    case 'in':
      return actual !== null && actual !== undefined && listValue(value).some((item) => same(actual, item));
    case 'not_in':
      return actual === null || actual === undefined || !listValue(value).some((item) => same(actual, item));
    case 'contains':
      return actual !== null && actual !== undefined && foldText(String(actual)).includes(foldText(String(value)));
    default:
      return false;
  }
}

/** Whether a condition tree holds for these facts, and the trace of each condition (for previews and the record). An empty group holds. */
export function evaluateConditions(group: RoutingConditionGroup, facts: RoutingFacts, path = 'conditions', trace: ConditionTrace[] = []): { matched: boolean; conditions: ConditionTrace[] } {
  const results = group.conditions.map((node, index) => {
    const at = `${path}.conditions[${index}]`;
    if (isGroup(node)) return evaluateConditions(node, facts, at, trace).matched;
    const actual = actualOf(node.field, facts);
    const held = actual !== undefined && compare(node.field, actual, node.op as RoutingOperator, node.value);
    trace.push({ path: at, field: node.field, op: node.op, value: node.value ?? null, actual: actual ?? null, held });
    return held;
  });
  const matched = results.length === 0 || (group.match === 'any' ? results.some(Boolean) : results.every(Boolean));
  return { matched, conditions: trace };
}

/** Later rules see what earlier ones did (a priority set, labels added), as the conversation will be. */
export function applyToFacts(facts: RoutingFacts, actions: RoutingAction[]): RoutingFacts {
  let conversation = facts.conversation;
  for (const action of actions) {
    if (action.type === 'assign_team') conversation = { ...conversation, businessHours: facts.openByTeam?.[action.teamId] ?? true };
    if (action.type === 'set_priority') conversation = { ...conversation, priority: action.priority };
    if (action.type === 'add_labels') conversation = { ...conversation, labels: [...new Set([...conversation.labels, ...action.labels.map((label) => label.toLowerCase())])] };
  }
  return { ...facts, conversation };
}

/**
 * Runs the rules in position order: disabled rules and rules of another trigger are skipped; a
 * matched rule's actions apply, and one that stops processing ends the run. Returns every rule
 * looked at (matched or not), in order.
 */
export function runRules(rules: RoutingRuleLike[], facts: RoutingFacts, trigger: 'created' | 'updated'): RuleOutcome[] {
  const outcomes: RuleOutcome[] = [];
  let current = facts;
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
  for (const rule of ordered) {
    if (!rule.enabled || (rule.trigger !== 'both' && rule.trigger !== trigger)) continue;
    const { matched, conditions } = evaluateConditions(rule.conditions, current);
    outcomes.push({ ruleId: rule.id, ruleName: rule.name, matched, conditions, actions: matched ? rule.actions : [] });
    if (!matched) continue;
    current = applyToFacts(current, rule.actions);
    if (rule.stopProcessing) break;
  }
  return outcomes;
}
