// Every minute: drains the queue of contacts waiting for the probable-duplicate search (filled by
// resolveIdentity, contact creation and imports). SKIP LOCKED lets several workers share the queue;
// each contact is searched once however many identities arrived for it.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import { suggestDuplicates } from '../commands/find-duplicates.js';

const BATCH = 200;
const TIME_BUDGET_MS = 50_000;

export const findDuplicatesJob = defineJob({
  id: 'contacts.find_duplicates',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, { db }, helpers) => {
    const started = Date.now();
    let searched = 0;
    while (Date.now() - started < TIME_BUDGET_MS) {
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
    }
    if (searched > 0) helpers.logger.info(`searched ${searched} contact(s) for probable duplicates`);
  },
});
