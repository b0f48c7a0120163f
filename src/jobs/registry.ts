// Every background job of every domain, registered in one list.
import type { JobDefinition } from './define.js';
import { cleanupExpired } from '../modules/accounts/jobs/cleanup-expired.js';
import { findDuplicatesJob } from '../modules/contacts/jobs/find-duplicates.js';
import { sendReminders } from '../modules/activities/jobs/send-reminders.js';
import { importContacts } from '../modules/imports/jobs/import-contacts.js';
import { linkAuthors } from '../modules/listening/jobs/link-authors.js';
import { trainModel } from '../modules/listening/jobs/train-model.js';

export const jobs: JobDefinition[] = [cleanupExpired, findDuplicatesJob, sendReminders, importContacts, linkAuthors, trainModel];
