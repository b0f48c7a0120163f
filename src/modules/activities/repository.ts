// The only place with SQL for tasks, notes and notifications. Every function takes the workspace id
// and filters by it; the few reads of other domains' tables only check that a row exists there.
import { aliasedTable, and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { companies, deals, members, notes, notifications, tasks, users } from '../../db/schema.js';
import type { Cursor } from '../../lib/pagination.js';

export type TaskRow = typeof tasks.$inferSelect;
export type NoteRow = typeof notes.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type TaskWithNames = TaskRow & { assigneeName: string | null };
export type NoteWithAuthor = NoteRow & { authorName: string | null };

/** Tasks page by (due date, id) with undated tasks last; `dueAt: null` is a cursor inside the undated tail. */
export type TaskCursor = { dueAt: string | null; id: string };

export type TaskFilter = {
  assigneeMemberId?: string;
  status?: 'open' | 'done';
  contactId?: string;
  dealId?: string;
  companyId?: string;
  due?: 'overdue' | 'today' | 'upcoming' | 'none';
  /** IANA time zone that decides where "today" ends */
  timeZone: string;
};

// --- members, deals, companies (existence checks) ---

export async function findMembers(db: Executor, workspaceId: string, memberIds: string[]) {
  if (memberIds.length === 0) return [];
  return db
    .select({ id: members.id, name: users.name, role: members.role })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(and(eq(members.workspaceId, workspaceId), inArray(members.id, memberIds)));
}

export async function dealExists(db: Executor, workspaceId: string, dealId: string): Promise<boolean> {
  const [row] = await db.select({ id: deals.id }).from(deals).where(and(eq(deals.workspaceId, workspaceId), eq(deals.id, dealId)));
  return Boolean(row);
}

export async function companyExists(db: Executor, workspaceId: string, companyId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, companyId)));
  return Boolean(row);
}

// --- tasks ---

const assignee = aliasedTable(members, 'assignee');
const assigneeUser = aliasedTable(users, 'assignee_user');

const selectTasks = (db: Executor) =>
  db
    .select({ task: tasks, assigneeName: assigneeUser.name })
    .from(tasks)
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeMemberId))
    .leftJoin(assigneeUser, eq(assigneeUser.id, assignee.userId));

const withAssigneeName = (row: { task: TaskRow; assigneeName: string | null }): TaskWithNames => ({ ...row.task, assigneeName: row.assigneeName });

export async function findTask(db: Executor, workspaceId: string, taskId: string): Promise<TaskWithNames | undefined> {
  const [row] = await selectTasks(db).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)));
  return row ? withAssigneeName(row) : undefined;
}

function endOfToday(timeZone: string): SQL {
  return sql`((date_trunc('day', now() AT TIME ZONE ${timeZone}) + interval '1 day') AT TIME ZONE ${timeZone})`;
}

function afterTaskCursor(cursor: TaskCursor | null): SQL | undefined {
  if (!cursor) return undefined;
  if (cursor.dueAt === null) return sql`(${tasks.dueAt} IS NULL AND ${tasks.id} > ${cursor.id})`;
  return sql`(${tasks.dueAt} IS NULL OR (${tasks.dueAt}, ${tasks.id}) > (${cursor.dueAt}::timestamptz, ${cursor.id}))`;
}

export async function listTasks(db: Executor, workspaceId: string, filter: TaskFilter, cursor: TaskCursor | null, limit: number): Promise<TaskWithNames[]> {
  const conditions: (SQL | undefined)[] = [eq(tasks.workspaceId, workspaceId), afterTaskCursor(cursor)];
  if (filter.assigneeMemberId) conditions.push(eq(tasks.assigneeMemberId, filter.assigneeMemberId));
  if (filter.status) conditions.push(eq(tasks.status, filter.status));
  if (filter.contactId) conditions.push(eq(tasks.contactId, filter.contactId));
  if (filter.dealId) conditions.push(eq(tasks.dealId, filter.dealId));
  if (filter.companyId) conditions.push(eq(tasks.companyId, filter.companyId));
  if (filter.due === 'overdue') conditions.push(sql`${tasks.dueAt} < now()`);
  if (filter.due === 'today') conditions.push(sql`${tasks.dueAt} >= now() AND ${tasks.dueAt} < ${endOfToday(filter.timeZone)}`);
  if (filter.due === 'upcoming') conditions.push(sql`${tasks.dueAt} >= ${endOfToday(filter.timeZone)}`);
  if (filter.due === 'none') conditions.push(isNull(tasks.dueAt));
  const rows = await selectTasks(db)
    .where(and(...conditions))
    .orderBy(sql`${tasks.dueAt} ASC NULLS LAST`, asc(tasks.id))
    .limit(limit + 1);
  return rows.map(withAssigneeName);
}

