// The routing engine, pure: each kind of condition, any/all nesting, rule order, triggers, stop
// processing, the checks that explain a bad rule, and round-robin/capacity picks; fast-check makes
// sure random rules over random facts never crash the engine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutingAction, RoutingCondition, RoutingConditionGroup } from '../../../db/tables/inbox.js';
import { rankAgents } from './assignment.js';
import { checkConditions, evaluateConditions, foldText, runRules, segmentIdsOf, type RoutingRuleLike } from './engine.js';
import { routingFields, routingOperators, type RoutingFacts } from './facts.js';

const facts = (over: { conversation?: Partial<RoutingFacts['conversation']>; contact?: Partial<NonNullable<RoutingFacts['contact']>> | null } = {}): RoutingFacts => ({
  conversation: {
    channel: 'webchat',
    visibility: 'private',
    language: 'en',
    sentiment: -0.6,
    text: 'My order arrived broken, I want a REFUND',
    priority: 'normal',
    labels: ['billing'],
    businessHours: true,
    ...over.conversation,
  },
  contact:
    over.contact === null
      ? null
      : {
          vip: false,
          influenceScore: 12,
          followers: 12_000,
          communityMember: false,
          lifecycleStage: 'customer',
          openDeals: 2,
          segmentIds: ['seg_a'],
          tags: ['wholesale'],
          custom: { plan: 'Gold', seats: 40, renewal: '2026-01-01' },
          ...over.contact,
        },
});

const all = (...conditions: (RoutingCondition | RoutingConditionGroup)[]): RoutingConditionGroup => ({ match: 'all', conditions });
const any = (...conditions: (RoutingCondition | RoutingConditionGroup)[]): RoutingConditionGroup => ({ match: 'any', conditions });
const holds = (condition: RoutingCondition, f = facts()) => evaluateConditions(all(condition), f).matched;

describe('conditions over the conversation', () => {
  it('channel, visibility and language', () => {
    expect(holds({ field: 'conversation.channel', op: 'eq', value: 'webchat' })).toBe(true);
    expect(holds({ field: 'conversation.channel', op: 'in', value: ['x', 'instagram'] })).toBe(false);
    expect(holds({ field: 'conversation.channel', op: 'not_in', value: 'x,instagram' })).toBe(true);
    expect(holds({ field: 'conversation.visibility', op: 'eq', value: 'public' })).toBe(false);
    expect(holds({ field: 'conversation.language', op: 'in', value: ['fr', 'EN'] })).toBe(true);
    expect(holds({ field: 'conversation.language', op: 'is_empty' }, facts({ conversation: { language: null } }))).toBe(true);
  });

  it('sentiment as a score and as a label (±0.05 cut-offs)', () => {
    expect(holds({ field: 'conversation.sentiment', op: 'lt', value: -0.5 })).toBe(true);
    expect(holds({ field: 'conversation.sentiment', op: 'gte', value: '0' })).toBe(false);
    expect(holds({ field: 'conversation.sentiment_label', op: 'eq', value: 'negative' })).toBe(true);
    expect(holds({ field: 'conversation.sentiment_label', op: 'eq', value: 'neutral' }, facts({ conversation: { sentiment: 0.04 } }))).toBe(true);
    expect(holds({ field: 'conversation.sentiment', op: 'lt', value: 0 }, facts({ conversation: { sentiment: null } }))).toBe(false);
    expect(holds({ field: 'conversation.sentiment_label', op: 'neq', value: 'negative' }, facts({ conversation: { sentiment: null } }))).toBe(true);
  });

  it('keywords: any word or phrase, at the start of a word, case- and accent-insensitive', () => {
    expect(holds({ field: 'conversation.text', op: 'contains', value: ['refund'] })).toBe(true);
    expect(holds({ field: 'conversation.text', op: 'contains', value: 'cancel, arrived broken' })).toBe(true);
    expect(holds({ field: 'conversation.text', op: 'contains', value: ['fund'] })).toBe(false); // not inside "refund"
    expect(holds({ field: 'conversation.text', op: 'contains', value: ['remboursé'] }, facts({ conversation: { text: 'Je veux être REMBOURSE!' } }))).toBe(true);
    expect(holds({ field: 'conversation.text', op: 'contains', value: ['refunds'] })).toBe(false);
    expect(holds({ field: 'conversation.text', op: 'not_contains', value: ['lawyer', 'sue'] })).toBe(true);
    expect(foldText('  Ça   coûte—CHER! ')).toBe('ca coute cher');
  });

  it('priority (also in order), labels and business hours', () => {
    expect(holds({ field: 'conversation.priority', op: 'eq', value: 'normal' })).toBe(true);
    expect(holds({ field: 'conversation.priority', op: 'gte', value: 'high' })).toBe(false);
    expect(holds({ field: 'conversation.priority', op: 'gte', value: 'high' }, facts({ conversation: { priority: 'urgent' } }))).toBe(true);
    expect(holds({ field: 'conversation.labels', op: 'has', value: 'Billing' })).toBe(true);
    expect(holds({ field: 'conversation.labels', op: 'has_any', value: ['vip', 'press'] })).toBe(false);
    expect(holds({ field: 'conversation.labels', op: 'has_none', value: ['vip', 'press'] })).toBe(true);
    expect(holds({ field: 'conversation.labels', op: 'is_empty' })).toBe(false);
    expect(holds({ field: 'conversation.business_hours', op: 'eq', value: false })).toBe(false);
    expect(holds({ field: 'conversation.business_hours', op: 'eq', value: false }, facts({ conversation: { businessHours: false } }))).toBe(true);
  });
});

