// Activities: tasks with due dates, reminders and assignees; notes with @mentions; each person's
// notifications. Routes validate → authorize (declared access) → command → present.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { notFound } from '../../server/errors.js';
import { commandContext, created, dataOf, errorResponses, idParams, listOf, workspaceAccess } from '../../server/http.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { createNote } from './commands/create-note.js';
import { createTask } from './commands/create-task.js';
import { deleteNote } from './commands/delete-note.js';
import { deleteTask } from './commands/delete-task.js';
import { markAllNotificationsRead, markNotificationRead, requirePerson } from './commands/read-notifications.js';
import { updateNote } from './commands/update-note.js';
import { updateTask } from './commands/update-task.js';
import * as repo from './repository.js';
import * as s from './schema.js';

const tags = (tag: string) => ({ tags: [tag] });

export const activityRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  const db = deps.database.db;

  // --- tasks ---

  app.get('/tasks', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('tasks'), summary: 'List tasks, by due date (undated last)', querystring: s.taskListQuery, response: { 200: listOf(s.taskSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, tz, assigneeMemberId, ...filter } = request.query;
    const access = request.workspaceAccess!;
    // "me" for an API key (no person) matches nobody rather than every task.
    const assignee = assigneeMemberId === 'me' ? (access.memberId ?? 'none') : assigneeMemberId;
    const rows = await repo.listTasks(db, access.workspaceId, { ...filter, assigneeMemberId: assignee, timeZone: tz }, s.decodeTaskCursor(cursor), limit);
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(s.presentTask), nextCursor: rows.length > limit && last ? s.encodeTaskCursor(last) : null };
  });

  app.get('/tasks/:id', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('tasks'), summary: 'One task', params: idParams, response: { 200: dataOf(s.taskSchema), ...errorResponses } },
  }, async (request) => {
    const task = await repo.findTask(db, request.workspaceAccess!.workspaceId, request.params.id);
    if (!task) throw notFound('task', request.params.id);
    return { data: s.presentTask(task) };
  });

  app.post('/tasks', {
    config: workspaceAccess('activities.manage'),
    schema: { ...tags('tasks'), summary: 'Create a task (assigned to you unless you say otherwise)', body: s.taskCreateSchema, response: { 201: dataOf(s.taskSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentTask(await createTask(commandContext(db, request), request.body)) }));

  app.patch('/tasks/:id', {
    config: workspaceAccess('activities.manage'),
    schema: { ...tags('tasks'), summary: 'Change a task; status done/open completes or reopens it', params: idParams, body: s.taskUpdateSchema, response: { 200: dataOf(s.taskSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentTask(await updateTask(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/tasks/:id', {
    config: workspaceAccess('activities.manage'),
    schema: { ...tags('tasks'), summary: 'Delete a task', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteTask(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- notes ---

  app.get('/notes', {
    config: workspaceAccess('contacts.read'),
    schema: { ...tags('notes'), summary: 'List notes, newest first', querystring: s.noteListQuery, response: { 200: listOf(s.noteSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, ...filter } = request.query;
    const rows = await repo.listNotes(db, request.workspaceAccess!.workspaceId, filter, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(s.presentNote), nextCursor: result.nextCursor };
  });

  app.post('/notes', {
    config: workspaceAccess('activities.manage'),
    schema: { ...tags('notes'), summary: 'Write a note; mentioned members are notified', body: s.noteCreateSchema, response: { 201: dataOf(s.noteSchema), ...errorResponses } },
  }, async (request, reply) => created(reply, { data: s.presentNote(await createNote(commandContext(db, request), request.body)) }));

  app.patch('/notes/:id', {
    config: workspaceAccess('activities.manage'),
    schema: { ...tags('notes'), summary: 'Edit a note (its author or an admin); newly mentioned members are notified', params: idParams, body: s.noteUpdateSchema, response: { 200: dataOf(s.noteSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentNote(await updateNote(commandContext(db, request), request.params.id, request.body)) }));

  app.delete('/notes/:id', {
    config: workspaceAccess('activities.manage'),
    schema: { ...tags('notes'), summary: 'Delete a note (its author or an admin)', params: idParams, response: { 204: z.null(), ...errorResponses } },
  }, async (request, reply) => {
    await deleteNote(commandContext(db, request), request.params.id);
    return reply.code(204).send(null);
  });

  // --- notifications: always the caller's own ---

  app.get('/notifications', {
    config: workspaceAccess('workspace.read'),
    schema: { ...tags('notifications'), summary: 'Your notifications, newest first (people only, not API keys)', querystring: s.notificationListQuery, response: { 200: listOf(s.notificationSchema), ...errorResponses } },
  }, async (request) => {
    const access = request.workspaceAccess!;
    const memberId = requirePerson(access);
    const { limit, cursor, unread } = request.query;
    const rows = await repo.listNotifications(db, access.workspaceId, memberId, unread, decodeCursor(cursor), limit);
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(s.presentNotification), nextCursor: result.nextCursor };
  });

  app.get('/notifications/unread-count', {
    config: workspaceAccess('workspace.read'),
    schema: { ...tags('notifications'), summary: 'How many of your notifications are unread', response: { 200: dataOf(z.object({ count: z.number().int() })), ...errorResponses } },
  }, async (request) => {
    const access = request.workspaceAccess!;
    return { data: { count: await repo.countUnread(db, access.workspaceId, requirePerson(access)) } };
  });

  app.post('/notifications/:id/read', {
    config: workspaceAccess('workspace.read'),
    schema: { ...tags('notifications'), summary: 'Mark one of your notifications read', params: idParams, response: { 200: dataOf(s.notificationSchema), ...errorResponses } },
  }, async (request) => ({ data: s.presentNotification(await markNotificationRead(commandContext(db, request), request.params.id)) }));

  app.post('/notifications/read-all', {
    config: workspaceAccess('workspace.read'),
    schema: { ...tags('notifications'), summary: 'Mark all your notifications read', response: { 200: dataOf(z.object({ count: z.number().int().describe('How many were unread') })), ...errorResponses } },
  }, async (request) => ({ data: { count: await markAllNotificationsRead(commandContext(db, request)) } }));
};
