// The conversion report: how many new contacts of each acquisition source became customers, and how
// the deals of each source closed (win rate, won amount, days from creation to close), with social
// sources compared against traditional ones. Counting is in SQL; the few aggregates here are exact.
import type { AcquisitionSource } from '../../../db/schema.js';
import type { Executor } from '../../../db/client.js';
import { acquisitionSources } from '../../../db/schema.js';
import { sumByCurrency } from '../money.js';
import * as repo from '../repository.js';
import type { ConversionReport } from '../schema.js';

/** Sources that come from social listening and messaging; everything else is "traditional". */
export const SOCIAL_SOURCES: ReadonlySet<AcquisitionSource> = new Set(['channel', 'mention', 'conversation', 'community_thread']);
export const sourceGroup = (source: AcquisitionSource) => (SOCIAL_SOURCES.has(source) ? ('social' as const) : ('traditional' as const));

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const days = (value: number) => Math.round(value * 100) / 100;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Start dates (UTC, YYYY-MM-DD) of the month or ISO-week buckets that [from, to) touches. */
export function periodStarts(from: Date, to: Date, period: repo.Period): string[] {
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), period === 'month' ? 1 : from.getUTCDate()));
  if (period === 'week') cursor.setUTCDate(cursor.getUTCDate() - ((cursor.getUTCDay() + 6) % 7));
  const starts: string[] = [];
  while (cursor < to) {
    starts.push(cursor.toISOString().slice(0, 10));
    if (period === 'month') cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    else cursor.setUTCDate(cursor.getUTCDate() + 7);
  }
  return starts;
}

type LeadRow = { contacts: number; customers: number };
const leadStats = (rows: LeadRow[]) => {
  const contacts = rows.reduce((sum, row) => sum + row.contacts, 0);
  const customers = rows.reduce((sum, row) => sum + row.customers, 0);
  return { contacts, customers, rate: ratio(customers, contacts) };
};

type ClosedRow = Awaited<ReturnType<typeof repo.closedDeals>>[number];
const dealStats = (rows: ClosedRow[]) => {
  const won = rows.filter((row) => row.status === 'won');
  const lost = rows.length - won.length;
  const durations = won.map((row) => row.days);
  return {
    won: won.length,
    lost,
    winRate: ratio(won.length, rows.length),
    wonAmounts: sumByCurrency(won),
    avgDaysToClose: durations.length === 0 ? null : days(durations.reduce((sum, value) => sum + value, 0) / durations.length),
    medianDaysToClose: durations.length === 0 ? null : days(median(durations)!),
  };
};

export async function buildConversionReport(
  db: Executor,
  workspaceId: string,
  range: { from: Date; to: Date; period: repo.Period },
): Promise<ConversionReport> {
  const [leads, closed] = await Promise.all([
    repo.leadCounts(db, workspaceId, range.from, range.to, range.period),
    repo.closedDeals(db, workspaceId, range.from, range.to, range.period),
  ]);
  const leadSources = acquisitionSources.filter((source) => leads.some((row) => row.source === source));
  const dealSources = acquisitionSources.filter((source) => closed.some((row) => row.source === source));
  const groups = ['social', 'traditional'] as const;
  const periods = periodStarts(range.from, range.to, range.period);

  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    period: range.period,
    periods,
    leads: {
      total: leadStats(leads),
      bySource: leadSources.map((source) => ({ source, group: sourceGroup(source), ...leadStats(leads.filter((row) => row.source === source)) })),
      byGroup: groups.map((group) => ({ group, ...leadStats(leads.filter((row) => sourceGroup(row.source) === group)) })),
      byPeriod: periods.flatMap((period) =>
        leadSources
          .map((source) => ({ period, source, rows: leads.filter((row) => row.period === period && row.source === source) }))
          .filter((cell) => cell.rows.length > 0)
          .map(({ period: start, source, rows }) => ({ period: start, source, ...leadStats(rows) })),
      ),
    },
    deals: {
      total: dealStats(closed),
      bySource: dealSources.map((source) => ({ source, group: sourceGroup(source), ...dealStats(closed.filter((row) => row.source === source)) })),
      byGroup: groups.map((group) => ({ group, ...dealStats(closed.filter((row) => sourceGroup(row.source) === group)) })),
      byPeriod: periods.flatMap((period) =>
        dealSources
          .map((source) => ({ period, source, rows: closed.filter((row) => row.period === period && row.source === source) }))
          .filter((cell) => cell.rows.length > 0)
          .map(({ period: start, source, rows }) => ({ period: start, source, ...dealStats(rows) })),
      ),
    },
  };
}
