// The only SQL of listening sources: the sources table (settings, sealed credentials, cursor, health,
// counters, stream leases) and the generic webhook's dead letters.
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { listeningDeadLetters, listeningSources } from '../../../db/schema.js';
import type { Cursor } from '../../../lib/pagination.js';
import type { FailureOutcome } from './health.js';

export type SourceRow = typeof listeningSources.$inferSelect;
export type NewSourceRow = typeof listeningSources.$inferInsert;
export type DeadLetterRow = typeof listeningDeadLetters.$inferSelect;

export const POLL_JOB = 'listening.poll_source';
export const pollJobKey = (sourceId: string) => `${POLL_JOB}:${sourceId}`;

export async function insertSource(db: Executor, row: NewSourceRow): Promise<SourceRow> {
  const [source] = await db.insert(listeningSources).values(row).returning();
  return source!;
}

export async function findSource(db: Executor, workspaceId: string, sourceId: string, options: { forUpdate?: boolean } = {}): Promise<SourceRow | undefined> {
  const query = db
    .select()
    .from(listeningSources)
    .where(and(eq(listeningSources.workspaceId, workspaceId), eq(listeningSources.id, sourceId)));
  const [source] = options.forUpdate ? await query.for('update') : await query;
  return source;
}

/** The webhook knows only the source id from its URL; the workspace comes from the row. */
export async function findSourceForWebhook(db: Executor, sourceId: string): Promise<SourceRow | undefined> {
  const [source] = await db.select().from(listeningSources).where(eq(listeningSources.id, sourceId));
  return source;
}

