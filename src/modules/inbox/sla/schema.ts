// Request and response schemas of SLA policies and team business hours, and their presenters.
import { z } from 'zod';
import type { WeeklyHours } from '../../../db/schema.js';
import { channelTypes, conversationPriorities } from '../../../shared/vocabulary.js';
import { isValidTimeZone } from './business-clock.js';
import type { SlaPolicyRow, TeamCalendarRow } from './repository.js';

const id = z.string().min(1).max(100);
const targetMinutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 365)
  .nullable()
  .describe('Business minutes (or real minutes when businessHours is off); null: no such target');

export const escalationSchema = z
  .object({
    reassignTeamId: id.optional().describe('On breach: move the conversation to this team (its assignment method picks an agent)'),
    reassignMemberId: id.optional().describe('On breach: assign it to this member'),
    notifyMemberIds: z.array(id).max(50).optional().describe('On breach: notify these members'),
    notifyManager: z.boolean().optional().describe("On breach: notify the manager of the conversation's team"),
    setPriority: z.enum(conversationPriorities).optional().describe('On breach: raise the priority to this'),
  })
  .meta({ id: 'SlaEscalation' });

const policyFields = {
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  priorities: z.array(z.enum(conversationPriorities)).max(conversationPriorities.length).describe('Empty: every priority'),
  channelTypes: z.array(z.enum(channelTypes)).max(channelTypes.length).describe('Empty: every channel'),
  firstResponseMinutes: targetMinutes,
  nextResponseMinutes: targetMinutes,
  resolutionMinutes: targetMinutes,
  warnBeforeMinutes: z.number().int().min(0).max(60 * 24 * 7).describe('Warn this many minutes before a target is due (real minutes, counted back from the due time)'),
  businessHours: z.boolean().describe("Count targets in the conversation team's business hours (off: around the clock)"),
  escalation: escalationSchema,
};

export const policyCreateSchema = z.object({
  ...policyFields,
  enabled: policyFields.enabled.default(true),
  priorities: policyFields.priorities.default([]),
  channelTypes: policyFields.channelTypes.default([]),
  firstResponseMinutes: targetMinutes.default(null),
  nextResponseMinutes: targetMinutes.default(null),
  resolutionMinutes: targetMinutes.default(null),
  warnBeforeMinutes: policyFields.warnBeforeMinutes.default(15),
  businessHours: policyFields.businessHours.default(true),
  escalation: escalationSchema.default({}),
});
export const policyUpdateSchema = z.object(policyFields).partial();
export type PolicyInput = z.infer<typeof policyCreateSchema>;
export type PolicyPatch = z.infer<typeof policyUpdateSchema>;

export const reorderSchema = z.object({ ids: z.array(id).max(500).describe('Every policy id of the workspace, in the new order') });

export const policySchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    ...policyFields,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SlaPolicy' });

export function presentPolicy(row: SlaPolicyRow): z.infer<typeof policySchema> {
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    enabled: row.enabled,
    priorities: row.priorities,
    channelTypes: row.channelTypes,
    firstResponseMinutes: row.firstResponseMinutes,
    nextResponseMinutes: row.nextResponseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    warnBeforeMinutes: row.warnBeforeMinutes,
    businessHours: row.businessHours,
    escalation: row.escalation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// --- business hours ---

const weekdays = ['0', '1', '2', '3', '4', '5', '6'] as const;
const interval = z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]);

const weeklyHoursSchema = z
  .object(Object.fromEntries(weekdays.map((day) => [day, z.array(interval).max(12).default([])])) as Record<(typeof weekdays)[number], z.ZodDefault<z.ZodArray<typeof interval>>>)
  .superRefine((week, ctx) => {
    for (const day of weekdays) {
      const intervals = [...week[day]].sort((a, b) => a[0] - b[0]);
      intervals.forEach(([start, end], index) => {
        if (end <= start) ctx.addIssue({ code: 'custom', path: [day, index], message: 'must end after it starts (an overnight shift is two intervals: until 1440, then from 0 the next day)' });
        const next = intervals[index + 1];
        if (next && next[0] < end) ctx.addIssue({ code: 'custom', path: [day], message: `intervals overlap (${start}–${end} and ${next[0]}–${next[1]})` });
      });
    }
    if (!weekdays.some((day) => week[day].length > 0)) ctx.addIssue({ code: 'custom', path: [], message: 'must be open at some time of the week (null means around the clock)' });
  })
  .describe('Per weekday, 0 = Sunday … 6 = Saturday: open intervals [startMinute, endMinute) after local midnight, 0..1440; a day left out is closed');

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'is not a date');

export const businessHoursInputSchema = z.object({
  timezone: z.string().min(1).max(64).refine(isValidTimeZone, 'is not an IANA time zone (e.g. Europe/Paris)').describe('IANA time zone'),
  weeklyHours: weeklyHoursSchema.nullable().describe('null: open around the clock'),
  holidays: z.array(isoDay).max(400).default([]).describe('Closed days, YYYY-MM-DD in the time zone'),
});

export const businessHoursSchema = z
  .object({
    teamId: z.string(),
    timezone: z.string(),
    weeklyHours: z.record(z.enum(weekdays), z.array(z.tuple([z.number(), z.number()]))).nullable(),
    holidays: z.array(z.string()),
  })
  .meta({ id: 'TeamBusinessHours' });

export function presentBusinessHours(teamId: string, row: TeamCalendarRow | undefined): z.infer<typeof businessHoursSchema> {
  return { teamId, timezone: row?.timezone ?? 'UTC', weeklyHours: row ? (row.weeklyHours as WeeklyHours | null) : null, holidays: row?.holidays ?? [] };
}