describe('conditions over the contact', () => {
  it('vip, influence, followers, community, lifecycle stage and open deals', () => {
    expect(holds({ field: 'contact.vip', op: 'eq', value: true })).toBe(false);
    expect(holds({ field: 'contact.influence_score', op: 'gte', value: 10 })).toBe(true);
    expect(holds({ field: 'contact.followers', op: 'gt', value: 10_000 })).toBe(true);
    expect(holds({ field: 'contact.followers', op: 'gt', value: 10_000 }, facts({ contact: { followers: 10_000 } }))).toBe(false);
    expect(holds({ field: 'contact.community_member', op: 'eq', value: true }, facts({ contact: { communityMember: true } }))).toBe(true);
    expect(holds({ field: 'contact.lifecycle_stage', op: 'in', value: ['customer', 'advocate'] })).toBe(true);
    expect(holds({ field: 'contact.open_deals', op: 'gte', value: 1 })).toBe(true);
    expect(holds({ field: 'contact.open_deals', op: 'eq', value: 0 })).toBe(false);
  });

  it('segments, tags and custom fields', () => {
    expect(holds({ field: 'contact.segment', op: 'in', value: ['seg_a'] })).toBe(true);
    expect(holds({ field: 'contact.segment', op: 'not_in', value: ['seg_a'] })).toBe(false);
    expect(holds({ field: 'contact.segment', op: 'in', value: 'seg_b' })).toBe(false);
    expect(holds({ field: 'contact.tags', op: 'has', value: 'wholesale' })).toBe(true);
    expect(holds({ field: 'contact.custom.plan', op: 'eq', value: 'gold' })).toBe(true);
    expect(holds({ field: 'contact.custom.plan', op: 'in', value: ['silver', 'bronze'] })).toBe(false);
    expect(holds({ field: 'contact.custom.seats', op: 'gte', value: 25 })).toBe(true);
    expect(holds({ field: 'contact.custom.seats', op: 'eq', value: 40 })).toBe(true);
    expect(holds({ field: 'contact.custom.missing', op: 'is_empty' })).toBe(true);
    expect(holds({ field: 'contact.custom.plan', op: 'gt', value: 3 })).toBe(false); // text is not a number
  });

  it('a conversation without a contact sees an empty contact', () => {
    const nobody = facts({ contact: null });
    expect(holds({ field: 'contact.followers', op: 'gt', value: 0 }, nobody)).toBe(false);
    expect(holds({ field: 'contact.vip', op: 'eq', value: false }, nobody)).toBe(true);
    expect(holds({ field: 'contact.segment', op: 'not_in', value: ['seg_a'] }, nobody)).toBe(true);
    expect(holds({ field: 'contact.custom.plan', op: 'is_empty' }, nobody)).toBe(true);
  });
});

