// Request and response schemas of tasks, notes and notifications, and the presenters that shape rows
// into them.
import { z } from 'zod';
import type { NoteWithAuthor, NotificationRow, TaskCursor, TaskWithNames } from './repository.js';

const timestamp = z.iso.datetime();
const id = z.string().min(1).max(100);
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(300).optional();
const inputTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const isTimeZone = (value: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

// --- tasks ---

export const taskStatusSchema = z.enum(['open', 'done']);

export const taskSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    status: taskStatusSchema,
    dueAt: timestamp.nullable(),
    remindAt: timestamp.nullable(),
    remindedAt: timestamp.nullable(),
    assigneeMemberId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    contactId: z.string().nullable(),
    dealId: z.string().nullable(),
    companyId: z.string().nullable(),
    completedAt: timestamp.nullable(),
    createdBy: z.string().nullable().describe('Member id of the person who created it, or the API key id'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Task' });

export const taskListQuery = z.object({
  limit,
  cursor,
  assigneeMemberId: z.string().min(1).max(100).optional().describe('"me" for your own tasks, or a member id'),
  status: taskStatusSchema.optional(),
  contactId: id.optional(),
  dealId: id.optional(),
  companyId: id.optional(),
  due: z.enum(['overdue', 'today', 'upcoming', 'none']).optional().describe('overdue: due before now; today: due between now and midnight; upcoming: after today; none: no due date'),
  tz: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris').default('UTC').describe('Time zone in which "today" ends'),
});

const title = z.string().trim().min(1, 'must not be empty').max(300);
const description = z.string().max(10_000);

export const taskCreateSchema = z.object({
  title,
  description: description.optional(),
  dueAt: inputTime.nullish(),
  remindAt: inputTime.nullish(),
  assigneeMemberId: id.nullish().describe('A member of this workspace; defaults to you, null leaves it unassigned'),
  contactId: id.nullish(),
  dealId: id.nullish(),
  companyId: id.nullish(),
});
export type TaskCreateInput = z.infer<typeof taskCreateSchema>;

export const taskUpdateSchema = z.object({
  title: title.optional(),
  description: description.optional(),
  status: taskStatusSchema.optional(),
  dueAt: inputTime.nullish(),
  remindAt: inputTime.nullish(),
  assigneeMemberId: id.nullish(),
  contactId: id.nullish(),
  dealId: id.nullish(),
  companyId: id.nullish(),
});
export type TaskUpdateInput = z.infer<typeof taskUpdateSchema>;

const iso = (value: Date | null) => value?.toISOString() ?? null;

export const presentTask = (row: TaskWithNames) => ({
  id: row.id,
  title: row.title,
  description: row.description,
  status: row.status,
  dueAt: iso(row.dueAt),
  remindAt: iso(row.remindAt),
  remindedAt: iso(row.remindedAt),
  assigneeMemberId: row.assigneeMemberId,
  assigneeName: row.assigneeName,
  contactId: row.contactId,
  dealId: row.dealId,
  companyId: row.companyId,
  completedAt: iso(row.completedAt),
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function encodeTaskCursor(row: TaskWithNames): string {
  return Buffer.from(JSON.stringify([iso(row.dueAt), row.id])).toString('base64url');
}

export function decodeTaskCursor(value: string | undefined): TaskCursor | null {
  if (!value) return null;
  try {
    const [dueAt, taskId] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown];
    const validDue = dueAt === null || (typeof dueAt === 'string' && !Number.isNaN(Date.parse(dueAt)));
    if (validDue && typeof taskId === 'string') return { dueAt: dueAt as string | null, id: taskId };
  } catch {
    // fall through: an unreadable cursor starts from the beginning, as elsewhere
  }
  return null;
}

// --- notes ---

export const noteSchema = z
  .object({
    id: z.string(),
    body: z.string().describe('Mentions are written as @[Display Name](member:mem_xxx)'),
    mentionedMemberIds: z.array(z.string()),
    authorMemberId: z.string().nullable(),
    authorName: z.string().nullable(),
    contactId: z.string().nullable(),
    dealId: z.string().nullable(),
    companyId: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Note' });

export const noteListQuery = z.object({ limit, cursor, contactId: id.optional(), dealId: id.optional(), companyId: id.optional() });

const body = z.string().trim().min(1, 'must not be empty').max(20_000);
export const noteCreateSchema = z
  .object({ body, contactId: id.nullish(), dealId: id.nullish(), companyId: id.nullish() })
  .refine((value) => Boolean(value.contactId || value.dealId || value.companyId), {
    message: 'a note belongs to a contact, a deal or a company: give contactId, dealId or companyId',
    path: ['contactId'],
  });
export type NoteCreateInput = z.infer<typeof noteCreateSchema>;
export const noteUpdateSchema = z.object({ body });

export const presentNote = (row: NoteWithAuthor) => ({
  id: row.id,
  body: row.body,
  mentionedMemberIds: row.mentionedMemberIds,
  authorMemberId: row.authorMemberId,
  authorName: row.authorName,
  contactId: row.contactId,
  dealId: row.dealId,
  companyId: row.companyId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

// --- notifications ---

export const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.string().meta({ example: 'mention' }).describe('mention, task_assigned, mention_assigned or reminder'),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().describe('Path in the web app to open'),
    readAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Notification' });

export const notificationListQuery = z.object({
  limit,
  cursor,
  unread: z.enum(['true', 'false']).optional().transform((value) => value === 'true'),
});

export const presentNotification = (row: NotificationRow) => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  readAt: iso(row.readAt),
  createdAt: row.createdAt.toISOString(),
});
