// The inbox metrics: first response, response rate and times, resolution, SLA attainment, CSAT and
// volumes per agent, team, channel or period. The counting happens in SQL (repository.ts); here the
// families of measures are put side by side, labelled, and — in business hours — the waits are
// measured with each team's calendar.
import type { Executor } from '../../../db/client.js';
import { businessMinutesBetween, type BusinessCalendar } from '../sla/business-clock.js';
import * as repo from './repository.js';
import type { InboxMetrics, MetricValues } from './schema.js';

export type InboxMetricsRequest = {
  from: Date;
  to: Date;
  groupBy: repo.MetricsDimension;
  interval?: repo.MetricsInterval;
  timeZone?: string;
  teamId?: string;
  channel?: string;
  businessHours?: boolean;
  now?: Date;
};

const DAY = 86_400_000;
const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const emptyTimes = (): repo.TimeStats => ({ count: 0, median: null, p90: null, mean: null });

/** Like PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
export function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

export function timeStatsOf(values: number[]): repo.TimeStats {
  if (values.length === 0) return emptyTimes();
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length };
}

type Cell = {
  created: number;
  resolved: number;
  inbound: number;
  outbound: number;
  answered: number;
  firstResponse: repo.TimeStats;
  responseTime: repo.TimeStats;
  resolution: repo.TimeStats;
  firstResponseSla: { met: number; breached: number };
  resolutionSla: { met: number; breached: number };
  csat: { responses: number; average: number | null; satisfied: number };
};

const emptyCell = (): Cell => ({
  created: 0,
  resolved: 0,
  inbound: 0,
  outbound: 0,
  answered: 0,
  firstResponse: emptyTimes(),
  responseTime: emptyTimes(),
  resolution: emptyTimes(),
  firstResponseSla: { met: 0, breached: 0 },
  resolutionSla: { met: 0, breached: 0 },
  csat: { responses: 0, average: null, satisfied: 0 },
});

const presentTimes = (stats: repo.TimeStats) => ({ count: stats.count, median: round(stats.median), p90: round(stats.p90), mean: round(stats.mean) });

function present(cell: Cell): MetricValues {
  const met = cell.firstResponseSla.met + cell.resolutionSla.met;
  const breached = cell.firstResponseSla.breached + cell.resolutionSla.breached;
  return {
    conversationsCreated: cell.created,
    conversationsResolved: cell.resolved,
    inboundMessages: cell.inbound,
    outboundMessages: cell.outbound,
    answeredMessages: cell.answered,
    responseRate: ratio(cell.answered, cell.inbound),
    firstResponse: presentTimes(cell.firstResponse),
    responseTime: presentTimes(cell.responseTime),
    resolution: presentTimes(cell.resolution),
    sla: { met, breached, attainment: ratio(met, met + breached), firstResponse: cell.firstResponseSla, resolution: cell.resolutionSla },
    csat: {
      responses: cell.csat.responses,
      average: cell.csat.average === null ? null : Math.round(cell.csat.average * 100) / 100,
      satisfied: ratio(cell.csat.satisfied, cell.csat.responses),
    },
  };
}

/** Cells by level and key, filled family by family. */
class Table {
  readonly keys = new Map<string | null, Cell>();
  readonly buckets = new Map<string, Cell>();
  readonly total = emptyCell();

  cell(row: { level: repo.GroupLevel; key: string | null; bucket: string | null }): Cell {
    if (row.level === 'total') return this.total;
    const map = row.level === 'key' ? this.keys : this.buckets;
    const id = row.level === 'key' ? row.key : row.bucket;
    let cell = (map as Map<string | null, Cell>).get(id);
    if (!cell) {
      cell = emptyCell();
      (map as Map<string | null, Cell>).set(id, cell);
    }
    return cell;
  }
}

/** Replaces the SQL's wall-clock waits with business time, each measured in its conversation's team calendar. */
function businessTimes(table: Table, waits: repo.Duration[], calendars: Map<string, BusinessCalendar>, field: 'firstResponse' | 'responseTime' | 'resolution') {
  const byKey = new Map<string | null, number[]>();
  const byBucket = new Map<string, number[]>();
  const all: number[] = [];
  for (const wait of waits) {
    const calendar = wait.teamId ? calendars.get(wait.teamId) : undefined;
    // Without a calendar the clock runs around the clock: business time is wall time.
    const value = calendar ? businessMinutesBetween(calendar, wait.start, wait.end) * 60 : (wait.end.getTime() - wait.start.getTime()) / 1000;
    all.push(value);
    const ofKey = byKey.get(wait.key);
    if (ofKey) ofKey.push(value);
    else byKey.set(wait.key, [value]);
    const ofBucket = byBucket.get(wait.bucket);
    if (ofBucket) ofBucket.push(value);
    else byBucket.set(wait.bucket, [value]);
  }
  table.total[field] = timeStatsOf(all);
  for (const [key, values] of byKey) table.cell({ level: 'key', key, bucket: null })[field] = timeStatsOf(values);
  for (const [bucket, values] of byBucket) table.cell({ level: 'bucket', key: null, bucket })[field] = timeStatsOf(values);
}

