// Request and response shapes of /sources, and the presenters from rows to responses. Credentials
// are never presented: only the names of the fields that are set.
import { z } from 'zod';
import { sourceErrorKinds, sourceHealthStates, sourceTypes } from '../../../db/schema.js';
import type { DeadLetterRow, SourceRow } from './repository.js';

const settings = z.record(z.string(), z.unknown());
const credentials = z.record(z.string(), z.string().max(10_000)).describe('Secret fields (tokens, keys, passwords): stored encrypted, never shown again');

export const sourceSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  mode: z.enum(['polling', 'streaming', 'webhook']).describe('How posts arrive: polled, streamed, or pushed to webhookUrl'),
  config: settings,
  credentialFields: z.array(z.string()).describe('Which credential fields are set'),
  enabled: z.boolean(),
  health: z.object({
    state: z.enum(sourceHealthStates).describe('needs_reconnect and misconfigured stop the source until its credentials or config change'),
    lastError: z.string().nullable(),
    lastErrorKind: z.enum(sourceErrorKinds).nullable(),
    lastErrorAt: z.iso.datetime().nullable(),
    failures: z.number().int().describe('Failures in a row'),
    lastSuccessAt: z.iso.datetime().nullable(),
    nextPollAt: z.iso.datetime().nullable().describe('Next poll (or stream reconnection); null while stopped'),
  }),
  counters: z.object({ postsReceived: z.number().int(), mentionsStored: z.number().int() }),
  webhookUrl: z.string().nullable().describe('Generic sources: where to POST signed posts'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const sourceCreatedSchema = sourceSchema.extend({
  webhookSecret: z.string().nullable().describe('Generic sources: the signing secret, shown only here (and on rotation)'),
});

export const sourceCreateSchema = z.object({
  type: z.enum(sourceTypes),
  name: z.string().trim().max(200).optional(),
  config: settings.default({}),
  credentials: credentials.optional(),
  enabled: z.boolean().optional(),
});

export const sourceUpdateSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  config: settings.optional().describe('The whole configuration, replacing the stored one'),
  credentials: credentials.optional().describe('All credentials, replacing the stored ones'),
  enabled: z.boolean().optional(),
});

export const webhookSecretSchema = z.object({ webhookSecret: z.string() });

export const deadLetterSchema = z.object({
  id: z.string(),
  contentType: z.string().nullable(),
  body: z.string().describe('The body as received'),
  error: z.string().describe('Why it was not accepted'),
  receivedAt: z.iso.datetime(),
});

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export const presentSource = (source: SourceRow, publicUrl: string): z.infer<typeof sourceSchema> => ({
  id: source.id,
  type: source.type,
  name: source.name,
  mode: source.mode,
  config: source.config,
  credentialFields: source.credentialFields,
  enabled: source.enabled,
  health: {
    state: source.state,
    lastError: source.lastError,
    lastErrorKind: source.lastErrorKind,
    lastErrorAt: iso(source.lastErrorAt),
    failures: source.failures,
    lastSuccessAt: iso(source.lastSuccessAt),
    nextPollAt: iso(source.nextPollAt),
  },
  counters: { postsReceived: source.postsReceived, mentionsStored: source.mentionsStored },
  webhookUrl: source.mode === 'webhook' ? new URL(`/webhooks/generic/${source.id}`, publicUrl).toString() : null,
  createdAt: source.createdAt.toISOString(),
  updatedAt: source.updatedAt.toISOString(),
});

export const presentDeadLetter = (letter: DeadLetterRow): z.infer<typeof deadLetterSchema> => ({
  id: String(letter.id),
  contentType: letter.contentType,
  body: letter.body,
  error: letter.error,
  receivedAt: letter.createdAt.toISOString(),
});
