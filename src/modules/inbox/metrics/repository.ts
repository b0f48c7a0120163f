// SQL of the inbox metrics. Each family of measures is one statement grouped by GROUPING SETS, so the
// rows of the chosen dimension, the time series and the totals come from one pass (percentiles cannot
// be added up afterwards). Everything is scoped by workspace and bounded by a time range.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import type { WeeklyHours } from '../../../db/schema.js';

export type MetricsDimension = 'agent' | 'team' | 'channel' | 'day' | 'week';
export type MetricsInterval = 'day' | 'week';

export type MetricsScope = {
  workspaceId: string;
  /** [from, to) */
  from: Date;
  to: Date;
  groupBy: MetricsDimension;
  /** The buckets of the series */
  interval: MetricsInterval;
  /** IANA zone the day and week buckets are cut in */
  timeZone: string;
  teamId?: string;
  channel?: string;
  /** The clock that decides whether an unanswered target is already breached */
  now: Date;
};

/** Which part of GROUPING SETS ((key), (bucket), ()) a row belongs to. */
export type GroupLevel = 'key' | 'bucket' | 'total';
type Grouped = { level: GroupLevel; key: string | null; bucket: string | null };
export type TimeStats = { count: number; median: number | null; p90: number | null; mean: number | null };

const iso = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const unit = (interval: MetricsInterval) => sql.raw(interval === 'week' ? "'week'" : "'day'");
/** The local date (YYYY-MM-DD) of the day or ISO week (Monday) a moment falls in. */
const bucketOf = (column: SQL, scope: MetricsScope) => sql`to_char(date_trunc(${unit(scope.interval)}, ${column} AT TIME ZONE ${scope.timeZone}), 'YYYY-MM-DD')`;
const level = (grouping: number): GroupLevel => (grouping === 1 ? 'key' : grouping === 2 ? 'bucket' : 'total');
const seconds = (end: SQL, start: SQL) => sql`extract(epoch FROM ${end} - ${start})::float8`;
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** median, p90 and mean of a duration column of the inner query, in seconds */
const timeStats = (name: string) => {
  const column = sql.raw(name);
  return sql`count(${column})::int AS ${sql.raw(`${name}_count`)},
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) AS ${sql.raw(`${name}_median`)},
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}) AS ${sql.raw(`${name}_p90`)},
    avg(${column}) AS ${sql.raw(`${name}_mean`)}`;
};
const readTimeStats = (row: Record<string, unknown>, name: string): TimeStats => ({
  count: Number(row[`${name}_count`] ?? 0),
  median: num(row[`${name}_median`]),
  p90: num(row[`${name}_p90`]),
  mean: num(row[`${name}_mean`]),
});

/** The dimension key of a conversation-level measure; per agent that is the conversation's assignee. */
function conversationKey(scope: MetricsScope, bucket: SQL): SQL {
  switch (scope.groupBy) {
    case 'agent':
      return sql`c.assignee_member_id`;
    case 'team':
      return sql`c.team_id`;
    case 'channel':
      return sql`c.channel_type`;
    default:
      return bucket;
  }
}

function conversationFilters(scope: MetricsScope): SQL {
  const parts = [sql`c.workspace_id = ${scope.workspaceId}`, sql`c.merged_into_id IS NULL`];
  if (scope.teamId) parts.push(sql`c.team_id = ${scope.teamId}`);
  if (scope.channel) parts.push(sql`c.channel_type = ${scope.channel}`);
  return sql.join(parts, sql` AND `);
}

const groupedSelect = (inner: SQL, measures: SQL) => sql`
  SELECT key, bucket, GROUPING(key, bucket)::int AS grouping, ${measures}
  FROM (${inner}) x
  GROUP BY GROUPING SETS ((key), (bucket), ())`;

const breachedTarget = (target: string) =>
  sql`EXISTS (SELECT 1 FROM conversation_events e WHERE e.conversation_id = c.id AND e.type = 'sla.breached' AND e.data->>'target' = ${target})`;

