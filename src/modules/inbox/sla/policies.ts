// Which SLA policy applies to a conversation, and which calendar its targets are counted in. Pure.
import type { ChannelType, ConversationPriority, WeeklyHours } from '../../../db/schema.js';
import { aroundTheClock, type BusinessCalendar, hasOpenHours } from './business-clock.js';

export type PolicyMatchFields = { enabled: boolean; priorities: readonly ConversationPriority[]; channelTypes: readonly ChannelType[] };

/** The first enabled policy (in position order) whose priorities and channels include the conversation's; empty lists match all. */
export function selectPolicy<P extends PolicyMatchFields>(policies: readonly P[], conversation: { priority: ConversationPriority; channelType: ChannelType }): P | null {
  for (const policy of policies) {
    if (!policy.enabled) continue;
    if (policy.priorities.length > 0 && !policy.priorities.includes(conversation.priority)) continue;
    if (policy.channelTypes.length > 0 && !policy.channelTypes.includes(conversation.channelType)) continue;
    return policy;
  }
  return null;
}

export type TeamCalendarFields = { timezone: string; weeklyHours: WeeklyHours | null; holidays: string[] };

/**
 * The calendar a policy's targets are counted in: the conversation team's business hours when the
 * policy counts business hours and the team has a calendar; otherwise around the clock (UTC, no
 * holidays) — conversations without a team, policies with businessHours off, teams never set up.
 */
export function calendarFor(policy: { businessHours: boolean }, team: TeamCalendarFields | null | undefined): BusinessCalendar {
  if (!policy.businessHours || !team) return aroundTheClock;
  const calendar = { timezone: team.timezone, weeklyHours: team.weeklyHours, holidays: team.holidays };
  return hasOpenHours(calendar) ? calendar : aroundTheClock;
}
