// Request and response schemas of the inbox metrics (GET /inbox-metrics); types come from them.
import { z } from 'zod';
import { channelTypes } from '../../../db/schema.js';
import { isValidTimeZone } from '../sla/business-clock.js';

const MAX_RANGE_DAYS = 400;

export const metricsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).describe('Start, inclusive (ISO 8601)'),
    to: z.iso.datetime({ offset: true }).describe('End, exclusive (ISO 8601)'),
    groupBy: z.enum(['agent', 'team', 'channel', 'day', 'week']).default('agent').describe('What the rows are: one per agent, team, channel type, day or week'),
    interval: z.enum(['day', 'week']).optional().describe('Buckets of `series`; by default the groupBy when it is day or week, else day up to 62 days and week beyond'),
    timeZone: z.string().max(64).refine(isValidTimeZone, 'is not an IANA time zone').default('UTC').describe('IANA time zone days and weeks are cut in'),
    teamId: z.string().min(1).max(100).optional(),
    channel: z.enum(channelTypes).optional().describe('Only conversations of this channel type'),
    businessHours: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true')
      .describe("Durations in business time: each conversation's team calendar (around the clock without one)"),
  })
  .refine((query) => Date.parse(query.from) < Date.parse(query.to), { message: 'must be after from', path: ['to'] })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= MAX_RANGE_DAYS * 86_400_000, { message: `the range is at most ${MAX_RANGE_DAYS} days`, path: ['to'] });

const seconds = z.number().nullable();
const timeStatsSchema = z
  .object({ count: z.number().int(), median: seconds, p90: seconds, mean: seconds })
  .describe('Durations in seconds (business seconds with businessHours=true); null when nothing was measured')
  .meta({ id: 'InboxTimeStats' });
const rate = z.number().nullable().describe('0…1, four decimals; null when there is nothing to divide by');

export const metricValuesSchema = z
  .object({
    conversationsCreated: z.number().int(),
    conversationsResolved: z.number().int(),
    inboundMessages: z.number().int(),
    outboundMessages: z.number().int(),
    answeredMessages: z.number().int(),
    responseRate: rate,
    firstResponse: timeStatsSchema,
    responseTime: timeStatsSchema,
    resolution: timeStatsSchema,
    sla: z.object({
      met: z.number().int(),
      breached: z.number().int(),
      attainment: rate,
      firstResponse: z.object({ met: z.number().int(), breached: z.number().int() }),
      resolution: z.object({ met: z.number().int(), breached: z.number().int() }),
    }),
    csat: z.object({ responses: z.number().int(), average: z.number().nullable(), satisfied: rate }),
  })
  .meta({ id: 'InboxMetricValues' });
export type MetricValues = z.infer<typeof metricValuesSchema>;

export const inboxMetricsSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    groupBy: z.enum(['agent', 'team', 'channel', 'day', 'week']),
    interval: z.enum(['day', 'week']),
    timeZone: z.string(),
    businessHours: z.boolean(),
    totals: metricValuesSchema,
    rows: z.array(
      metricValuesSchema.extend({
        key: z.string().nullable().describe('Member id, team id, channel type or bucket date; null: unassigned / no team'),
        label: z.string(),
      }),
    ),
    series: z.array(metricValuesSchema.extend({ bucket: z.string().describe('Local date (YYYY-MM-DD) the day or week (Monday) starts') })),
  })
  .meta({ id: 'InboxMetrics' });
export type InboxMetrics = z.infer<typeof inboxMetricsSchema>;

export const metricsDescription = `Measures of the inbox for the half-open range [from, to), as rows of the chosen dimension, a time series and totals.

- **conversationsCreated**, **firstResponse** (first_response_at − first_inbound_at) and the **first-response SLA**: conversations created in the range.
- **conversationsResolved**, **resolution** (resolved_at − first inbound message) and the **resolution SLA**: conversations resolved in the range (and still resolved).
- **inboundMessages**, **outboundMessages**, **answeredMessages**, **responseRate** (answered ÷ inbound, the "social devotion" measure) and **responseTime** (each inbound message to the agent reply that answered it): customer messages of the range; notes are left out.
- **sla**: the first-response target of conversations created in the range and the resolution target of those resolved in it, when their SLA policy has that target. A target counts as breached when the SLA recorded a breach (an \`sla.breached\` event), was met after its due time, or is still unmet past it; as met when met in time; targets still running are not counted. **attainment** = met ÷ (met + breached). Next-response targets are not counted yet.
- **csat**: answers given in the range; **satisfied** = share of scores 4 or 5 (of 5).
- Per **agent**: conversation measures go to the conversation's assignee, outbound messages to their author, CSAT to the agent who resolved. Per **team** and **channel**: the conversation's.
- Durations are in seconds; with \`businessHours=true\` in business seconds of each conversation's team calendar (around the clock for conversations without a team or calendar).`;
