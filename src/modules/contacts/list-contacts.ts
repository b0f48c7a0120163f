// The contact list query: search, quick filters, a saved segment or an ad-hoc filter, any sort, and
// keyset cursors. Exports and other modules build on contactListWhere() so "the list" means the same
// thing everywhere.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { contacts, segments } from '../../db/schema.js';
import { notFound } from '../../server/errors.js';
import { compileFilter, parseFilterParam, searchAlternatives, searchCondition, sortExpressions, type ContactListQuery, type FilterGroup } from './filters.js';

export async function findSegment(db: Executor, workspaceId: string, segmentId: string) {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  return row;
}

export async function contactListWhere(
  db: Executor,
  workspaceId: string,
  query: Omit<ContactListQuery, 'limit' | 'cursor' | 'sort' | 'order'>,
  search: SQL | undefined = query.q ? searchCondition(workspaceId, query.q) : undefined,
): Promise<SQL> {
  const conditions: (SQL | undefined)[] = [eq(contacts.workspaceId, workspaceId), isNull(contacts.mergedIntoId), search];
  if (query.lifecycleStage) conditions.push(eq(contacts.lifecycleStage, query.lifecycleStage));
  if (query.source) conditions.push(eq(contacts.source, query.source));
  if (query.tag) conditions.push(sql`${contacts.tags} @> ARRAY[${query.tag.toLowerCase()}]::text[]`);
  if (query.ownerMemberId) conditions.push(eq(contacts.ownerMemberId, query.ownerMemberId));
  if (query.companyId) conditions.push(eq(contacts.companyId, query.companyId));
  if (query.vip) conditions.push(eq(contacts.vip, query.vip === 'true'));
  if (query.segmentId) {
    const segment = await findSegment(db, workspaceId, query.segmentId);
    if (!segment) throw notFound('segment', query.segmentId);
    conditions.push(compileFilter(segment.filter as FilterGroup));
  }
  const filter = parseFilterParam(query.filter);
  if (filter) conditions.push(compileFilter(filter));
  return and(...conditions)!;
}

type CursorValue = [string | number, string];

function decodeListCursor(cursor: string | undefined): CursorValue | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' && (typeof value[0] === 'string' || typeof value[0] === 'number')) {
      return value as CursorValue;
    }
  } catch {
    // an unreadable cursor starts from the top
  }
  return null;
}

export async function listContacts(db: Executor, workspaceId: string, query: ContactListQuery) {
  const sort = sortExpressions[query.sort];
  const cursor = decodeListCursor(query.cursor);
  const direction = query.order === 'desc' ? sql`DESC` : sql`ASC`;
  const cast = sort.type === 'text' ? sql`::text` : sort.type === 'number' ? sql`::double precision` : sql`::timestamptz`;
  const keyset = cursor
    ? query.order === 'desc'
      ? sql`(${sort.expression}, ${contacts.id}) < (${cursor[0]}${cast}, ${cursor[1]})`
      : sql`(${sort.expression}, ${contacts.id}) > (${cursor[0]}${cast}, ${cursor[1]})`
    : undefined;
  const order = [sql`${sort.expression} ${direction}`, sql`${contacts.id} ${direction}`];
  const alternatives = query.q ? searchAlternatives(workspaceId, query.q) : [undefined];
  let condition: SQL;
  if (alternatives.length === 1) {
    condition = and(await contactListWhere(db, workspaceId, query, alternatives[0]), keyset)!;
  } else {
    // One sorted, limited branch per search alternative, each planned on its own (a common name walks
    // the sort index, a rare one uses the trigram index); PostgreSQL merges the few ids they return.
    const subqueries = await Promise.all(
      alternatives.map(async (search) =>
        sql`(${db
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(await contactListWhere(db, workspaceId, query, search), keyset))
          .orderBy(...order)
          .limit(query.limit + 1)})`,
      ),
    );
    condition = sql`${contacts.id} IN (${sql.join(subqueries, sql` UNION `)})`;
  }
  const rows = await db
    .select({ contact: contacts, sortValue: sql<string | number | Date>`${sort.expression}` })
    .from(contacts)
    .where(condition)
    .orderBy(...order)
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const lastValue = last ? (last.sortValue instanceof Date ? last.sortValue.toISOString() : typeof last.sortValue === 'string' && sort.type === 'date' ? new Date(last.sortValue).toISOString() : last.sortValue) : null;
  const nextCursor = rows.length > query.limit && last ? Buffer.from(JSON.stringify([lastValue, last.contact.id])).toString('base64url') : null;
  return { data: page.map((row) => row.contact), nextCursor };
}

export async function countContacts(db: Executor, workspaceId: string, query: Omit<ContactListQuery, 'limit' | 'cursor' | 'sort' | 'order'>): Promise<number> {
  const where = await contactListWhere(db, workspaceId, query);
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(contacts).where(where);
  return row?.n ?? 0;
}

/** For other modules (campaigns, loyalty, routing): does this contact belong to the segment now? */
export async function contactInSegment(db: Executor, workspaceId: string, segmentId: string, contactId: string): Promise<boolean> {
  const segment = await findSegment(db, workspaceId, segmentId);
  if (!segment) throw notFound('segment', segmentId);
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId), compileFilter(segment.filter as FilterGroup)));
  return Boolean(row);
}
