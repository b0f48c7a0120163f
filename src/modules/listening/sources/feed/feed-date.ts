// Dates as feeds write them — RFC 822/2822 (named zones such as EST or PDT, no seconds, two-digit
// years), ISO 8601 / W3CDTF / RFC 3339, asctime — read as an instant and printed as ISO 8601 UTC.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// Offsets in minutes. RFC 822's own names, then the ones feeds use in practice. Single military
// letters other than Z are read as UTC: RFC 2822 notes their signs were commonly inverted.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  bst: 60, cet: 60, cest: 120, met: 60, mest: 120, west: 60, eet: 120, eest: 180, msk: 180,
  ist: 330, sgt: 480, hkt: 480, awst: 480, jst: 540, kst: 540, acst: 570, aest: 600, aedt: 660,
  nzst: 720, nzdt: 780,
};

const ISO = /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822 = /^(?:[a-z]+\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{2,4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*([a-z]+|[+-]\d{2}:?\d{2})?(?:\s*\(.*\))?$/i;
// "June 3, 2003 09:39:21 GMT" and "Tue Jun 03 09:39:21 +0000 2003" / asctime "Sun Jan  4 16:29:06 2004".
const MONTH_FIRST = /^(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4})\s*,?\s*)?(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([a-z]+|[+-]\d{2}:?\d{2})?\s*(\d{4})?$/i;

function zoneOffset(zone: string | undefined): number | null {
  if (zone === undefined || zone === '') return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const lower = zone.toLowerCase();
  if (lower in ZONES) return ZONES[lower]!;
  return /^[a-z]$/.test(lower) ? 0 : null;
}

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length > 2) return value;
  // RFC 2822 §4.3: 00–49 are 2000–2049, 50–99 are 1950–1999.
  return value < 50 ? 2000 + value : 1900 + value;
}

function instant(parts: { year: number; month: number; day: number; hour?: string; minute?: string; second?: string; fraction?: string; offset: number }): string | null {
  const { year, month, day, offset } = parts;
  const hour = Number(parts.hour ?? 0);
  const minute = Number(parts.minute ?? 0);
  const second = Number(parts.second ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return null;
  const millis = parts.fraction === undefined ? 0 : Math.round(Number(`0.${parts.fraction.slice(0, 3).padEnd(3, '0')}`) * 1000);
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1) return null; // 31 February and the like
  date.setUTCHours(hour, minute, Math.min(second, 59), millis);
  date.setTime(date.getTime() - offset * 60_000);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace('.000Z', 'Z');
}

/** The instant a feed's date string names, as ISO 8601 UTC (`2003-06-03T09:39:21Z`), or null if it cannot be read. */
export function parseFeedDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim().replace(/\s+/g, ' ');
  if (text === '') return null;

  const iso = ISO.exec(text);
  if (iso) {
    const offset = zoneOffset(iso[8]);
    if (offset === null) return null;
    return instant({ year: Number(iso[1]), month: Number(iso[2] ?? 1), day: Number(iso[3] ?? 1), hour: iso[4], minute: iso[5], second: iso[6], fraction: iso[7], offset });
  }

  const rfc = RFC822.exec(text);
  if (rfc) {
    const month = MONTHS[rfc[2]!.slice(0, 3).toLowerCase()];
    const offset = zoneOffset(rfc[7]);
    if (month === undefined || offset === null) return null;
    return instant({ year: fullYear(rfc[3]!), month, day: Number(rfc[1]), hour: rfc[4], minute: rfc[5], second: rfc[6], offset });
  }

  const monthFirst = MONTH_FIRST.exec(text);
  if (monthFirst) {
    const month = MONTHS[monthFirst[1]!.slice(0, 3).toLowerCase()];
    const year = monthFirst[3] ?? monthFirst[8];
    const offset = zoneOffset(monthFirst[7]);
    if (month === undefined || year === undefined || offset === null) return null;
    return instant({ year: fullYear(year), month, day: Number(monthFirst[2]), hour: monthFirst[4], minute: monthFirst[5], second: monthFirst[6], offset });
  }
  return null;
}
