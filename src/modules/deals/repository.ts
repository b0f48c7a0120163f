// The only SQL of pipelines, stages and deals. Every function takes the workspace id and filters by
// it. Contacts, companies and members are only read here (names on cards, report counts), never written.
import { and, asc, desc, eq, gt, ilike, inArray, lt, max, min, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { companies, contacts, deals, members, pipelines, pipelineStages, users, type AcquisitionSource, type DealStatus } from '../../db/schema.js';
import type { Cursor } from '../../lib/pagination.js';

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof pipelineStages.$inferSelect;

// --- pipelines ---

/** Serializes pipeline and stage configuration changes within one workspace (released at commit). */
export async function lockPipelines(tx: Executor, workspaceId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`parley.pipelines:${workspaceId}`}))`);
}

export async function listPipelines(db: Executor, workspaceId: string): Promise<PipelineRow[]> {
  return db.select().from(pipelines).where(eq(pipelines.workspaceId, workspaceId)).orderBy(asc(pipelines.position), asc(pipelines.createdAt), asc(pipelines.id));
}

export async function findPipeline(db: Executor, workspaceId: string, pipelineId: string): Promise<PipelineRow | undefined> {
  const [row] = await db.select().from(pipelines).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, pipelineId)));
  return row;
}

/** A pipeline and its stages in board order, in one query. */
export async function findPipelineWithStages(db: Executor, workspaceId: string, pipelineId: string) {
  const rows = await db
    .select({ pipeline: pipelines, stage: pipelineStages })
    .from(pipelines)
    .innerJoin(pipelineStages, eq(pipelineStages.pipelineId, pipelines.id))
    .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, pipelineId)))
    .orderBy(asc(pipelineStages.position), asc(pipelineStages.id));
  const first = rows[0];
  return first ? { pipeline: first.pipeline, stages: rows.map((row) => row.stage) } : undefined;
}

export async function findDefaultPipeline(db: Executor, workspaceId: string): Promise<PipelineRow | undefined> {
  const [row] = await db
    .select()
    .from(pipelines)
    .where(eq(pipelines.workspaceId, workspaceId))
    .orderBy(desc(pipelines.isDefault), asc(pipelines.position), asc(pipelines.createdAt))
    .limit(1);
  return row;
}

export async function insertPipeline(db: Executor, row: typeof pipelines.$inferInsert): Promise<PipelineRow> {
  const [created] = await db.insert(pipelines).values(row).returning();
  return created!;
}

export async function updatePipeline(
  db: Executor,
  workspaceId: string,
  pipelineId: string,
  patch: Partial<Pick<PipelineRow, 'name' | 'position' | 'isDefault'>>,
): Promise<PipelineRow | undefined> {
  const [row] = await db
    .update(pipelines)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, pipelineId)))
    .returning();
  return row;
}

export async function clearDefaultPipeline(db: Executor, workspaceId: string): Promise<void> {
  await db.update(pipelines).set({ isDefault: false }).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.isDefault, true)));
}

export async function deletePipeline(db: Executor, workspaceId: string, pipelineId: string): Promise<void> {
  await db.delete(pipelines).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, pipelineId)));
}

export async function nextPipelinePosition(db: Executor, workspaceId: string): Promise<number> {
  const [row] = await db.select({ value: max(pipelines.position) }).from(pipelines).where(eq(pipelines.workspaceId, workspaceId));
  return row?.value === null || row?.value === undefined ? 0 : row.value + 1;
}

// --- stages ---

export async function listStages(db: Executor, workspaceId: string, pipelineIds?: string[]): Promise<StageRow[]> {
  const conditions = [eq(pipelineStages.workspaceId, workspaceId)];
  if (pipelineIds) conditions.push(inArray(pipelineStages.pipelineId, pipelineIds.length > 0 ? pipelineIds : ['']));
  return db
    .select()
    .from(pipelineStages)
    .where(and(...conditions))
    .orderBy(asc(pipelineStages.pipelineId), asc(pipelineStages.position), asc(pipelineStages.id));
}

export async function findStage(db: Executor, workspaceId: string, stageId: string): Promise<StageRow | undefined> {
  const [row] = await db.select().from(pipelineStages).where(and(eq(pipelineStages.workspaceId, workspaceId), eq(pipelineStages.id, stageId)));
  return row;
}

export async function insertStages(db: Executor, rows: (typeof pipelineStages.$inferInsert)[]): Promise<StageRow[]> {
  if (rows.length === 0) return [];
  return db.insert(pipelineStages).values(rows).returning();
}

export async function updateStage(
  db: Executor,
  workspaceId: string,
  stageId: string,
  patch: Partial<Pick<StageRow, 'name' | 'probability' | 'position'>>,
): Promise<StageRow | undefined> {
  const [row] = await db
    .update(pipelineStages)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(pipelineStages.workspaceId, workspaceId), eq(pipelineStages.id, stageId)))
    .returning();
  return row;
}

export async function deleteStage(db: Executor, workspaceId: string, stageId: string): Promise<void> {
  await db.delete(pipelineStages).where(and(eq(pipelineStages.workspaceId, workspaceId), eq(pipelineStages.id, stageId)));
}

// --- deals ---

const dealColumns = {
  id: deals.id,
  workspaceId: deals.workspaceId,
  pipelineId: deals.pipelineId,
  stageId: deals.stageId,
  title: deals.title,
  contactId: deals.contactId,
  contactName: contacts.name,
  companyId: deals.companyId,
  companyName: companies.name,
  amount: deals.amount,
  currency: deals.currency,
  expectedCloseDate: deals.expectedCloseDate,
  ownerMemberId: deals.ownerMemberId,
  ownerName: users.name,
  source: deals.source,
  sourceChannel: deals.sourceChannel,
  sourceRef: deals.sourceRef,
  status: deals.status,
  lostReason: deals.lostReason,
  closedAt: deals.closedAt,
  position: deals.position,
  createdAt: deals.createdAt,
  updatedAt: deals.updatedAt,
};

function selectDeals(db: Executor) {
  return db
    .select(dealColumns)
    .from(deals)
    .leftJoin(contacts, and(eq(contacts.id, deals.contactId), eq(contacts.workspaceId, deals.workspaceId)))
    .leftJoin(companies, and(eq(companies.id, deals.companyId), eq(companies.workspaceId, deals.workspaceId)))
    .leftJoin(members, and(eq(members.id, deals.ownerMemberId), eq(members.workspaceId, deals.workspaceId)))
    .leftJoin(users, eq(users.id, members.userId));
}
export type DealRow = Awaited<ReturnType<ReturnType<typeof selectDeals>['execute']>>[number];

export async function findDeal(db: Executor, workspaceId: string, dealId: string): Promise<DealRow | undefined> {
  const [row] = await selectDeals(db).where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, dealId)));
  return row;
}

export type DealFilter = {
  pipelineId?: string;
  stageId?: string;
  status?: DealStatus;
  ownerMemberId?: string;
  contactId?: string;
  companyId?: string;
  source?: AcquisitionSource;
  q?: string;
};

/** Newest first, paged by (created_at, id) descending. */
export async function listDeals(db: Executor, workspaceId: string, filter: DealFilter, cursor: Cursor | null, limit: number): Promise<DealRow[]> {
  const conditions: (SQL | undefined)[] = [eq(deals.workspaceId, workspaceId)];
  if (cursor) conditions.push(sql`(${deals.createdAt}, ${deals.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);
  if (filter.pipelineId) conditions.push(eq(deals.pipelineId, filter.pipelineId));
  if (filter.stageId) conditions.push(eq(deals.stageId, filter.stageId));
  if (filter.status) conditions.push(eq(deals.status, filter.status));
  if (filter.ownerMemberId) conditions.push(eq(deals.ownerMemberId, filter.ownerMemberId));
  if (filter.contactId) conditions.push(eq(deals.contactId, filter.contactId));
  if (filter.companyId) conditions.push(eq(deals.companyId, filter.companyId));
  if (filter.source) conditions.push(eq(deals.source, filter.source));
  if (filter.q) conditions.push(ilike(deals.title, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  return selectDeals(db)
    .where(and(...conditions))
    .orderBy(desc(deals.createdAt), desc(deals.id))
    .limit(limit + 1);
}

/** Every deal of a pipeline in board order: one query for the whole board. */
export async function listBoardDeals(db: Executor, workspaceId: string, pipelineId: string): Promise<DealRow[]> {
  return selectDeals(db)
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.pipelineId, pipelineId)))
    .orderBy(asc(deals.stageId), asc(deals.position), asc(deals.id));
}

