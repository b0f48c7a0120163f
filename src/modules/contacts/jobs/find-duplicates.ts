// Runs a few seconds after someone new appears (resolveIdentity, imports, edits), once per contact.
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import { suggestDuplicates } from '../commands/find-duplicates.js';

export const findDuplicatesJob = defineJob({
  id: 'contacts.find_duplicates',
  payload: z.object({ workspaceId: z.string(), contactId: z.string() }),
  handler: async ({ workspaceId, contactId }, { db }) => {
    await suggestDuplicates(db, workspaceId, contactId);
  },
});
