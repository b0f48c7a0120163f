// Every minute: drains the queue of contacts waiting for the probable-duplicate search (filled by
// resolveIdentity, contact creation and imports). SKIP LOCKED lets several workers share the queue;
// each contact is searched once however many identities arrived for it. The search is paced: a
// contact's similar-name search costs tens of milliseconds on hundreds of thousands of contacts, and
// under a firehose of new senders an unpaced drain keeps one database core busy for as long as they
// arrive, which the inbound path needs. Suggestions can wait minutes; messages should not. A run ends
// at its next batch when the worker stops, so a shutdown does not wait out its budget.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import { suggestDuplicates } from '../commands/find-duplicates.js';

const BATCH = 50;
const TIME_BUDGET_MS = 50_000;
/** The share of time a run spends searching while the queue stays full: it rests three times as long as each batch took. */
const SHARE = 0.25;

export const findDuplicatesJob = defineJob({
  id: 'contacts.find_duplicates',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, { db, stopping }, helpers) => {
    const started = Date.now();
    let searched = 0;
    while (Date.now() - started < TIME_BUDGET_MS && !stopping?.aborted) {
      const batchStarted = Date.now();
      const claimed = await db.transaction(async (tx) => {
        const rows = await tx.execute<{ contact_id: string; workspace_id: string }>(sql`
          DELETE FROM duplicate_checks WHERE contact_id IN (
            SELECT contact_id FROM duplicate_checks ORDER BY enqueued_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
          ) RETURNING contact_id, workspace_id`);
        // Searched inside the transaction: if the worker dies, the claim rolls back and another takes it.
        for (const row of rows.rows) await suggestDuplicates(tx, row.workspace_id, row.contact_id);
        return rows.rows.length;
      });
      searched += claimed;
      if (claimed < BATCH) break;
      await sleep((Date.now() - batchStarted) * (1 / SHARE - 1), undefined, { signal: stopping }).catch(() => {});
    }
    if (searched > 0) helpers.logger.info(`searched ${searched} contact(s) for probable duplicates`);
  },
});