export async function insertDeal(db: Executor, row: typeof deals.$inferInsert): Promise<void> {
  await db.insert(deals).values(row);
}

export async function updateDeal(db: Executor, workspaceId: string, dealId: string, patch: Partial<typeof deals.$inferInsert>): Promise<void> {
  await db
    .update(deals)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, dealId)));
}

export async function deleteDeal(db: Executor, workspaceId: string, dealId: string): Promise<void> {
  await db.delete(deals).where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, dealId)));
}

export async function countDeals(db: Executor, workspaceId: string, where: { pipelineId?: string; stageId?: string; status?: DealStatus }): Promise<number> {
  const conditions = [eq(deals.workspaceId, workspaceId)];
  if (where.pipelineId) conditions.push(eq(deals.pipelineId, where.pipelineId));
  if (where.stageId) conditions.push(eq(deals.stageId, where.stageId));
  if (where.status) conditions.push(eq(deals.status, where.status));
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(deals).where(and(...conditions));
  return row?.n ?? 0;
}

/** Moves every deal of a pipeline into another one: open deals to one stage, won and lost ones to theirs. */
export async function moveDealsToPipeline(
  db: Executor,
  workspaceId: string,
  fromPipelineId: string,
  to: { pipelineId: string; openStageId: string; wonStageId: string; lostStageId: string },
): Promise<void> {
  await db
    .update(deals)
    .set({
      pipelineId: to.pipelineId,
      stageId: sql`CASE ${deals.status} WHEN 'won' THEN ${to.wonStageId} WHEN 'lost' THEN ${to.lostStageId} ELSE ${to.openStageId} END`,
      // Appended after what the target stages hold, keeping the moved deals' relative order.
      position: sql`${deals.position} + coalesce((SELECT max(d2.position) FROM deals d2 WHERE d2.workspace_id = ${workspaceId} AND d2.pipeline_id = ${to.pipelineId}), 0) + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.pipelineId, fromPipelineId)));
}

// --- positions within a stage ---

export async function dealPosition(db: Executor, workspaceId: string, stageId: string, dealId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ position: deals.position })
    .from(deals)
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.stageId, stageId), eq(deals.id, dealId)));
  return row?.position;
}

/** The nearest position before (or after) `position` in a stage, leaving out the deal being moved. */
export async function neighbourPosition(
  db: Executor,
  workspaceId: string,
  stageId: string,
  position: number,
  side: 'before' | 'after',
  excludeDealId: string,
): Promise<number | null> {
  const base = [eq(deals.workspaceId, workspaceId), eq(deals.stageId, stageId), ne(deals.id, excludeDealId)];
  const [row] = await db
    .select({ value: side === 'before' ? max(deals.position) : min(deals.position) })
    .from(deals)
    .where(and(...base, side === 'before' ? lt(deals.position, position) : gt(deals.position, position)));
  return row?.value ?? null;
}

export async function lastPosition(db: Executor, workspaceId: string, stageId: string, excludeDealId: string): Promise<number | null> {
  const [row] = await db
    .select({ value: max(deals.position) })
    .from(deals)
    .where(and(eq(deals.workspaceId, workspaceId), eq(deals.stageId, stageId), ne(deals.id, excludeDealId)));
  return row?.value ?? null;
}

/** Spreads a stage's deals to 1, 2, 3… when repeated halving has used up the room between two of them. */
export async function renumberStage(db: Executor, workspaceId: string, stageId: string): Promise<void> {
  await db.execute(sql`
    UPDATE deals SET position = ordered.n
    FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS n FROM deals WHERE workspace_id = ${workspaceId} AND stage_id = ${stageId}) AS ordered
    WHERE deals.id = ordered.id AND deals.workspace_id = ${workspaceId}`);
}

// --- other domains' rows, read-only ---

export async function memberExists(db: Executor, workspaceId: string, memberId: string): Promise<boolean> {
  const [row] = await db.select({ id: members.id }).from(members).where(and(eq(members.workspaceId, workspaceId), eq(members.id, memberId)));
  return Boolean(row);
}

export async function companyExists(db: Executor, workspaceId: string, companyId: string): Promise<boolean> {
  const [row] = await db.select({ id: companies.id }).from(companies).where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, companyId)));
  return Boolean(row);
}

// --- conversion report ---

export type Period = 'month' | 'week';
// A literal, not a parameter: the same expression appears in SELECT and GROUP BY, which PostgreSQL
// only matches when they are textually equal.
const truncUnit = (period: Period) => sql.raw(period === 'week' ? "'week'" : "'month'");

/** Contacts created in [from, to), counted per acquisition source and period bucket (merged-away contacts left out). */
export async function leadCounts(db: Executor, workspaceId: string, from: Date, to: Date, period: Period) {
  const bucket = sql<string>`to_char(date_trunc(${truncUnit(period)}, ${contacts.createdAt} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  return db
    .select({
      source: contacts.source,
      period: bucket,
      contacts: sql<number>`count(*)::int`,
      customers: sql<number>`count(${contacts.becameCustomerAt})::int`,
    })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        sql`${contacts.mergedIntoId} IS NULL`,
        sql`${contacts.createdAt} >= ${from.toISOString()}::timestamptz`,
        sql`${contacts.createdAt} < ${to.toISOString()}::timestamptz`,
      ),
    )
    .groupBy(contacts.source, bucket);
}

/** Deals won or lost in [from, to), one row each: the median needs the individual durations. */
export async function closedDeals(db: Executor, workspaceId: string, from: Date, to: Date, period: Period) {
  return db
    .select({
      source: deals.source,
      status: deals.status,
      period: sql<string>`to_char(date_trunc(${truncUnit(period)}, ${deals.closedAt} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
      amount: deals.amount,
      currency: deals.currency,
      days: sql<number>`extract(epoch FROM ${deals.closedAt} - ${deals.createdAt})::float8 / 86400`,
    })
    .from(deals)
    .where(
      and(
        eq(deals.workspaceId, workspaceId),
        inArray(deals.status, ['won', 'lost']),
        sql`${deals.closedAt} >= ${from.toISOString()}::timestamptz`,
        sql`${deals.closedAt} < ${to.toISOString()}::timestamptz`,
      ),
    );
}
