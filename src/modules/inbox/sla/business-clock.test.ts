// The business-hours clock: worked examples (weekends, holidays, DST, overnight shifts) and
// properties over random calendars and instants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  aroundTheClock,
  type BusinessCalendar,
  businessMinutesBetween,
  isOpenAt,
  isValidTimeZone,
  nextOpening,
  type WeeklyHours,
} from './business-clock.js';

const weekdays = (intervals: [number, number][]): WeeklyHours => ({ '0': [], '1': intervals, '2': intervals, '3': intervals, '4': intervals, '5': intervals, '6': [] });
const nineToFive = (timezone: string, holidays: string[] = []): BusinessCalendar => ({ timezone, weeklyHours: weekdays([[540, 1020]]), holidays });
const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  it('carries a Friday-afternoon target over the weekend to Monday morning', () => {
    // Friday 2026-03-06 16:30 in Paris (UTC+1); 30 minutes left on Friday, 30 on Monday.
    const due = addBusinessMinutes(nineToFive('Europe/Paris'), at('2026-03-06T15:30:00Z'), 60);
    expect(due.toISOString()).toBe('2026-03-09T08:30:00.000Z');
  });

  it('starts counting at opening time when the clock starts while closed', () => {
    // Saturday: nothing counts until Monday 09:00.
    expect(addBusinessMinutes(nineToFive('UTC'), at('2026-03-07T12:00:00Z'), 15).toISOString()).toBe('2026-03-09T09:15:00.000Z');
    // Before opening on a Tuesday.
    expect(addBusinessMinutes(nineToFive('UTC'), at('2026-03-10T06:00:00Z'), 60).toISOString()).toBe('2026-03-10T10:00:00.000Z');
  });

  it('is due at closing time when a target uses up the day exactly', () => {
    expect(addBusinessMinutes(nineToFive('UTC'), at('2026-03-06T16:00:00Z'), 60).toISOString()).toBe('2026-03-06T17:00:00.000Z');
  });

  it('skips holidays, read in the calendar time zone', () => {
    // Monday 2026-03-09 is a holiday: the Friday target goes on to Tuesday.
    const due = addBusinessMinutes(nineToFive('America/New_York', ['2026-03-09']), at('2026-03-06T21:30:00Z'), 60);
    // Friday 16:30 EST + 30 min, then Tuesday 09:00 EDT (DST began Sunday 03-08) + 30 min.
    expect(due.toISOString()).toBe('2026-03-10T13:30:00.000Z');
  });

  it('follows the spring-forward and fall-back days', () => {
    const allDay = { timezone: 'Europe/Berlin', weeklyHours: null, holidays: [] };
    // 2026-03-29: 02:00 → 03:00, so the local day has 23 hours.
    expect(businessMinutesBetween(allDay, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * 60);
    // 2026-10-25: 03:00 → 02:00, 25 hours.
    expect(businessMinutesBetween(allDay, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * 60);
    // A night shift 01:00–04:00 local on the fall-back day lasts four real hours.
    const night: BusinessCalendar = { timezone: 'Europe/Berlin', weeklyHours: { '0': [[60, 240]], '1': [], '2': [], '3': [], '4': [], '5': [], '6': [] }, holidays: [] };
    expect(businessMinutesBetween(night, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(240);
    // … and two on the spring-forward day (02:00–03:00 does not exist).
    expect(businessMinutesBetween(night, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(120);
  });

  it('runs an overnight shift across midnight as one stretch', () => {
    // Monday 22:00 – Tuesday 06:00, Tokyo.
    const hours: WeeklyHours = { '0': [], '1': [[1320, 1440]], '2': [[0, 360]], '3': [], '4': [], '5': [], '6': [] };
    const calendar = { timezone: 'Asia/Tokyo', weeklyHours: hours, holidays: [] };
    // Monday 2026-03-09 23:00 JST = 14:00Z; 3 hours later is Tuesday 02:00 JST.
    expect(addBusinessMinutes(calendar, at('2026-03-09T14:00:00Z'), 180).toISOString()).toBe('2026-03-09T17:00:00.000Z');
    // 8 hours a week: 9 hours from Monday 22:00 is the next Monday 23:00.
    expect(addBusinessMinutes(calendar, at('2026-03-09T13:00:00Z'), 540).toISOString()).toBe('2026-03-16T14:00:00.000Z');
  });

  it('is plain arithmetic around the clock', () => {
    expect(addBusinessMinutes(aroundTheClock, at('2026-03-07T12:00:00Z'), 90).toISOString()).toBe('2026-03-07T13:30:00.000Z');
    expect(businessMinutesBetween(aroundTheClock, at('2026-03-07T13:30:00Z'), at('2026-03-07T12:00:00Z'))).toBe(-90);
  });

  it('refuses a calendar that is never open', () => {
    const closed = { timezone: 'UTC', weeklyHours: weekdays([]), holidays: [] };
    expect(() => addBusinessMinutes(closed, at('2026-03-07T12:00:00Z'), 10)).toThrow(RangeError);
  });
});

describe('isOpenAt and nextOpening', () => {
  it('knows opening hours, weekends and holidays', () => {
    const calendar = nineToFive('Europe/London', ['2026-12-25']);
    expect(isOpenAt(calendar, at('2026-03-06T12:00:00Z'))).toBe(true);
    expect(isOpenAt(calendar, at('2026-03-07T12:00:00Z'))).toBe(false);
    expect(isOpenAt(calendar, at('2026-12-25T12:00:00Z'))).toBe(false);
    expect(nextOpening(calendar, at('2026-12-24T18:00:00Z')).toISOString()).toBe('2026-12-28T09:00:00.000Z');
    expect(nextOpening(calendar, at('2026-03-06T12:00:00Z')).toISOString()).toBe('2026-03-06T12:00:00.000Z');
  });

  it('validates time zones', () => {
    expect(isValidTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

// --- properties ---

const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'Pacific/Chatham'];

/** Non-overlapping sorted intervals inside one day, from sorted distinct cut points. */
const dayIntervals = fc
  .uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 })
  .map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const intervals: [number, number][] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([sorted[i]!, sorted[i + 1]!]);
    return intervals;
  });

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timezone: fc.constantFrom(...zones),
    allDay: fc.boolean(),
    days: fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    holidays: fc.array(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }), { maxLength: 20 }),
  })
  .map(({ timezone, allDay, days, holidays }) => ({
    timezone,
    weeklyHours: allDay ? null : (Object.fromEntries(days.map((intervals, day) => [String(day), intervals])) as WeeklyHours),
    holidays: holidays.map((date) => date.toISOString().slice(0, 10)),
  }))
  .filter((calendar) => calendar.weeklyHours === null || Object.values(calendar.weeklyHours).some((intervals) => intervals.length > 0));