export async function listSources(db: Executor, workspaceId: string, cursor: Cursor | null, limit: number): Promise<SourceRow[]> {
  return db
    .select()
    .from(listeningSources)
    .where(
      and(
        eq(listeningSources.workspaceId, workspaceId),
        cursor ? sql`(${listeningSources.createdAt}, ${listeningSources.id}) > (${cursor.at}::timestamptz, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(listeningSources.createdAt, listeningSources.id)
    .limit(limit + 1);
}

export async function updateSourceRow(db: Executor, workspaceId: string, sourceId: string, patch: Partial<NewSourceRow>): Promise<SourceRow> {
  const [source] = await db
    .update(listeningSources)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(listeningSources.workspaceId, workspaceId), eq(listeningSources.id, sourceId)))
    .returning();
  return source!;
}

export async function deleteSourceRow(db: Executor, workspaceId: string, sourceId: string): Promise<void> {
  await db.delete(listeningSources).where(and(eq(listeningSources.workspaceId, workspaceId), eq(listeningSources.id, sourceId)));
}

/** Queues one poll of a source now (the job key makes a second request while one waits a no-op). */
export async function enqueuePoll(db: Executor, workspaceId: string, sourceId: string): Promise<void> {
  await db.execute(sql`SELECT graphile_worker.add_job(${POLL_JOB}, json_build_object('workspaceId', ${workspaceId}::text, 'sourceId', ${sourceId}::text),
                        max_attempts := 1, job_key := ${pollJobKey(sourceId)})`);
}

/**
 * The poll cron's one statement: every enabled polling source that is due gets a poll job (keyed per
 * source, so racing workers collide instead of duplicating) and its next poll pushed out by a lease,
 * so the next minute does not queue it again while its job runs; the job sets the real next time.
 */
export async function queueDuePolls(db: Executor, leaseSeconds: number, limit = 1000): Promise<number> {
  const result = await db.execute<{ queued: number }>(sql`
    WITH due AS (
      UPDATE listening_sources s SET next_poll_at = now() + make_interval(secs => ${leaseSeconds})
       WHERE s.id IN (SELECT id FROM listening_sources
                       WHERE enabled AND mode = 'polling' AND next_poll_at <= now()
                         AND state NOT IN ('needs_reconnect', 'misconfigured', 'paused')
                       ORDER BY next_poll_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING s.id, s.workspace_id)
    SELECT count(graphile_worker.add_job(${POLL_JOB}, json_build_object('workspaceId', workspace_id, 'sourceId', id),
                                         max_attempts := 1, job_key := ${`${POLL_JOB}:`} || id))::int AS queued
      FROM due`);
  return Number(result.rows[0]?.queued ?? 0);
}

/** Only the holder of a stream's lease may write its progress; polls pass no owner. */
const leaseHeld = (owner: string | undefined) => (owner === undefined ? undefined : eq(listeningSources.leaseOwner, owner));

/**
 * A successful run: the new cursor, the counters, health back to ok and the next run, in one
 * statement. Returns false when the source is gone (or, for a stream, its lease was lost).
 */
export async function recordSuccess(
  db: Executor,
  sourceId: string,
  result: { cursor: string | null; received: number; stored: number; nextRunAt: Date | null; leaseOwner?: string },
): Promise<boolean> {
  const updated = await db
    .update(listeningSources)
    .set({
      cursor: result.cursor,
      postsReceived: sql`${listeningSources.postsReceived} + ${result.received}`,
      mentionsStored: sql`${listeningSources.mentionsStored} + ${result.stored}`,
      state: sql`CASE WHEN ${listeningSources.enabled} THEN 'ok' ELSE 'paused' END`,
      failures: 0,
      lastSuccessAt: new Date(),
      nextPollAt: result.nextRunAt,
    })
    .where(and(eq(listeningSources.id, sourceId), leaseHeld(result.leaseOwner)))
    .returning({ id: listeningSources.id });
  return updated.length > 0;
}

/** Counters of posts that came in by the webhook. */
export async function recordPushed(db: Executor, sourceId: string, received: number, stored: number): Promise<void> {
  await db
    .update(listeningSources)
    .set({
      postsReceived: sql`${listeningSources.postsReceived} + ${received}`,
      mentionsStored: sql`${listeningSources.mentionsStored} + ${stored}`,
      state: 'ok',
      lastSuccessAt: new Date(),
    })
    .where(eq(listeningSources.id, sourceId));
}

/**
 * A failed run. Only a run of the settings it started with may stop the source: a change of config
 * or credentials meanwhile (a newer revision) has already reset its health.
 */
export async function recordFailure(db: Executor, sourceId: string, outcome: FailureOutcome, options: { revision: number; leaseOwner?: string }): Promise<void> {
  await db
    .update(listeningSources)
    .set({
      state: outcome.state,
      lastError: outcome.message,
      lastErrorKind: outcome.kind,
      lastErrorAt: new Date(),
      failures: outcome.failures,
      nextPollAt: outcome.nextRunAt,
      ...(outcome.clearCursor ? { cursor: null } : {}),
    })
    .where(and(eq(listeningSources.id, sourceId), eq(listeningSources.revision, options.revision), leaseHeld(options.leaseOwner)));
}

// --- streams ---

/** Enabled streaming sources that are not stopped: what a stream supervisor should be running. */
export async function listStreamingSources(db: Executor): Promise<SourceRow[]> {
  return db
    .select()
    .from(listeningSources)
    .where(and(eq(listeningSources.enabled, true), eq(listeningSources.mode, 'streaming'), sql`${listeningSources.state} NOT IN ('needs_reconnect', 'misconfigured', 'paused')`));
}

/** Takes or renews a stream's lease: true when this owner holds it until now + ms. */
/**
 * Takes or renews a source's lease. `due`: only if the source is due now, as the row says at this moment
 * (a process whose scan read the row before another recorded a failure and its backoff must not start it).
 */
export async function takeLease(db: Executor, sourceId: string, owner: string, ms: number, options: { due?: boolean } = {}): Promise<boolean> {
  const taken = await db
    .update(listeningSources)
    .set({ leaseOwner: owner, leaseUntil: sql`now() + make_interval(secs => ${ms / 1000})` })
    .where(
      and(
        eq(listeningSources.id, sourceId),
        or(sql`${listeningSources.leaseOwner} IS NULL`, eq(listeningSources.leaseOwner, owner), lt(listeningSources.leaseUntil, sql`now()`)),
        options.due ? sql`(${listeningSources.nextPollAt} IS NULL OR ${listeningSources.nextPollAt} <= now())` : undefined,
      ),
    )
    .returning({ id: listeningSources.id });
  return taken.length > 0;
}

export async function releaseLease(db: Executor, sourceId: string, owner: string): Promise<void> {
  await db
    .update(listeningSources)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(listeningSources.id, sourceId), eq(listeningSources.leaseOwner, owner)));
}

// --- dead letters ---

export async function insertDeadLetter(db: Executor, row: typeof listeningDeadLetters.$inferInsert): Promise<number> {
  const [letter] = await db.insert(listeningDeadLetters).values(row).returning({ id: listeningDeadLetters.id });
  return letter!.id;
}

export async function listDeadLetters(db: Executor, workspaceId: string, sourceId: string, cursor: Cursor | null, limit: number): Promise<DeadLetterRow[]> {
  return db
    .select()
    .from(listeningDeadLetters)
    .where(
      and(
        eq(listeningDeadLetters.workspaceId, workspaceId),
        eq(listeningDeadLetters.sourceId, sourceId),
        cursor ? sql`(${listeningDeadLetters.createdAt}, ${listeningDeadLetters.id}) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)` : undefined,
      ),
    )
    .orderBy(desc(listeningDeadLetters.createdAt), desc(listeningDeadLetters.id))
    .limit(limit + 1);
}
