// Request and response schemas of pipelines, stages, deals, the board and the conversion report, and
// the presenters that shape rows into them.
import { z } from 'zod';
import { acquisitionSources, dealStatuses, stageKinds } from '../../db/schema.js';
import type { DealRow, PipelineRow, StageRow } from './repository.js';

const timestamp = z.iso.datetime();
const name = z.string().trim().min(1, 'must not be empty').max(120);
const id = z.string().min(1).max(100);

/** ISO 4217 codes the runtime knows (about 160); the list moves slowly, and ICU follows it. */
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export const moneySchema = z
  .object({
    amount: z
      .string()
      .regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be a decimal string with at most two decimals, such as "12.50"')
      .describe('Decimal string, at most 12 digits before the point and 2 after'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"')
      .refine((code) => knownCurrencies.has(code), 'is not an ISO 4217 currency code'),
  })
  .meta({ id: 'Money' });
export type Money = z.infer<typeof moneySchema>;

export const sourceSchema = z.enum(acquisitionSources);
export const dealStatusSchema = z.enum(dealStatuses);
export const stageKindSchema = z.enum(stageKinds);
const probability = z.number().int().min(0).max(100);
const dateOnly = z.iso.date();

// --- pipelines and stages ---

export const stageSchema = z
  .object({
    id: z.string(),
    pipelineId: z.string(),
    name: z.string(),
    kind: stageKindSchema,
    position: z.number().int(),
    probability: z.number().int(),
  })
  .meta({ id: 'PipelineStage' });
export const pipelineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    isDefault: z.boolean(),
    stages: z.array(stageSchema),
    createdAt: timestamp,
  })
  .meta({ id: 'Pipeline' });

export const stageInputSchema = z.object({
  name,
  kind: stageKindSchema.default('open'),
  probability: probability.optional().describe('Defaults to 100 for won, 0 for lost and 10 for open stages'),
});
export const pipelineCreateSchema = z.object({
  name,
  stages: z
    .array(stageInputSchema)
    .min(1)
    .max(30)
    .optional()
    .describe('In board order. Without a won or a lost stage, "Won" and "Lost" are added at the end; at most one of each.'),
});
export const pipelineUpdateSchema = z.object({
  name: name.optional(),
  position: z.number().int().min(0).max(1000).optional(),
  isDefault: z.literal(true).optional().describe('Make this the default pipeline for new deals'),
});
export const pipelineDeleteQuery = z.object({
  moveTo: id.optional().describe('Pipeline that receives the deals of the deleted one (open deals go to its first open stage, closed ones to its won or lost stage)'),
});
export const stageCreateSchema = z.object({
  name,
  probability: probability.optional(),
  position: z.number().int().min(0).optional().describe('Index among the open stages; at the end of them when omitted'),
});
export const stageUpdateSchema = z.object({
  name: name.optional(),
  probability: probability.optional(),
  position: z.number().int().min(0).optional().describe('New index among the open stages (won and lost stay last)'),
});

// --- deals ---

const refSchema = z.object({ id: z.string(), name: z.string() });
export const dealSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    pipelineId: z.string(),
    stageId: z.string(),
    status: dealStatusSchema,
    amount: moneySchema.nullable(),
    expectedCloseDate: dateOnly.nullable(),
    contact: refSchema.nullable(),
    company: refSchema.nullable(),
    owner: z.object({ memberId: z.string(), name: z.string() }).nullable(),
    source: sourceSchema,
    sourceChannel: z.string().nullable(),
    sourceRef: z.string().nullable(),
    lostReason: z.string().nullable(),
    closedAt: timestamp.nullable(),
    position: z.number(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Deal' });

const optionalText = (max: number) => z.string().trim().max(max).nullish();
export const dealCreateSchema = z.object({
  title: name.max(200),
  pipelineId: id.optional().describe('The default pipeline when omitted'),
  stageId: id.optional().describe('The first open stage of the pipeline when omitted'),
  contactId: id.nullish(),
  companyId: id.nullish(),
  amount: moneySchema.nullish(),
  expectedCloseDate: dateOnly.nullish(),
  ownerMemberId: id.nullish().describe('A member of the workspace'),
  source: sourceSchema.default('manual'),
  sourceChannel: optionalText(100),
  sourceRef: optionalText(500).describe('What brought the deal in: a mention, conversation or thread id, a campaign name…'),
  lostReason: optionalText(500).describe('Required when stageId is a lost stage'),
});
export const dealUpdateSchema = z.object({
  title: name.max(200).optional(),
  contactId: id.nullish(),
  companyId: id.nullish(),
  amount: moneySchema.nullish(),
  expectedCloseDate: dateOnly.nullish(),
  ownerMemberId: id.nullish(),
  source: sourceSchema.optional(),
  sourceChannel: optionalText(100),
  sourceRef: optionalText(500),
  lostReason: optionalText(500).describe('Only for a lost deal'),
});
export const dealMoveSchema = z.object({
  stageId: id,
  beforeDealId: id.optional().describe('Place the deal just before this deal of the target stage'),
  afterDealId: id.optional().describe('Place the deal just after this deal of the target stage'),
  position: z.number().finite().optional().describe('Explicit fractional position; at the end of the stage when nothing is given'),
  lostReason: optionalText(500).describe('Required when moving into a lost stage'),
});
export const dealLostSchema = z.object({ reason: z.string().trim().min(1, 'must not be empty').max(500) });
export const dealListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  pipelineId: id.optional(),
  stageId: id.optional(),
  status: dealStatusSchema.optional(),
  ownerMemberId: id.optional(),
  contactId: id.optional(),
  companyId: id.optional(),
  source: sourceSchema.optional(),
  q: z.string().max(200).optional().describe('Matches the title'),
});