export async function insertTask(db: Executor, row: typeof tasks.$inferInsert): Promise<TaskRow> {
  const [created] = await db.insert(tasks).values(row).returning();
  return created!;
}

export async function updateTask(db: Executor, workspaceId: string, taskId: string, patch: Partial<typeof tasks.$inferInsert>): Promise<void> {
  await db
    .update(tasks)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)));
}

export async function deleteTask(db: Executor, workspaceId: string, taskId: string): Promise<void> {
  await db.delete(tasks).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)));
}

/**
 * Open tasks whose reminder is due and not yet sent, in every workspace, locked so that a second
 * worker running at the same moment skips them instead of sending the same reminder again.
 */
export async function lockDueReminders(db: Executor, limit: number): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.status, 'open'), isNull(tasks.remindedAt), sql`${tasks.remindAt} <= now()`))
    .orderBy(asc(tasks.remindAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markReminded(db: Executor, taskIds: string[], at: Date): Promise<void> {
  if (taskIds.length === 0) return;
  await db.update(tasks).set({ remindedAt: at }).where(inArray(tasks.id, taskIds));
}

// --- notes ---

const author = aliasedTable(members, 'author');
const authorUser = aliasedTable(users, 'author_user');

const selectNotes = (db: Executor) =>
  db
    .select({ note: notes, authorName: authorUser.name })
    .from(notes)
    .leftJoin(author, eq(author.id, notes.authorMemberId))
    .leftJoin(authorUser, eq(authorUser.id, author.userId));

const withAuthorName = (row: { note: NoteRow; authorName: string | null }): NoteWithAuthor => ({ ...row.note, authorName: row.authorName });

export async function findNote(db: Executor, workspaceId: string, noteId: string): Promise<NoteWithAuthor | undefined> {
  const [row] = await selectNotes(db).where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, noteId)));
  return row ? withAuthorName(row) : undefined;
}

export type NoteFilter = { contactId?: string; dealId?: string; companyId?: string };

/** Newest first, paged by (created_at, id) descending. */
export async function listNotes(db: Executor, workspaceId: string, filter: NoteFilter, cursor: Cursor | null, limit: number): Promise<NoteWithAuthor[]> {
  const conditions: (SQL | undefined)[] = [eq(notes.workspaceId, workspaceId)];
  if (cursor) conditions.push(sql`(${notes.createdAt}, ${notes.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);
  if (filter.contactId) conditions.push(eq(notes.contactId, filter.contactId));
  if (filter.dealId) conditions.push(eq(notes.dealId, filter.dealId));
  if (filter.companyId) conditions.push(eq(notes.companyId, filter.companyId));
  const rows = await selectNotes(db)
    .where(and(...conditions))
    .orderBy(desc(notes.createdAt), desc(notes.id))
    .limit(limit + 1);
  return rows.map(withAuthorName);
}

export async function insertNote(db: Executor, row: typeof notes.$inferInsert): Promise<NoteRow> {
  const [created] = await db.insert(notes).values(row).returning();
  return created!;
}

export async function updateNote(db: Executor, workspaceId: string, noteId: string, patch: { body: string; mentionedMemberIds: string[] }): Promise<void> {
  await db
    .update(notes)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, noteId)));
}

export async function deleteNote(db: Executor, workspaceId: string, noteId: string): Promise<void> {
  await db.delete(notes).where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, noteId)));
}

// --- notifications (always one member's own) ---

export async function insertNotification(db: Executor, row: typeof notifications.$inferInsert): Promise<NotificationRow> {
  const [created] = await db.insert(notifications).values(row).returning();
  return created!;
}

export async function insertNotifications(db: Executor, rows: (typeof notifications.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(notifications).values(rows);
}

const ownedBy = (workspaceId: string, memberId: string) => and(eq(notifications.workspaceId, workspaceId), eq(notifications.memberId, memberId));

/** Newest first, paged by (created_at, id) descending. */
export async function listNotifications(db: Executor, workspaceId: string, memberId: string, unreadOnly: boolean, cursor: Cursor | null, limit: number) {
  const conditions: (SQL | undefined)[] = [ownedBy(workspaceId, memberId)];
  if (unreadOnly) conditions.push(isNull(notifications.readAt));
  if (cursor) conditions.push(sql`(${notifications.createdAt}, ${notifications.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);
  return db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
}

export async function countUnread(db: Executor, workspaceId: string, memberId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(ownedBy(workspaceId, memberId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markNotificationRead(db: Executor, workspaceId: string, memberId: string, notificationId: string): Promise<NotificationRow | undefined> {
  // coalesce keeps the first read time when it is marked read again.
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(ownedBy(workspaceId, memberId), eq(notifications.id, notificationId)))
    .returning();
  return row;
}

export async function markAllNotificationsRead(db: Executor, workspaceId: string, memberId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(ownedBy(workspaceId, memberId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