async function grouped<T>(db: Executor, query: SQL, read: (row: Record<string, unknown>) => T): Promise<(Grouped & T)[]> {
  const result = await db.execute<Record<string, unknown>>(query);
  return result.rows.map((row) => ({ level: level(Number(row.grouping)), key: (row.key as string | null) ?? null, bucket: (row.bucket as string | null) ?? null, ...read(row) }));
}

/**
 * Conversations that arrived in the range (created_at): how many, how fast they got a first answer
 * (first_response_at − first_inbound_at) and whether the first-response target of their SLA policy was
 * met. A target is breached when the SLA recorded a breach (an sla.breached event) or the answer has
 * not come by `now` past its due time; met when answered without a breach; still running ones and
 * policies without that target are not counted.
 */
export async function arrivals(db: Executor, scope: MetricsScope) {
  const bucket = bucketOf(sql`c.created_at`, scope);
  const breached = sql`(${breachedTarget('first_response')} OR (c.first_response_due_at IS NOT NULL AND coalesce(c.first_response_at, ${iso(scope.now)}) > c.first_response_due_at))`;
  const inner = sql`
    SELECT ${conversationKey(scope, bucket)} AS key, ${bucket} AS bucket,
      ${seconds(sql`c.first_response_at`, sql`c.first_inbound_at`)} AS first_response,
      CASE WHEN p.first_response_minutes IS NULL THEN NULL
           WHEN ${breached} THEN 'breached'
           WHEN c.first_response_at IS NOT NULL THEN 'met' END AS sla
    FROM conversations c LEFT JOIN sla_policies p ON p.id = c.sla_policy_id
    WHERE ${conversationFilters(scope)} AND c.created_at >= ${iso(scope.from)} AND c.created_at < ${iso(scope.to)}`;
  const measures = sql`count(*)::int AS created, ${timeStats('first_response')},
    count(*) FILTER (WHERE sla = 'met')::int AS sla_met, count(*) FILTER (WHERE sla = 'breached')::int AS sla_breached`;
  return grouped(db, groupedSelect(inner, measures), (row) => ({
    created: Number(row.created),
    firstResponse: readTimeStats(row, 'first_response'),
    sla: { met: Number(row.sla_met), breached: Number(row.sla_breached) },
  }));
}

/** Conversations resolved in the range: how many, how long from the first message to resolution, and the resolution target. */
export async function resolutions(db: Executor, scope: MetricsScope) {
  const bucket = bucketOf(sql`c.resolved_at`, scope);
  const breached = sql`(${breachedTarget('resolution')} OR (c.resolution_due_at IS NOT NULL AND c.resolved_at > c.resolution_due_at))`;
  const inner = sql`
    SELECT ${conversationKey(scope, bucket)} AS key, ${bucket} AS bucket,
      ${seconds(sql`c.resolved_at`, sql`coalesce(c.first_inbound_at, c.created_at)`)} AS resolution,
      CASE WHEN p.resolution_minutes IS NULL THEN NULL WHEN ${breached} THEN 'breached' ELSE 'met' END AS sla
    FROM conversations c LEFT JOIN sla_policies p ON p.id = c.sla_policy_id
    WHERE ${conversationFilters(scope)} AND c.status = 'resolved' AND c.resolved_at >= ${iso(scope.from)} AND c.resolved_at < ${iso(scope.to)}`;
  const measures = sql`count(*)::int AS resolved, ${timeStats('resolution')},
    count(*) FILTER (WHERE sla = 'met')::int AS sla_met, count(*) FILTER (WHERE sla = 'breached')::int AS sla_breached`;
  return grouped(db, groupedSelect(inner, measures), (row) => ({
    resolved: Number(row.resolved),
    resolution: readTimeStats(row, 'resolution'),
    sla: { met: Number(row.sla_met), breached: Number(row.sla_breached) },
  }));
}

