// GET /api/v1/audit-events: the workspace's audit log, newest first, filterable.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutesDeps } from '../../server/app.js';
import { errorResponses, listOf, workspaceAccess } from '../../server/http.js';
import { decodeCursor, page } from '../../lib/pagination.js';
import { listAuditEvents, type AuditEventRow } from './repository.js';

const auditEventSchema = z
  .object({
    id: z.string(),
    actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string().nullable(), label: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    ipAddress: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AuditEvent' });

const presentAuditEvent = (row: AuditEventRow) => ({
  id: String(row.id),
  actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
  action: row.action,
  entityType: row.entityType,
  entityId: row.entityId,
  before: row.before,
  after: row.after,
  requestId: row.requestId,
  ipAddress: row.ipAddress,
  createdAt: row.createdAt.toISOString(),
});

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const auditRoutes: FastifyPluginAsyncZod<ApiRoutesDeps> = async (app, deps) => {
  app.get('/audit-events', {
    config: workspaceAccess('audit.read'),
    schema: { tags: ['audit'], summary: 'The audit log: who changed what, when, before and after', querystring: querySchema, response: { 200: listOf(auditEventSchema), ...errorResponses } },
  }, async (request) => {
    const { limit, cursor, from, to, ...filter } = request.query;
    const rows = await listAuditEvents(
      deps.database.db,
      request.workspaceAccess!.workspaceId,
      { ...filter, ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) },
      decodeCursor(cursor),
      limit,
    );
    const result = page(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
    return { data: result.data.map(presentAuditEvent), nextCursor: result.nextCursor };
  });
};