export async function buildInboxMetrics(db: Executor, workspaceId: string, request: InboxMetricsRequest): Promise<InboxMetrics> {
  const days = (request.to.getTime() - request.from.getTime()) / DAY;
  const interval: repo.MetricsInterval =
    request.groupBy === 'day' || request.groupBy === 'week' ? request.groupBy : (request.interval ?? (days <= 62 ? 'day' : 'week'));
  const scope: repo.MetricsScope = {
    workspaceId,
    from: request.from,
    to: request.to,
    groupBy: request.groupBy,
    interval,
    timeZone: request.timeZone ?? 'UTC',
    teamId: request.teamId,
    channel: request.channel,
    now: request.now ?? new Date(),
  };

  const [arrivals, resolutions, flow, csat, buckets] = await Promise.all([
    repo.arrivals(db, scope),
    repo.resolutions(db, scope),
    repo.messageFlow(db, scope),
    repo.csatAnswers(db, scope),
    repo.bucketsOf(db, scope),
  ]);
  const table = new Table();
  for (const row of arrivals) Object.assign(table.cell(row), { created: row.created, firstResponse: row.firstResponse, firstResponseSla: row.sla });
  for (const row of resolutions) Object.assign(table.cell(row), { resolved: row.resolved, resolution: row.resolution, resolutionSla: row.sla });
  for (const row of flow) Object.assign(table.cell(row), { inbound: row.inbound, outbound: row.outbound, answered: row.answered, responseTime: row.responseTime });
  for (const row of csat) table.cell(row).csat = { responses: row.responses, average: row.average, satisfied: row.satisfied };

  if (request.businessHours) {
    const waits = await repo.durations(db, scope);
    const teamIds = [...new Set([...waits.firstResponse, ...waits.resolution, ...waits.responseTime].map((wait) => wait.teamId).filter((id): id is string => id !== null))];
    const calendars = new Map((await repo.teamCalendars(db, workspaceId, teamIds)).map((row) => [row.teamId, row.calendar as BusinessCalendar]));
    businessTimes(table, waits.firstResponse, calendars, 'firstResponse');
    businessTimes(table, waits.responseTime, calendars, 'responseTime');
    businessTimes(table, waits.resolution, calendars, 'resolution');
  }

  const keys = [...table.keys.keys()];
  const ids = keys.filter((key): key is string => key !== null);
  const names =
    request.groupBy === 'agent' ? await repo.memberNames(db, workspaceId, ids) : request.groupBy === 'team' ? await repo.teamNames(db, workspaceId, ids) : new Map<string, string>();
  const labelOf = (key: string | null) => {
    if (key === null) return request.groupBy === 'agent' ? 'Unassigned' : request.groupBy === 'team' ? 'No team' : '—';
    return names.get(key) ?? key;
  };
  const volume = (cell: Cell) => cell.created + cell.resolved + cell.inbound + cell.outbound + cell.csat.responses;
  const rows =
    request.groupBy === 'day' || request.groupBy === 'week'
      ? buckets.map((bucket) => ({ key: bucket, label: bucket, ...present(table.keys.get(bucket) ?? emptyCell()) }))
      : keys
          .sort((a, b) => volume(table.keys.get(b)!) - volume(table.keys.get(a)!) || labelOf(a).localeCompare(labelOf(b)))
          .map((key) => ({ key, label: labelOf(key), ...present(table.keys.get(key)!) }));

  return {
    from: request.from.toISOString(),
    to: request.to.toISOString(),
    groupBy: request.groupBy,
    interval,
    timeZone: scope.timeZone,
    businessHours: Boolean(request.businessHours),
    totals: present(table.total),
    rows,
    series: buckets.map((bucket) => ({ bucket, ...present(table.buckets.get(bucket) ?? emptyCell()) })),
  };
}
