// Hourly: deletes expired sessions and verification tokens, rate-limit windows that have ended, and
// idempotency records older than a day.
import { lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authRateLimits, idempotencyKeys, sessions, verifications } from '../../../db/schema.js';
import { defineJob } from '../../../jobs/define.js';

export const cleanupExpired = defineJob({
  id: 'accounts.cleanup_expired',
  payload: z.object({}).passthrough(),
  cron: '17 * * * *',
  handler: async (_payload, { db }, helpers) => {
    const now = new Date();
    const expiredSessions = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
    const expiredVerifications = await db.delete(verifications).where(lt(verifications.expiresAt, now)).returning({ id: verifications.id });
    const endedWindows = await db.delete(authRateLimits).where(lt(authRateLimits.resetsAt, now)).returning({ key: authRateLimits.key });
    const oldKeys = await db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`))
      .returning({ key: idempotencyKeys.key });
    helpers.logger.info(
      `removed ${expiredSessions.length} expired sessions, ${expiredVerifications.length} verifications, ${endedWindows.length} rate-limit windows, ${oldKeys.length} idempotency keys`,
    );
  },
});
