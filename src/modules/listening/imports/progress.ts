// The job's name and the progress event of listening imports: events carry the counters (a few
// numbers, well under pg_notify's limit), so a progress bar can move without a refetch.
import type { ListeningImportRow } from './repository.js';

export const IMPORT_POSTS_JOB = 'listening.import_posts';

export const progressOf = (row: ListeningImportRow) => ({
  id: row.id,
  state: row.state,
  totalBytes: row.totalBytes,
  bytesRead: row.bytesRead,
  linesRead: row.linesRead,
  postsAccepted: row.postsAccepted,
  mentionsStored: row.mentionsStored,
  duplicates: row.duplicates,
  rejectedLines: row.rejectedLines,
});
