// Policy selection: order, enabled, priorities and channels (empty = all); the calendar a policy counts in.
import { describe, expect, it } from 'vitest';
import { aroundTheClock } from './business-clock.js';
import { calendarFor, selectPolicy, type PolicyMatchFields } from './policies.js';

const policy = (id: string, fields: Partial<PolicyMatchFields> = {}) => ({ id, enabled: true, priorities: [], channelTypes: [], ...fields });

describe('selectPolicy', () => {
  const policies = [
    policy('off', { enabled: false }),
    policy('urgent-x', { priorities: ['urgent'], channelTypes: ['x'] }),
    policy('high', { priorities: ['high', 'urgent'] }),
    policy('chat', { channelTypes: ['webchat'] }),
    policy('rest'),
  ];

  it('takes the first enabled policy that includes both the priority and the channel', () => {
    expect(selectPolicy(policies, { priority: 'urgent', channelType: 'x' })?.id).toBe('urgent-x');
    expect(selectPolicy(policies, { priority: 'urgent', channelType: 'webchat' })?.id).toBe('high');
    expect(selectPolicy(policies, { priority: 'normal', channelType: 'webchat' })?.id).toBe('chat');
    expect(selectPolicy(policies, { priority: 'low', channelType: 'email' })?.id).toBe('rest');
  });

  it('answers null when nothing matches', () => {
    expect(selectPolicy(policies.slice(0, 3), { priority: 'low', channelType: 'email' })).toBeNull();
    expect(selectPolicy([policy('off', { enabled: false })], { priority: 'low', channelType: 'email' })).toBeNull();
  });
});

describe('calendarFor', () => {
  const team = { timezone: 'Europe/Paris', weeklyHours: { '0': [], '1': [[540, 1020]], '2': [], '3': [], '4': [], '5': [], '6': [] } as never, holidays: ['2026-12-25'] };

  it("uses the team's calendar for business-hours policies", () => {
    expect(calendarFor({ businessHours: true }, team)).toEqual(team);
  });

  it('counts around the clock without a team, with businessHours off, or when the team is never open', () => {
    expect(calendarFor({ businessHours: true }, null)).toBe(aroundTheClock);
    expect(calendarFor({ businessHours: false }, team)).toBe(aroundTheClock);
    expect(calendarFor({ businessHours: true }, { ...team, weeklyHours: { '0': [], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] } })).toBe(aroundTheClock);
  });
});
