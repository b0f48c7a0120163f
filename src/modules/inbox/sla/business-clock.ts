// The business-hours clock SLA targets are measured in: a team's calendar (IANA time zone, weekly
// opening intervals, holidays) turned into spans of real time. Pure; time-zone math goes through
// Intl.DateTimeFormat, so it follows the same tz database as the rest of the runtime, DST included.

/** Opening hours per weekday, 0 = Sunday … 6, as [startMinute, endMinute) after local midnight (0..1440). */
export type WeeklyHours = Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', [number, number][]>;

export type BusinessCalendar = {
  /** IANA time zone the hours and holidays are read in */
  timezone: string;
  /** null: open around the clock (holidays still close their whole day) */
  weeklyHours: WeeklyHours | null;
  /** Closed days, YYYY-MM-DD in the calendar's time zone */
  holidays: string[];
};

/** Open around the clock in UTC, no holidays: what SLAs measure in when no team calendar applies. */
export const aroundTheClock: BusinessCalendar = { timezone: 'UTC', weeklyHours: null, holidays: [] };

const MINUTE = 60_000;
const DAY = 86_400_000;
const ALL_DAY: [number, number][] = [[0, 1440]];
/** How far the clock looks for open time before it gives up (a calendar that is never open). */
const MAX_DAYS = 366 * 30;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA time zone. */
export function isValidTimeZone(timezone: string): boolean {
  if (!timezone) return false;
  try {
    formatterOf(timezone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock time at an instant, as the ms of a UTC date with the same fields. */
function wallClockMs(timezone: string, instant: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterOf(timezone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const seconds = Math.floor(instant / 1000) * 1000;
  return Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!) + (instant - seconds);
}

/** The zone's offset from UTC at an instant, in ms (local = UTC + offset). */
const offsetAt = (timezone: string, instant: number): number => wallClockMs(timezone, instant) - instant;

/**
 * The instant a local wall-clock time (given as the ms of the UTC date with the same fields) happens.
 * Like Temporal's "compatible": a time skipped by a DST jump moves forward by the jump, a time that
 * happens twice is the first one.
 */
function instantOfWallClock(timezone: string, wall: number): number {
  const before = offsetAt(timezone, wall - DAY);
  const after = offsetAt(timezone, wall + DAY);
  if (before === after) return wall - before;
  const earlier = wall - Math.max(before, after);
  const later = wall - Math.min(before, after);
  const candidates = [earlier, later].filter((instant) => wallClockMs(timezone, instant) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap of a jump forward: read it with the offset before the jump.
  return wall - before;
}

/** A local calendar date as the ms of its UTC midnight (so days step by adding DAY). */
const localDateOf = (timezone: string, instant: number): number => {
  const wall = wallClockMs(timezone, instant);
  return wall - (((wall % DAY) + DAY) % DAY);
};

const isoDate = (date: number): string => new Date(date).toISOString().slice(0, 10);

/** The open spans of one local date, as [start, end) instants in ms, in order. */
function openSpans(calendar: BusinessCalendar, date: number, holidays: Set<string>): [number, number][] {
  if (holidays.size > 0 && holidays.has(isoDate(date))) return [];
  const weekday = String(new Date(date).getUTCDay()) as keyof WeeklyHours;
  const intervals = calendar.weeklyHours ? (calendar.weeklyHours[weekday] ?? []) : ALL_DAY;
  if (intervals.length === 0) return [];
  // Most days have one offset from the day before to the day after: then every bound is plain arithmetic.
  const offset = offsetAt(calendar.timezone, date - DAY);
  const steady = offset === offsetAt(calendar.timezone, date + 2 * DAY);
  const instant = (wall: number) => (steady ? wall - offset : instantOfWallClock(calendar.timezone, wall));
  const spans: [number, number][] = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    const from = instant(date + start * MINUTE);
    const to = instant(date + end * MINUTE);
    if (to > from) spans.push([from, to]);
  }
  return spans;
}

/** Whether the calendar is ever open (a week without hours would make every target wait forever). */
export function hasOpenHours(calendar: BusinessCalendar): boolean {
  if (!calendar.weeklyHours) return true;
  return Object.values(calendar.weeklyHours).some((intervals) => intervals.some(([start, end]) => end > start));
}

/**
 * The instant `minutes` business minutes after `from`. For minutes > 0 the result is inside open time
 * or at the end of an open span (a target that uses up Friday's last hour is due Friday at closing,
 * not Monday at opening). A negative count goes back in real time, so overdue stays overdue.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  if (minutes <= 0) return new Date(from.getTime() + minutes * MINUTE);
  if (!hasOpenHours(calendar)) throw new RangeError('The calendar has no open hours.');
  const holidays = new Set(calendar.holidays);
  let remaining = minutes * MINUTE;
  const start = from.getTime();
  let date = localDateOf(calendar.timezone, start);
  for (let day = 0; day < MAX_DAYS; day += 1, date += DAY) {
    for (const [open, close] of openSpans(calendar, date, holidays)) {
      const begin = Math.max(open, start);
      if (begin >= close) continue;
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
    }
  }
  throw new RangeError('The calendar has no open hours within thirty years.');
}

/** Business minutes between two instants (negative when `to` is before `from`). */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return -businessMinutesBetween(calendar, to, from);
  if (b === a) return 0;
  const holidays = new Set(calendar.holidays);
  const lastDate = localDateOf(calendar.timezone, b);
  let total = 0;
  for (let date = localDateOf(calendar.timezone, a); date <= lastDate; date += DAY) {
    for (const [open, close] of openSpans(calendar, date, holidays)) {
      const overlap = Math.min(close, b) - Math.max(open, a);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE;
}

/** Whether the calendar is open at an instant (routing rules' "business hours" condition). */
export function isOpenAt(calendar: BusinessCalendar, at: Date): boolean {
  const instant = at.getTime();
  const date = localDateOf(calendar.timezone, instant);
  return openSpans(calendar, date, new Set(calendar.holidays)).some(([open, close]) => open <= instant && instant < close);
}

/** When the calendar next opens at or after an instant (the instant itself when open). */
export function nextOpening(calendar: BusinessCalendar, at: Date): Date {
  if (!hasOpenHours(calendar)) throw new RangeError('The calendar has no open hours.');
  const instant = at.getTime();
  const holidays = new Set(calendar.holidays);
  let date = localDateOf(calendar.timezone, instant);
  for (let day = 0; day < MAX_DAYS; day += 1, date += DAY) {
    for (const [open, close] of openSpans(calendar, date, holidays)) {
      if (close > instant) return new Date(Math.max(open, instant));
    }
  }
  throw new RangeError('The calendar has no open hours within thirty years.');
}
