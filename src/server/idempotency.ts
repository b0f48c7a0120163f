// Idempotency-Key on writes: the same key with the same request within 24 hours answers the first
// result again and does nothing twice. A different request under a used key is refused.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { AppError } from './errors.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const claimed = Symbol('idempotencyClaim');
type Claim = { scope: string; key: string };
type WithClaim = FastifyRequest & { [claimed]?: Claim };

function scopeOf(request: FastifyRequest): string | null {
  if (!request.actor) return null;
  return `${request.workspaceAccess?.workspaceId ?? '-'}:${request.actor.type}:${request.actor.id ?? '-'}`;
}

export function registerIdempotency(app: FastifyInstance, db: Database): void {
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !WRITE_METHODS.has(request.method)) return;
    const scope = scopeOf(request);
    if (!scope) return;
    if (key.length === 0 || key.length > 200) {
      throw new AppError('request.invalid_idempotency_key', 400, 'Idempotency-Key must be 1 to 200 characters.');
    }
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const inserted = await db
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) {
      (request as WithClaim)[claimed] = { scope, key };
      return;
    }
    const [previous] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), sql`${idempotencyKeys.createdAt} > now() - interval '24 hours'`));
    if (!previous) {
      // Expired: take the key over for this request.
      await db
        .update(idempotencyKeys)
        .set({ requestHash, statusCode: null, responseBody: null, createdAt: new Date() })
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      (request as WithClaim)[claimed] = { scope, key };
      return;
    }
    if (previous.requestHash !== requestHash) {
      throw new AppError('request.idempotency_mismatch', 422, 'This Idempotency-Key was already used for a different request.');
    }
    if (previous.statusCode === null) {
      throw new AppError('request.idempotency_in_progress', 409, 'A request with this Idempotency-Key is still being processed; retry shortly.');
    }
    reply.header('idempotent-replayed', 'true');
    reply.code(previous.statusCode).type('application/json; charset=utf-8');
    return reply.send(previous.responseBody ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = (request as WithClaim)[claimed];
    if (!claim) return payload;
    const where = and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key));
    if (reply.statusCode >= 500) {
      await db.delete(idempotencyKeys).where(where); // a failed attempt may be retried with the same key
    } else {
      await db
        .update(idempotencyKeys)
        .set({ statusCode: reply.statusCode, responseBody: typeof payload === 'string' ? payload : '' })
        .where(where);
    }
    return payload;
  });
}