describe('groups', () => {
  const bigOrCommunity = any({ field: 'contact.followers', op: 'gt', value: 10_000 }, { field: 'contact.community_member', op: 'eq', value: true });

  it('any holds when one holds, all when every one does, nested both ways, with a trace of each condition', () => {
    expect(evaluateConditions(bigOrCommunity, facts({ contact: { followers: 50 } })).matched).toBe(false);
    expect(evaluateConditions(bigOrCommunity, facts({ contact: { followers: 50, communityMember: true } })).matched).toBe(true);
    const nested = all(bigOrCommunity, { field: 'conversation.channel', op: 'eq', value: 'x' });
    expect(evaluateConditions(nested, facts()).matched).toBe(false);
    const result = evaluateConditions(nested, facts({ conversation: { channel: 'x' } }));
    expect(result.matched).toBe(true);
    expect(result.conditions.map((c) => [c.path, c.held])).toEqual([
      ['conditions.conditions[0].conditions[0]', true],
      ['conditions.conditions[0].conditions[1]', false],
      ['conditions.conditions[1]', true],
    ]);
    expect(result.conditions[0]).toMatchObject({ field: 'contact.followers', actual: 12_000 });
  });

  it('an empty group holds (a rule without conditions applies to every conversation)', () => {
    expect(evaluateConditions(all(), facts()).matched).toBe(true);
    expect(evaluateConditions(any(), facts()).matched).toBe(true);
  });

  it('collects the segments a tree names', () => {
    expect(segmentIdsOf(all({ field: 'contact.segment', op: 'in', value: ['s1', 's2'] }, any({ field: 'contact.segment', op: 'not_in', value: 's2,s3' })))).toEqual(['s1', 's2', 's3']);
  });
});

describe('running rules', () => {
  const rule = (id: string, position: number, conditions: RoutingConditionGroup, actions: RoutingAction[], extra: Partial<RoutingRuleLike> = {}): RoutingRuleLike => ({
    id, name: id, position, enabled: true, trigger: 'both', conditions, actions, stopProcessing: false, ...extra,
  });
  const priority = (p: 'high' | 'urgent'): RoutingAction => ({ type: 'set_priority', priority: p });
  const label = (l: string): RoutingAction => ({ type: 'add_labels', labels: [l] });

  it('runs in position order, and later rules see what earlier ones did', () => {
    const rules = [
      rule('second', 2, all({ field: 'conversation.priority', op: 'eq', value: 'high' }), [label('escalated')]),
      rule('first', 1, all({ field: 'contact.followers', op: 'gt', value: 10_000 }), [priority('high')]),
    ];
    const outcomes = runRules(rules, facts(), 'created');
    expect(outcomes.map((o) => [o.ruleId, o.matched])).toEqual([['first', true], ['second', true]]);
    expect(outcomes[1]!.actions).toEqual([label('escalated')]);
  });

  it("a rule after one that assigns a team reads that team's business hours", () => {
    const rules = [
      rule('to-team', 1, all(), [{ type: 'assign_team', teamId: 'team_night' }]),
      rule('closed', 2, all({ field: 'conversation.business_hours', op: 'eq', value: false }), [label('after-hours')]),
    ];
    expect(runRules(rules, { ...facts(), openByTeam: { team_night: false } }, 'created').map((o) => o.matched)).toEqual([true, true]);
    expect(runRules(rules, { ...facts(), openByTeam: { team_night: true } }, 'created').map((o) => o.matched)).toEqual([true, false]);
  });

  it('stops after a matching rule that stops processing, not after one that did not match', () => {
    const rules = [
      rule('a', 1, all({ field: 'conversation.channel', op: 'eq', value: 'x' }), [label('a')], { stopProcessing: true }),
      rule('b', 2, all(), [label('b')], { stopProcessing: true }),
      rule('c', 3, all(), [label('c')]),
    ];
    expect(runRules(rules, facts(), 'created').map((o) => [o.ruleId, o.matched])).toEqual([['a', false], ['b', true]]);
  });

  it('skips disabled rules and rules of the other trigger', () => {
    const rules = [
      rule('off', 1, all(), [label('off')], { enabled: false }),
      rule('new-only', 2, all(), [label('new')], { trigger: 'created' }),
      rule('changes-only', 3, all(), [label('changed')], { trigger: 'updated' }),
    ];
    expect(runRules(rules, facts(), 'created').map((o) => o.ruleId)).toEqual(['new-only']);
    expect(runRules(rules, facts(), 'updated').map((o) => o.ruleId)).toEqual(['changes-only']);
  });
});

describe('checking rules', () => {
  it('says what is wrong, where, and how to fix it', () => {
    const issues = checkConditions(
      all(
        { field: 'contact.folowers', op: 'gt', value: 10 },
        any({ field: 'contact.followers', op: 'contains', value: '10' }, { field: 'contact.followers', op: 'gt', value: 'many' }),
        { field: 'conversation.channel', op: 'eq', value: 'fax' },
        { field: 'contact.vip', op: 'eq', value: 'yes' },
        { field: 'conversation.text', op: 'contains', value: [] },
      ),
    );
    expect(issues).toEqual([
      { path: 'conditions.conditions[0].field', message: expect.stringContaining('unknown field "contact.folowers"') },
      { path: 'conditions.conditions[1].conditions[0].op', message: expect.stringContaining('use one of gt, gte') },
      { path: 'conditions.conditions[1].conditions[1].value', message: expect.stringContaining('needs a number') },
      { path: 'conditions.conditions[2].value', message: expect.stringContaining('"fax" is not a channel; use one of webchat') },
      { path: 'conditions.conditions[3].value', message: expect.stringContaining('true or false') },
      { path: 'conditions.conditions[4].value', message: expect.stringContaining('words or phrases') },
    ]);
    expect(checkConditions(all({ field: 'contact.custom.plan', op: 'eq', value: 'gold' }, { field: 'contact.followers', op: 'gt', value: 10_000 }))).toEqual([]);
  });
});

