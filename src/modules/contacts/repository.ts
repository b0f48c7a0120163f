// The only SQL of contacts, companies, identities, consents, duplicates, merges and the timeline.
// Every function takes the workspace id and filters by it.
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  companies,
  contactConsents,
  contactMerges,
  contacts,
  duplicateSuggestions,
  identities,
  interactions,
  type IdentityChannel,
} from '../../db/schema.js';

export type ContactRow = typeof contacts.$inferSelect;
export type IdentityRow = typeof identities.$inferSelect;
export type CompanyRow = typeof companies.$inferSelect;
export type InteractionRow = typeof interactions.$inferSelect;
export type DuplicateRow = typeof duplicateSuggestions.$inferSelect;
export type MergeRow = typeof contactMerges.$inferSelect;

// --- contacts ---

export async function insertContact(db: Executor, row: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [created] = await db.insert(contacts).values(row).returning();
  return created!;
}

export async function updateContactRow(db: Executor, workspaceId: string, contactId: string, patch: Partial<typeof contacts.$inferInsert>) {
  const [row] = await db
    .update(contacts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning();
  return row;
}

export async function lockContacts(db: Executor, workspaceId: string, contactIds: string[]): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds)))
    .orderBy(asc(contacts.id))
    .for('update');
}

export async function findContactByEmail(db: Executor, workspaceId: string, email: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), sql`lower(${contacts.email}) = ${email}`, isNull(contacts.mergedIntoId)))
    .limit(1);
  return row;
}

export async function findContactByPhone(db: Executor, workspaceId: string, phone: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.phone, phone), isNull(contacts.mergedIntoId)))
    .limit(1);
  return row;
}

