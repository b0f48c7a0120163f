// Every background job of every domain, registered in one list.
import type { JobDefinition } from './define.js';
import { cleanupExpired } from '../modules/accounts/jobs/cleanup-expired.js';
import { findDuplicatesJob } from '../modules/contacts/jobs/find-duplicates.js';
import { sendReminders } from '../modules/activities/jobs/send-reminders.js';
import { importContacts } from '../modules/imports/jobs/import-contacts.js';
import { linkAuthors } from '../modules/listening/jobs/link-authors.js';
import { trainModel } from '../modules/listening/jobs/train-model.js';
import { pollSourceJob, pollSourcesCron } from '../modules/listening/sources/jobs/poll-sources.js';
import { importPostsJob } from '../modules/listening/imports/jobs/import-posts.js';
import { sendMessageJob } from '../modules/inbox/jobs/send-message.js';
import { wakeSnoozedJob } from '../modules/inbox/jobs/wake-snoozed.js';
import { checkSlaJob, refreshWorkspaceSlaJob } from '../modules/inbox/jobs/check-sla.js';
import { joinThreadsJob } from '../modules/channels/listening/join-threads.js';
import { drainWebhookEventsJob } from '../modules/channels/webhooks/drain-webhook-events.js';
import { pollEmailChannelJob, pollEmailChannelsCron } from '../modules/channels/email/poll-email-job.js';
import { answerCallbackJob } from '../modules/channels/telegram/telegram-driver.js';
import { checkTokenExpiryJob } from '../modules/channels/health/check-token-expiry.js';
import { fetchMediaJob } from '../modules/channels/media/fetch-media.js';

export const jobs: JobDefinition[] = [cleanupExpired, findDuplicatesJob, sendReminders, importContacts, linkAuthors, trainModel, pollSourcesCron, pollSourceJob, importPostsJob, sendMessageJob, wakeSnoozedJob, checkSlaJob, refreshWorkspaceSlaJob, joinThreadsJob, drainWebhookEventsJob, checkTokenExpiryJob, answerCallbackJob, pollEmailChannelsCron, pollEmailChannelJob, fetchMediaJob];