describe('assignment', () => {
  const agent = (memberId: string, over: Partial<Parameters<typeof rankAgents>[1][number]> = {}) => ({
    memberId, availability: 'online' as const, capacity: 5, openConversations: 0, lastAssignedAt: null as Date | null, ...over,
  });

  it('round-robin offers the available agents by longest since their last assignment (never assigned first)', () => {
    const agents = [agent('a', { lastAssignedAt: new Date(3000) }), agent('b', { lastAssignedAt: new Date(1000) }), agent('c', { lastAssignedAt: new Date(2000) })];
    expect(rankAgents('round_robin', agents)).toEqual(['b', 'c', 'a']);
    expect(rankAgents('round_robin', [...agents, agent('d')])).toEqual(['d', 'b', 'c', 'a']);
    expect(rankAgents('round_robin', agents.map((a) => (a.memberId === 'b' ? { ...a, availability: 'away' as const } : a)))).toEqual(['c', 'a']);
  });

  it('capacity offers the ones with the fewest open conversations below their limit; manual and nobody available offer nobody', () => {
    const agents = [agent('a', { openConversations: 2 }), agent('b', { openConversations: 5 }), agent('c', { openConversations: 3, capacity: 3 }), agent('d', { openConversations: 4 })];
    expect(rankAgents('capacity', agents)).toEqual(['a', 'd']);
    expect(rankAgents('capacity', [agents[1]!, agents[2]!])).toEqual([]);
    expect(rankAgents('manual', agents)).toEqual([]);
    expect(rankAgents('round_robin', [agent('x', { availability: 'offline' })])).toEqual([]);
  });
});

describe('properties', () => {
  const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.oneof(fc.string(), fc.integer())));
  const fieldName = fc.oneof(fc.constantFrom(...routingFields.map((f) => f.field)), fc.string().map((s) => `contact.custom.${s}`), fc.string());
  const leaf = fc.record({ field: fieldName, op: fc.oneof(fc.constantFrom(...routingOperators), fc.string()), value }, { requiredKeys: ['field', 'op'] });
  const { tree } = fc.letrec<{ tree: RoutingConditionGroup; node: RoutingCondition | RoutingConditionGroup }>((tie) => ({
    tree: fc.record({ match: fc.constantFrom('all' as const, 'any' as const), conditions: fc.array(tie('node'), { maxLength: 4 }) }),
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('tree')),
  }));
  const randomFacts = fc.record({
    conversation: fc.record({
      channel: fc.string(), visibility: fc.string(), language: fc.option(fc.string()), sentiment: fc.option(fc.double({ min: -1, max: 1, noNaN: true })),
      text: fc.string(), priority: fc.string(), labels: fc.array(fc.string()), businessHours: fc.boolean(),
    }),
    contact: fc.option(fc.record({
      vip: fc.boolean(), influenceScore: fc.double(), followers: fc.nat(), communityMember: fc.boolean(), lifecycleStage: fc.option(fc.string()),
      openDeals: fc.nat(), segmentIds: fc.array(fc.string()), tags: fc.array(fc.string()), custom: fc.dictionary(fc.string(), value),
    })),
  });

  it('never throws on random rules and facts, and traces every leaf', () => {
    fc.assert(
      fc.property(tree, randomFacts, (conditions, f) => {
        checkConditions(conditions);
        const result = evaluateConditions(conditions, f);
        expect(typeof result.matched).toBe('boolean');
        const leaves = (g: RoutingConditionGroup): number => g.conditions.reduce((n, c) => n + ('conditions' in c ? leaves(c) : 1), 0);
        expect(result.conditions).toHaveLength(leaves(conditions));
      }),
      { numRuns: 300 },
    );
  });

  it('a non-empty group that holds with all also holds with any', () => {
    fc.assert(
      fc.property(tree, randomFacts, (conditions, f) => {
        if (conditions.conditions.length === 0) return;
        const whenAll = evaluateConditions({ ...conditions, match: 'all' }, f).matched;
        const whenAny = evaluateConditions({ ...conditions, match: 'any' }, f).matched;
        if (whenAll) expect(whenAny).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