/** Open minutes in a week; a target far beyond what twenty years hold is out of the clock's range (it throws). */
const weeklyOpenMinutes = (calendar: BusinessCalendar) =>
  calendar.weeklyHours ? Object.values(calendar.weeklyHours).reduce((sum, intervals) => sum + intervals.reduce((n, [start, end]) => n + end - start, 0), 0) : 7 * 1440;
const inRange = (calendar: BusinessCalendar, minutes: number) => fc.pre(weeklyOpenMinutes(calendar) * 52 * 20 >= minutes);

const instantArb = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
const minutesArb = fc.integer({ min: 1, max: 20_000 });

describe('properties', () => {
  it('businessMinutesBetween(from, addBusinessMinutes(from, m)) is m', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, (calendar, from, minutes) => {
        inRange(calendar, minutes);
        const due = addBusinessMinutes(calendar, from, minutes);
        expect(businessMinutesBetween(calendar, from, due)).toBe(minutes);
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic: more minutes are never due earlier, a later end never counts fewer', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, minutesArb, (calendar, from, m1, m2) => {
        const [small, large] = m1 <= m2 ? [m1, m2] : [m2, m1];
        inRange(calendar, large);
        const early = addBusinessMinutes(calendar, from, small);
        const late = addBusinessMinutes(calendar, from, large);
        expect(early.getTime()).toBeLessThanOrEqual(late.getTime());
        expect(businessMinutesBetween(calendar, from, early)).toBeLessThanOrEqual(businessMinutesBetween(calendar, from, late));
      }),
      { numRuns: 200 },
    );
  });

  it('never lands in closed time: the minute before a due time is open', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, (calendar, from, minutes) => {
        inRange(calendar, minutes);
        const due = addBusinessMinutes(calendar, from, minutes);
        // Due at an open instant, or at the end of an open span (the instant just before is open).
        expect(isOpenAt(calendar, new Date(due.getTime() - 1))).toBe(true);
        // and the last business minute before it counts in full
        expect(businessMinutesBetween(calendar, new Date(due.getTime() - 60_000), due)).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('adds up over a split: between(a, c) = between(a, b) + between(b, c)', () => {
    fc.assert(
      fc.property(calendarArb, fc.array(fc.date({ min: new Date('2026-02-01T00:00:00Z'), max: new Date('2026-05-01T00:00:00Z'), noInvalidDate: true }), { minLength: 3, maxLength: 3 }), (calendar, instants) => {
        const [a, b, c] = [...instants].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
        expect(businessMinutesBetween(calendar, a, c)).toBeCloseTo(businessMinutesBetween(calendar, a, b) + businessMinutesBetween(calendar, b, c), 6);
      }),
      { numRuns: 100 },
    );
  });
});
