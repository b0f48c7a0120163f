// contacts.import: writes the rows of a started contact import, batch by batch (see runImport). A
// retry resumes after the last committed batch; a file that can no longer be imported as mapped
// (say, a custom field was deleted) fails at once instead of being retried.
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import { AppError } from '../../../server/errors.js';
import { IMPORT_JOB_ID } from '../commands/start-import.js';
import { failImport, runImport } from '../commands/run-import.js';

export const importContacts = defineJob({
  id: IMPORT_JOB_ID,
  payload: z.object({ workspaceId: z.string(), importId: z.string() }),
  handler: async ({ workspaceId, importId }, { db }, helpers) => {
    try {
      await runImport(db, workspaceId, importId, { logger: helpers.logger });
    } catch (error) {
      const job = (helpers as { job?: { attempts: number; max_attempts: number } }).job;
      const lastAttempt = !job || job.attempts >= job.max_attempts;
      if (error instanceof AppError) {
        await failImport(db, workspaceId, importId, error.message);
        return;
      }
      helpers.logger.error(`import ${importId} failed: ${(error as Error).message}`);
      if (lastAttempt) await failImport(db, workspaceId, importId, 'The import stopped on an unexpected error; the rows imported so far are kept. Start it again to resume.');
      throw error;
    }
  },
});
