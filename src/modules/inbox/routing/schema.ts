// Request and response schemas of routing rules, their preview, agent statuses and team assignment
// settings, and the presenters that shape rows into them.
import { z } from 'zod';
import type { RoutingAction, RoutingCondition, RoutingConditionGroup } from '../../../db/tables/inbox.js';
import { agentAvailabilities, assignmentMethods, conversationPriorities } from '../../../shared/vocabulary.js';
import { routingFields, routingOperators } from './facts.js';

const id = z.string().min(1).max(100);
const timestamp = z.iso.datetime();

const conditionSchema: z.ZodType<RoutingCondition> = z.object({
  field: z.string().min(1).max(120).describe('conversation.* or contact.* (GET /routing-rules/fields), or contact.custom.<key>'),
  op: z.enum(routingOperators),
  value: z.unknown().optional(),
});

export const conditionGroupSchema: z.ZodType<RoutingConditionGroup> = z
  .lazy(() => z.object({ match: z.enum(['all', 'any']), conditions: z.array(z.union([conditionGroupSchema, conditionSchema])).max(50) }))
  .meta({ id: 'RoutingConditions', description: 'A tree of conditions: all or any of them must hold; an empty group always holds' });

const labels = z.array(z.string().trim().min(1).max(60)).min(1).max(20);

export const actionSchema: z.ZodType<RoutingAction> = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('assign_team'), teamId: id }),
    z.object({ type: z.literal('assign_agent'), memberId: id }),
    z.object({ type: z.literal('set_priority'), priority: z.enum(conversationPriorities) }),
    z.object({ type: z.literal('add_labels'), labels }),
    z.object({ type: z.literal('auto_reply'), text: z.string().trim().min(1).max(2000) }),
    z.object({ type: z.literal('snooze'), minutes: z.number().int().min(1).max(60 * 24 * 30) }),
    z.object({ type: z.literal('suggest_articles'), articleIds: z.array(id).min(1).max(10) }),
    z.object({ type: z.literal('notify'), memberIds: z.array(id).max(50), teamIds: z.array(id).max(20).optional(), message: z.string().max(300).optional() }),
  ])
  .meta({ id: 'RoutingAction' });

export const routingTriggers = ['created', 'updated', 'both'] as const;

export const ruleInputSchema = z.object({
  name: z.string().trim().min(1, 'give the rule a name, e.g. "VIPs to Social Care"').max(120),
  enabled: z.boolean().default(true),
  trigger: z.enum(routingTriggers).default('created').describe('created: new conversations; updated: a new message or change; both'),
  conditions: conditionGroupSchema,
  actions: z.array(actionSchema).min(1, 'add at least one action: what happens to the conversations the rule matches').max(20),
  stopProcessing: z.boolean().default(false).describe('Later rules do not run once this one applied'),
});
export type RuleInput = z.infer<typeof ruleInputSchema>;

export const ruleUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean(),
    trigger: z.enum(routingTriggers),
    conditions: conditionGroupSchema,
    actions: z.array(actionSchema).min(1).max(20),
    stopProcessing: z.boolean(),
  })
  .partial();
export type RuleUpdate = z.infer<typeof ruleUpdateSchema>;

export const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    enabled: z.boolean(),
    trigger: z.enum(routingTriggers),
    conditions: conditionGroupSchema,
    actions: z.array(actionSchema),
    stopProcessing: z.boolean(),
    appliedCount: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'RoutingRule' });

type RuleRow = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  trigger: 'created' | 'updated' | 'both';
  conditions: RoutingConditionGroup;
  actions: RoutingAction[];
  stopProcessing: boolean;
  appliedCount: number;
  createdAt: Date;
  updatedAt: Date;
};

export const presentRule = (row: RuleRow): z.infer<typeof ruleSchema> => ({
  id: row.id,
  name: row.name,
  position: row.position,
  enabled: row.enabled,
  trigger: row.trigger,
  conditions: row.conditions,
  actions: row.actions,
  stopProcessing: row.stopProcessing,
  appliedCount: row.appliedCount,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const reorderSchema = z.object({ ids: z.array(id).min(1).max(500).describe('Every rule id, in the new order') });

export const fieldSchema = z
  .object({ field: z.string(), label: z.string(), kind: z.string(), operators: z.array(z.enum(routingOperators)), values: z.array(z.string()).optional() })
  .meta({ id: 'RoutingField' });
export const fieldCatalog = () => routingFields.map((field) => ({ ...field, values: field.values ? [...field.values] : undefined }));

export const previewSchema = z
  .object({
    rule: ruleInputSchema
      .extend({ name: z.string().max(120).default('Preview'), actions: z.array(actionSchema).max(20).default([]) })
      .optional()
      .describe('An unsaved rule to try (name and actions may still be missing)'),
    ruleId: id.optional().describe('Or a saved rule'),
    conversationId: id.optional().describe('One conversation; without it, the most recent ones'),
    sample: z.number().int().min(1).max(100).default(20).describe('How many recent conversations to try it on'),
  })
  .refine((body) => Boolean(body.rule) !== Boolean(body.ruleId), { message: 'send either rule or ruleId', path: ['rule'] });

const traceSchema = z.object({ path: z.string(), field: z.string(), op: z.string(), value: z.unknown(), actual: z.unknown(), held: z.boolean() });

export const previewResultSchema = z
  .object({
    conversationId: z.string(),
    subject: z.string().nullable(),
    preview: z.string().nullable(),
    contactName: z.string().nullable(),
    channel: z.string(),
    lastMessageAt: timestamp,
    matched: z.boolean(),
    conditions: z.array(traceSchema),
    actions: z.array(actionSchema).describe('What would apply (empty when it does not match)'),
  })
  .meta({ id: 'RoutingPreview' });

// --- assignment ---

export const agentStatusSchema = z
  .object({
    memberId: z.string(),
    availability: z.enum(agentAvailabilities),
    capacity: z.number().int(),
    openConversations: z.number().int(),
    lastAssignedAt: timestamp.nullable(),
  })
  .meta({ id: 'AgentStatus' });

export const agentStatusQuery = z.object({ memberId: id.optional().describe('Another member (managers); default yourself') });
export const agentStatusUpdateSchema = z.object({
  memberId: id.optional().describe("Another member's status (needs inbox.manage)"),
  availability: z.enum(agentAvailabilities).optional(),
  capacity: z.number().int().min(0).max(500).optional(),
});

export const teamAssignmentSchema = z.object({
  assignmentMethod: z.enum(assignmentMethods).optional().describe('manual: nobody is picked; round_robin: the available agent assigned longest ago; capacity: the one with most room'),
  managerMemberId: id.nullable().optional().describe('Who hears about breaches'),
});

export const teamInboxSettingsSchema = z
  .object({ teamId: z.string(), assignmentMethod: z.enum(assignmentMethods), managerMemberId: z.string().nullable(), agents: z.array(agentStatusSchema) })
  .meta({ id: 'TeamAssignment' });
