// Every minute: sends the reminder of each open task whose reminder time has come, once. Rows are
// locked with SKIP LOCKED and marked in the same transaction, so two workers never send one twice and
// a rerun after a crash only sends what was not yet marked.
import { z } from 'zod';
import { defineJob } from '../../../jobs/define.js';
import { taskLink } from '../links.js';
import * as repo from '../repository.js';
import { notifyMember } from '../commands/notify-member.js';

const BATCH = 200;

export const sendReminders = defineJob({
  id: 'activities.send_reminders',
  payload: z.object({}).passthrough(),
  cron: '* * * * *',
  handler: async (_payload, { db }, helpers) => {
    let sent = 0;
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        const due = await repo.lockDueReminders(tx, BATCH);
        for (const task of due) {
          // An unassigned task has nobody to remind; it is still marked so it is not looked at again.
          if (!task.assigneeMemberId) continue;
          await notifyMember(tx, {
            workspaceId: task.workspaceId,
            memberId: task.assigneeMemberId,
            kind: 'reminder',
            title: `Reminder: ${task.title}`,
            body: task.description.slice(0, 140),
            link: taskLink(task.id),
          });
          sent += 1;
        }
        await repo.markReminded(tx, due.map((task) => task.id), new Date());
        return due.length;
      });
      if (batch < BATCH) break;
    }
    if (sent > 0) helpers.logger.info(`sent ${sent} task reminders`);
  },
});
