// What routing rules can look at: the facts of one conversation and its contact, loaded once per run,
// and the catalog of condition fields (kind, operators, allowed values) the engine, the rule
// validation and the settings screen share.
import { channelTypes, conversationPriorities, conversationVisibilities, lifecycleStages, sentimentLabels } from '../../../shared/vocabulary.js';

export type RoutingFacts = {
  conversation: {
    channel: string;
    visibility: string;
    language: string | null;
    /** The latest inbound message's sentiment in [-1, 1] */
    sentiment: number | null;
    /** The subject and the latest inbound messages, which keyword conditions search */
    text: string;
    priority: string;
    labels: string[];
    /** Open now in the conversation team's calendar (around the clock when it has no team or no calendar) */
    businessHours: boolean;
  };
  /** Whether each team with a calendar is open now, so a rule after one that assigns a team reads that team's hours */
  openByTeam?: Record<string, boolean>;
  /** Null when the conversation has no contact: contact conditions then see an empty contact. */
  contact: {
    vip: boolean;
    influenceScore: number;
    followers: number;
    communityMember: boolean;
    lifecycleStage: string | null;
    openDeals: number;
    /** Ids of the segments (among those the rules name) the contact belongs to */
    segmentIds: string[];
    tags: string[];
    custom: Record<string, unknown>;
  } | null;
};

export const routingOperators = [
  'eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'contains', 'not_contains', 'has', 'has_any', 'has_none', 'is_empty', 'is_not_empty',
] as const;
export type RoutingOperator = (typeof routingOperators)[number];

export type FieldKind = 'enum' | 'text' | 'keywords' | 'number' | 'boolean' | 'list' | 'segment' | 'custom';

export type RoutingField = { field: string; label: string; kind: FieldKind; operators: RoutingOperator[]; values?: readonly string[] };

const enumOps: RoutingOperator[] = ['eq', 'neq', 'in', 'not_in'];
const numberOps: RoutingOperator[] = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'is_empty', 'is_not_empty'];
const listOps: RoutingOperator[] = ['has', 'has_any', 'has_none', 'is_empty', 'is_not_empty'];

/** Every field a condition may name, besides contact.custom.<key>. */
export const routingFields: RoutingField[] = [
  { field: 'conversation.channel', label: 'Channel', kind: 'enum', operators: enumOps, values: channelTypes },
  { field: 'conversation.visibility', label: 'Public or private', kind: 'enum', operators: ['eq', 'neq'], values: conversationVisibilities },
  { field: 'conversation.language', label: 'Language', kind: 'text', operators: [...enumOps, 'is_empty', 'is_not_empty'] },
  { field: 'conversation.sentiment', label: 'Sentiment score (−1 to 1)', kind: 'number', operators: numberOps },
  { field: 'conversation.sentiment_label', label: 'Sentiment', kind: 'enum', operators: enumOps, values: sentimentLabels },
  { field: 'conversation.text', label: 'Message text', kind: 'keywords', operators: ['contains', 'not_contains'] },
  { field: 'conversation.priority', label: 'Priority', kind: 'enum', operators: [...enumOps, 'gt', 'gte', 'lt', 'lte'], values: conversationPriorities },
  { field: 'conversation.labels', label: 'Labels', kind: 'list', operators: listOps },
  { field: 'conversation.business_hours', label: 'Within business hours', kind: 'boolean', operators: ['eq'] },
  { field: 'contact.vip', label: 'Contact is VIP', kind: 'boolean', operators: ['eq'] },
  { field: 'contact.influence_score', label: 'Influence score', kind: 'number', operators: numberOps },
  { field: 'contact.followers', label: 'Followers', kind: 'number', operators: numberOps },
  { field: 'contact.community_member', label: 'Community member', kind: 'boolean', operators: ['eq'] },
  { field: 'contact.lifecycle_stage', label: 'Lifecycle stage', kind: 'enum', operators: [...enumOps, 'is_empty', 'is_not_empty'], values: lifecycleStages },
  { field: 'contact.open_deals', label: 'Open deals', kind: 'number', operators: numberOps },
  { field: 'contact.segment', label: 'In segment', kind: 'segment', operators: ['in', 'not_in'] },
  { field: 'contact.tags', label: 'Contact tags', kind: 'list', operators: listOps },
];

export const customFieldOperators: RoutingOperator[] = ['eq', 'neq', 'in', 'not_in', 'contains', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'];
export const CUSTOM_FIELD = /^contact\.custom\.([a-zA-Z0-9_]{1,64})$/;

const byName = new Map(routingFields.map((field) => [field.field, field]));

/** The catalog entry of a field name, including contact.custom.<key>; undefined when unknown. */
export function fieldOf(name: string): RoutingField | undefined {
  const known = byName.get(name);
  if (known) return known;
  const custom = CUSTOM_FIELD.exec(name);
  return custom ? { field: name, label: `Custom field ${custom[1]}`, kind: 'custom', operators: customFieldOperators } : undefined;
}

/** Priorities in order, so rules can say "priority at least high". */
export const priorityRank = (priority: string) => conversationPriorities.indexOf(priority as (typeof conversationPriorities)[number]);