/**
 * Customer messages (notes left out) sent or received in the range, through messages_workspace_created_idx:
 * inbound and outbound counts, the inbound ones answered (answered_at, set when an agent's reply
 * followed) and how long each waited for that answer. Per agent, an inbound message counts for the
 * conversation's assignee and an outbound one for its author.
 */
export async function messageFlow(db: Executor, scope: MetricsScope) {
  const bucket = bucketOf(sql`m.created_at`, scope);
  const needsConversation = scope.groupBy === 'agent' || scope.groupBy === 'team' || scope.groupBy === 'channel' || Boolean(scope.teamId || scope.channel);
  const key =
    scope.groupBy === 'agent'
      ? sql`CASE WHEN m.direction = 'outbound' THEN m.author_member_id ELSE c.assignee_member_id END`
      : scope.groupBy === 'team' || scope.groupBy === 'channel'
        ? conversationKey(scope, bucket)
        : bucket;
  const inner = sql`
    SELECT ${key} AS key, ${bucket} AS bucket, m.direction, m.answered_at IS NOT NULL AS answered,
      CASE WHEN m.direction = 'inbound' THEN ${seconds(sql`m.answered_at`, sql`m.created_at`)} END AS response
    FROM messages m ${needsConversation ? sql`JOIN conversations c ON c.id = m.conversation_id AND ${conversationFilters(scope)}` : sql``}
    WHERE m.workspace_id = ${scope.workspaceId} AND m.kind = 'message'
      AND m.created_at >= ${iso(scope.from)} AND m.created_at < ${iso(scope.to)}`;
  const measures = sql`count(*) FILTER (WHERE direction = 'inbound')::int AS inbound,
    count(*) FILTER (WHERE direction = 'outbound')::int AS outbound,
    count(*) FILTER (WHERE direction = 'inbound' AND answered)::int AS answered, ${timeStats('response')}`;
  return grouped(db, groupedSelect(inner, measures), (row) => ({
    inbound: Number(row.inbound),
    outbound: Number(row.outbound),
    answered: Number(row.answered),
    responseTime: readTimeStats(row, 'response'),
  }));
}

/** CSAT answers given in the range, for the agent and team that resolved the conversation. */
export async function csatAnswers(db: Executor, scope: MetricsScope) {
  const bucket = bucketOf(sql`r.answered_at`, scope);
  const key =
    scope.groupBy === 'agent' ? sql`r.member_id` : scope.groupBy === 'team' ? sql`r.team_id` : scope.groupBy === 'channel' ? sql`r.channel_type` : bucket;
  const filters = [sql`r.workspace_id = ${scope.workspaceId}`, sql`r.answered_at >= ${iso(scope.from)}`, sql`r.answered_at < ${iso(scope.to)}`];
  if (scope.teamId) filters.push(sql`r.team_id = ${scope.teamId}`);
  if (scope.channel) filters.push(sql`r.channel_type = ${scope.channel}`);
  const inner = sql`SELECT ${key} AS key, ${bucket} AS bucket, r.score FROM csat_responses r WHERE ${sql.join(filters, sql` AND `)} AND r.score IS NOT NULL`;
  const measures = sql`count(*)::int AS responses, avg(score)::float8 AS average, count(*) FILTER (WHERE score >= 4)::int AS satisfied`;
  return grouped(db, groupedSelect(inner, measures), (row) => ({ responses: Number(row.responses), average: num(row.average), satisfied: Number(row.satisfied) }));
}

/** One measured wait, for business-hours measures computed with the team's calendar outside SQL. */
export type Duration = { key: string | null; bucket: string; teamId: string | null; start: Date; end: Date };

const durationRows = async (db: Executor, query: SQL): Promise<Duration[]> => {
  const result = await db.execute<{ key: string | null; bucket: string; team_id: string | null; start: Date | string; end: Date | string }>(query);
  return result.rows.map((row) => ({ key: row.key, bucket: row.bucket, teamId: row.team_id, start: new Date(row.start), end: new Date(row.end) }));
};