/** Ids of a contact and of every contact merged into it, directly or through earlier merges. */
export async function mergedFamily(db: Executor, workspaceId: string, contactId: string): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    WITH RECURSIVE family(id) AS (
      SELECT ${contactId}::text
      UNION
      SELECT c.id FROM ${contacts} c JOIN family f ON c.merged_into_id = f.id WHERE c.workspace_id = ${workspaceId}
    )
    SELECT id FROM family`);
  return result.rows.map((row) => row.id);
}

export async function deleteContactRow(db: Executor, workspaceId: string, contactId: string) {
  await db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
}

// --- identities ---

export async function findIdentity(db: Executor, workspaceId: string, channel: IdentityChannel, externalId: string): Promise<IdentityRow | undefined> {
  const [row] = await db
    .select()
    .from(identities)
    .where(and(eq(identities.workspaceId, workspaceId), eq(identities.channel, channel), eq(identities.externalId, externalId)));
  return row;
}

export async function findIdentityById(db: Executor, workspaceId: string, identityId: string): Promise<IdentityRow | undefined> {
  const [row] = await db
    .select()
    .from(identities)
    .where(and(eq(identities.workspaceId, workspaceId), eq(identities.id, identityId)));
  return row;
}

export async function insertIdentity(db: Executor, row: typeof identities.$inferInsert): Promise<IdentityRow | undefined> {
  const [created] = await db.insert(identities).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateIdentity(db: Executor, workspaceId: string, identityId: string, patch: Partial<typeof identities.$inferInsert>) {
  await db
    .update(identities)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(identities.workspaceId, workspaceId), eq(identities.id, identityId)));
}

export async function deleteIdentity(db: Executor, workspaceId: string, identityId: string) {
  await db.delete(identities).where(and(eq(identities.workspaceId, workspaceId), eq(identities.id, identityId)));
}

export async function identitiesOf(db: Executor, workspaceId: string, contactIds: string[]): Promise<IdentityRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(identities)
    .where(and(eq(identities.workspaceId, workspaceId), inArray(identities.contactId, contactIds)))
    .orderBy(asc(identities.channel), asc(identities.createdAt));
}

export async function moveIdentities(db: Executor, workspaceId: string, identityIds: string[], contactId: string) {
  if (identityIds.length === 0) return;
  await db
    .update(identities)
    .set({ contactId, updatedAt: new Date() })
    .where(and(eq(identities.workspaceId, workspaceId), inArray(identities.id, identityIds)));
}

// --- signals ---

/** Recomputes reach and engagement inputs from identities and the last 90 days of the timeline. */
export async function signalInputs(db: Executor, workspaceId: string, contactId: string) {
  const family = await mergedFamily(db, workspaceId, contactId);
  const [reach] = await db
    .select({
      followersTotal: sql<number>`coalesce(sum(${identities.followers}), 0)::int`,
      verified: sql<boolean>`coalesce(bool_or(${identities.verified}), false)`,
      networks: sql<number>`count(DISTINCT ${identities.channel}) FILTER (WHERE ${identities.channel} NOT IN ('email', 'phone'))::int`,
    })
    .from(identities)
    .where(and(eq(identities.workspaceId, workspaceId), eq(identities.contactId, contactId)));
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(interactions)
    .where(
      and(
        eq(interactions.workspaceId, workspaceId),
        inArray(interactions.contactId, family),
        sql`${interactions.occurredAt} > now() - interval '90 days'`,
        sql`${interactions.kind} NOT IN ('identity', 'lifecycle_change', 'task')`,
      ),
    );
  return { followersTotal: reach?.followersTotal ?? 0, verified: reach?.verified ?? false, networks: reach?.networks ?? 0, recent: recent?.n ?? 0 };
}

// --- consents ---

export async function consentsOf(db: Executor, workspaceId: string, contactId: string) {
  return db
    .select()
    .from(contactConsents)
    .where(and(eq(contactConsents.workspaceId, workspaceId), eq(contactConsents.contactId, contactId)))
    .orderBy(asc(contactConsents.channel));
}

export async function upsertConsent(db: Executor, row: typeof contactConsents.$inferInsert) {
  await db
    .insert(contactConsents)
    .values(row)
    .onConflictDoUpdate({
      target: [contactConsents.contactId, contactConsents.channel],
      set: { status: row.status, method: row.method, note: row.note ?? '', recordedAt: row.recordedAt ?? new Date(), recordedBy: row.recordedBy ?? null },
    });
}

// --- timeline ---

export type TimelineFilter = { kinds?: string[]; channels?: string[]; before?: { at: string; id: string } | null };

export async function timelineOf(db: Executor, workspaceId: string, contactIds: string[], filter: TimelineFilter, limit: number) {
  const conditions: (SQL | undefined)[] = [eq(interactions.workspaceId, workspaceId), inArray(interactions.contactId, contactIds)];
  if (filter.kinds?.length) conditions.push(inArray(interactions.kind, filter.kinds as InteractionRow['kind'][]));
  if (filter.channels?.length) conditions.push(inArray(interactions.channel, filter.channels));
  if (filter.before) conditions.push(sql`(${interactions.occurredAt}, ${interactions.id}) < (${filter.before.at}::timestamptz, ${Number(filter.before.id)})`);
  return db
    .select()
    .from(interactions)
    .where(and(...conditions))
    .orderBy(desc(interactions.occurredAt), desc(interactions.id))
    .limit(limit + 1);
}

export async function channelSummary(db: Executor, workspaceId: string, contactIds: string[]) {
  return db
    .select({
      channel: sql<string>`coalesce(${interactions.channel}, 'internal')`,
      count: sql<number>`count(*)::int`,
      lastAt: sql<Date>`max(${interactions.occurredAt})`,
      sentiment: sql<number | null>`avg(${interactions.sentiment})::real`,
    })
    .from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), inArray(interactions.contactId, contactIds)))
    .groupBy(sql`coalesce(${interactions.channel}, 'internal')`)
    .orderBy(desc(sql`max(${interactions.occurredAt})`));
}

export async function sentimentTrend(db: Executor, workspaceId: string, contactIds: string[], weeks: number) {
  return db
    .select({
      week: sql<string>`to_char(date_trunc('week', ${interactions.occurredAt}), 'YYYY-MM-DD')`,
      average: sql<number>`avg(${interactions.sentiment})::real`,
      count: sql<number>`count(*)::int`,
    })
    .from(interactions)
    .where(
      and(
        eq(interactions.workspaceId, workspaceId),
        inArray(interactions.contactId, contactIds),
        sql`${interactions.sentiment} IS NOT NULL`,
        sql`${interactions.occurredAt} > now() - make_interval(weeks => ${weeks})`,
      ),
    )
    .groupBy(sql`1`)
    .orderBy(sql`1`);
}

// --- duplicates ---

export async function upsertDuplicate(db: Executor, row: typeof duplicateSuggestions.$inferInsert) {
  await db
    .insert(duplicateSuggestions)
    .values(row)
    .onConflictDoUpdate({
      target: [duplicateSuggestions.workspaceId, duplicateSuggestions.contactAId, duplicateSuggestions.contactBId],
      set: { score: row.score, reasons: row.reasons, updatedAt: new Date() },
      // A person's decision stands: dismissed or merged pairs are not reopened.
      where: sql`${duplicateSuggestions.status} = 'open'`,
    });
}

export async function listDuplicates(db: Executor, workspaceId: string, status: DuplicateRow['status'], cursor: { score: number; id: string } | null, limit: number) {
  return db
    .select()
    .from(duplicateSuggestions)
    .where(
      and(
        eq(duplicateSuggestions.workspaceId, workspaceId),
        eq(duplicateSuggestions.status, status),
        cursor ? sql`(${duplicateSuggestions.score}, ${duplicateSuggestions.id}) < (${cursor.score}, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(duplicateSuggestions.score), desc(duplicateSuggestions.id))
    .limit(limit + 1);
}

