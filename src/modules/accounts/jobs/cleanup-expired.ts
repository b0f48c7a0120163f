// Hourly: deletes expired sessions and verification tokens, and idempotency records older than a day.
import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { idempotencyKeys, sessions, verifications } from '../../../db/schema.js';
import { defineJob } from '../../../jobs/define.js';

export const cleanupExpired = defineJob({
  id: 'accounts.cleanup_expired',
  payload: z.object({}).passthrough(),
  cron: '17 * * * *',
  handler: async (_payload, { db }, helpers) => {
    const now = new Date();
    const expiredSessions = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
    const expiredVerifications = await db.delete(verifications).where(lt(verifications.expiresAt, now)).returning({ id: verifications.id });
    const oldKeys = await db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`))
      .returning({ key: idempotencyKeys.key });
    helpers.logger.info(
      `removed ${expiredSessions.length} expired sessions, ${expiredVerifications.length} verifications, ${oldKeys.length} idempotency keys`,
    );
  },
});