/** The individual first-response, response and resolution waits behind the SQL aggregates. */
export async function durations(db: Executor, scope: MetricsScope) {
  const created = bucketOf(sql`c.created_at`, scope);
  const resolved = bucketOf(sql`c.resolved_at`, scope);
  const received = bucketOf(sql`m.created_at`, scope);
  const range = (column: SQL) => sql`${column} >= ${iso(scope.from)} AND ${column} < ${iso(scope.to)}`;
  const [firstResponse, resolution, responseTime] = await Promise.all([
    durationRows(db, sql`SELECT ${conversationKey(scope, created)} AS key, ${created} AS bucket, c.team_id, c.first_inbound_at AS start, c.first_response_at AS "end"
      FROM conversations c WHERE ${conversationFilters(scope)} AND ${range(sql`c.created_at`)} AND c.first_response_at IS NOT NULL AND c.first_inbound_at IS NOT NULL`),
    durationRows(db, sql`SELECT ${conversationKey(scope, resolved)} AS key, ${resolved} AS bucket, c.team_id, coalesce(c.first_inbound_at, c.created_at) AS start, c.resolved_at AS "end"
      FROM conversations c WHERE ${conversationFilters(scope)} AND c.status = 'resolved' AND ${range(sql`c.resolved_at`)}`),
    durationRows(db, sql`SELECT ${scope.groupBy === 'day' || scope.groupBy === 'week' ? received : conversationKey(scope, received)} AS key, ${received} AS bucket, c.team_id, m.created_at AS start, m.answered_at AS "end"
      FROM messages m JOIN conversations c ON c.id = m.conversation_id AND ${conversationFilters(scope)}
      WHERE m.workspace_id = ${scope.workspaceId} AND m.kind = 'message' AND m.direction = 'inbound' AND m.answered_at IS NOT NULL AND ${range(sql`m.created_at`)}`),
  ]);
  return { firstResponse, resolution, responseTime };
}

/** Every bucket the range touches, in the time zone, so charts show empty days as zero. */
export async function bucketsOf(db: Executor, scope: MetricsScope): Promise<string[]> {
  const result = await db.execute<{ bucket: string }>(sql`
    SELECT to_char(b, 'YYYY-MM-DD') AS bucket
    FROM generate_series(
      date_trunc(${unit(scope.interval)}, ${iso(scope.from)} AT TIME ZONE ${scope.timeZone}),
      (${iso(scope.to)} AT TIME ZONE ${scope.timeZone}) - interval '1 millisecond',
      ${sql.raw(scope.interval === 'week' ? "interval '1 week'" : "interval '1 day'")}) AS b`);
  return result.rows.map((row) => row.bucket);
}

/** Display names of the agents, teams and channels that appear as keys. */
export async function memberNames(db: Executor, workspaceId: string, memberIds: string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const result = await db.execute<{ id: string; name: string }>(sql`
    SELECT m.id, u.name FROM members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ${workspaceId} AND m.id IN ${memberIds}`);
  return new Map(result.rows.map((row) => [row.id, row.name]));
}

export async function teamNames(db: Executor, workspaceId: string, teamIds: string[]): Promise<Map<string, string>> {
  if (teamIds.length === 0) return new Map();
  const result = await db.execute<{ id: string; name: string }>(sql`SELECT id, name FROM teams WHERE workspace_id = ${workspaceId} AND id IN ${teamIds}`);
  return new Map(result.rows.map((row) => [row.id, row.name]));
}

/** The business calendars of teams (time zone, weekly hours, holidays); teams without settings are absent. */
export async function teamCalendars(db: Executor, workspaceId: string, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  const result = await db.execute<{ team_id: string; timezone: string; weekly_hours: WeeklyHours | null; holidays: string[] }>(sql`
    SELECT team_id, timezone, weekly_hours, holidays FROM team_inbox_settings WHERE workspace_id = ${workspaceId} AND team_id IN ${teamIds}`);
  return result.rows.map((row) => ({ teamId: row.team_id, calendar: { timezone: row.timezone, weeklyHours: row.weekly_hours, holidays: row.holidays } }));
}