// --- board ---

export const boardSchema = z
  .object({
    pipeline: pipelineSchema,
    stages: z.array(
      stageSchema.extend({
        deals: z.array(dealSchema),
        totals: z.object({ count: z.number().int(), amounts: z.array(moneySchema).describe('Sum per currency') }),
      }),
    ),
  })
  .meta({ id: 'PipelineBoard' });

// --- conversion report ---

export const reportQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).describe('Start, inclusive (ISO 8601)'),
    to: z.iso.datetime({ offset: true }).describe('End, exclusive (ISO 8601)'),
    period: z.enum(['month', 'week']).default('month'),
  })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), { message: 'must be after from', path: ['to'] })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= 5 * 366 * 86_400_000, { message: 'the range is at most five years', path: ['to'] });

export const sourceGroupSchema = z.enum(['social', 'traditional']);
const rate = z.number().nullable().describe('0…1, rounded to 4 decimals; null when there is nothing to divide by');
const leadStats = { contacts: z.number().int(), customers: z.number().int(), rate };
const dealStats = {
  won: z.number().int(),
  lost: z.number().int(),
  winRate: rate,
  wonAmounts: z.array(moneySchema),
  avgDaysToClose: z.number().nullable(),
  medianDaysToClose: z.number().nullable(),
};
export const conversionReportSchema = z
  .object({
    from: timestamp,
    to: timestamp,
    period: z.enum(['month', 'week']),
    periods: z.array(dateOnly).describe('Start date (UTC) of every bucket in the range'),
    leads: z.object({
      total: z.object(leadStats),
      bySource: z.array(z.object({ source: sourceSchema, group: sourceGroupSchema, ...leadStats })),
      byGroup: z.array(z.object({ group: sourceGroupSchema, ...leadStats })),
      byPeriod: z.array(z.object({ period: dateOnly, source: sourceSchema, ...leadStats })),
    }),
    deals: z.object({
      total: z.object(dealStats),
      bySource: z.array(z.object({ source: sourceSchema, group: sourceGroupSchema, ...dealStats })),
      byGroup: z.array(z.object({ group: sourceGroupSchema, ...dealStats })),
      byPeriod: z.array(z.object({ period: dateOnly, source: sourceSchema, ...dealStats })),
    }),
  })
  .meta({ id: 'ConversionReport' });
export type ConversionReport = z.infer<typeof conversionReportSchema>;

// --- presenters ---

export const presentStage = (row: StageRow) => ({
  id: row.id,
  pipelineId: row.pipelineId,
  name: row.name,
  kind: row.kind,
  position: row.position,
  probability: row.probability,
});
export const presentPipeline = (row: PipelineRow, stages: StageRow[]) => ({
  id: row.id,
  name: row.name,
  position: row.position,
  isDefault: row.isDefault,
  stages: stages.filter((stage) => stage.pipelineId === row.id).map(presentStage),
  createdAt: row.createdAt.toISOString(),
});
export const presentDeal = (row: DealRow) => ({
  id: row.id,
  title: row.title,
  pipelineId: row.pipelineId,
  stageId: row.stageId,
  status: row.status,
  amount: row.amount !== null && row.currency ? { amount: row.amount, currency: row.currency } : null,
  expectedCloseDate: row.expectedCloseDate,
  contact: row.contactId && row.contactName !== null ? { id: row.contactId, name: row.contactName } : null,
  company: row.companyId && row.companyName !== null ? { id: row.companyId, name: row.companyName } : null,
  owner: row.ownerMemberId ? { memberId: row.ownerMemberId, name: row.ownerName ?? '' } : null,
  source: row.source,
  sourceChannel: row.sourceChannel,
  sourceRef: row.sourceRef,
  lostReason: row.lostReason,
  closedAt: row.closedAt?.toISOString() ?? null,
  position: row.position,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
