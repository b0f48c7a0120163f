// listening.import_posts: feeds an uploaded file to the process's pipeline (see runListeningImport).
// A retry resumes from the last committed chunk; a file that cannot be read as uploaded fails at once
// instead of being retried; the last failed attempt marks the import failed.
import { z } from 'zod';
import { defineJob } from '../../../../jobs/define.js';
import { AppError } from '../../../../server/errors.js';
import { failListeningImport, runListeningImport } from '../commands/run-listening-import.js';
import { IMPORT_POSTS_JOB } from '../progress.js';

export const importPostsJob = defineJob({
  id: IMPORT_POSTS_JOB,
  payload: z.object({ workspaceId: z.string(), importId: z.string() }),
  handler: async ({ workspaceId, importId }, { db, pipeline }, helpers) => {
    if (!pipeline) throw new Error('listening.import_posts runs only in worker processes, which have a listening pipeline');
    try {
      const result = await runListeningImport({ db, pipeline }, workspaceId, importId);
      helpers.logger.info(`listening import ${importId}: ${result.status} after ${result.chunks} chunk(s)`);
    } catch (error) {
      const job = (helpers as { job?: { attempts: number; max_attempts: number } }).job;
      if (error instanceof AppError) {
        await failListeningImport(db, workspaceId, importId, error.message);
        return;
      }
      helpers.logger.error(`listening import ${importId} failed: ${(error as Error).message}`);
      if (!job || job.attempts >= job.max_attempts) {
        await failListeningImport(db, workspaceId, importId, 'The import stopped on an unexpected error; the posts stored so far are kept.');
      }
      throw error;
    }
  },
});