export async function findDuplicate(db: Executor, workspaceId: string, id: string): Promise<DuplicateRow | undefined> {
  const [row] = await db
    .select()
    .from(duplicateSuggestions)
    .where(and(eq(duplicateSuggestions.workspaceId, workspaceId), eq(duplicateSuggestions.id, id)));
  return row;
}

export async function decideDuplicate(db: Executor, workspaceId: string, id: string, status: DuplicateRow['status'], decidedBy: string | null) {
  await db
    .update(duplicateSuggestions)
    .set({ status, decidedAt: status === 'open' ? null : new Date(), decidedBy, updatedAt: new Date() })
    .where(and(eq(duplicateSuggestions.workspaceId, workspaceId), eq(duplicateSuggestions.id, id)));
}

export async function decidePair(db: Executor, workspaceId: string, a: string, b: string, status: DuplicateRow['status'], decidedBy: string | null) {
  const [first, second] = a < b ? [a, b] : [b, a];
  await db
    .update(duplicateSuggestions)
    .set({ status, decidedAt: status === 'open' ? null : new Date(), decidedBy, updatedAt: new Date() })
    .where(and(eq(duplicateSuggestions.workspaceId, workspaceId), eq(duplicateSuggestions.contactAId, first), eq(duplicateSuggestions.contactBId, second)));
}

// --- merges ---

export async function insertMerge(db: Executor, row: typeof contactMerges.$inferInsert): Promise<MergeRow> {
  const [created] = await db.insert(contactMerges).values(row).returning();
  return created!;
}

export async function findMerge(db: Executor, workspaceId: string, mergeId: string, forUpdate = false): Promise<MergeRow | undefined> {
  const query = db
    .select()
    .from(contactMerges)
    .where(and(eq(contactMerges.workspaceId, workspaceId), eq(contactMerges.id, mergeId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function mergesOf(db: Executor, workspaceId: string, contactId: string): Promise<MergeRow[]> {
  return db
    .select()
    .from(contactMerges)
    .where(and(eq(contactMerges.workspaceId, workspaceId), sql`(${contactMerges.winnerId} = ${contactId} OR ${contactMerges.loserId} = ${contactId})`))
    .orderBy(desc(contactMerges.createdAt));
}

/** Later merges that involve either contact block an unmerge: undo the newest first. */
export async function laterMerges(db: Executor, workspaceId: string, merge: MergeRow): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contactMerges)
    .where(
      and(
        eq(contactMerges.workspaceId, workspaceId),
        isNull(contactMerges.unmergedAt),
        sql`${contactMerges.createdAt} > ${merge.createdAt.toISOString()}::timestamptz`,
        sql`(${contactMerges.winnerId} IN (${merge.winnerId}, ${merge.loserId}) OR ${contactMerges.loserId} IN (${merge.winnerId}, ${merge.loserId}))`,
      ),
    );
  return row?.n ?? 0;
}


/** Contacts by id without a row lock (for presenting). */
export async function contactsByIds(db: Executor, workspaceId: string, contactIds: string[]): Promise<ContactRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, contactIds)));
}
