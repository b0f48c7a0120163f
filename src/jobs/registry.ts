// Every background job of every domain, registered in one list.
import type { JobDefinition } from './define.js';
import { cleanupExpired } from '../modules/accounts/jobs/cleanup-expired.js';

export const jobs: JobDefinition[] = [cleanupExpired];
