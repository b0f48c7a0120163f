// Request and response schemas of personal-data requests.
import { z } from 'zod';

const records = z.array(z.record(z.string(), z.unknown()));

export const personalDataSchema = z
  .object({
    exportedAt: z.iso.datetime(),
    contact: z.record(z.string(), z.unknown()),
    mergedContacts: records.describe('Contacts merged into this one'),
    identities: records,
    consents: records,
    interactions: records.describe('The whole timeline'),
    deals: records,
    tasks: records,
    notes: records,
    duplicateSuggestions: records,
    merges: records,
    auditEvents: records.describe('Audit events about the contact, its identities, tasks and notes'),
  })
  .meta({ id: 'ContactPersonalData' });

export const eraseRequestSchema = z.object({
  confirm: z.literal(true).describe('Must be true: erasure cannot be undone'),
});

export const erasureSchema = z
  .object({
    id: z.string(),
    erased: z.literal(true),
    contacts: z.number().int(),
    identities: z.number().int(),
    consents: z.number().int(),
    interactions: z.number().int(),
    notes: z.number().int(),
    tasks: z.number().int(),
    duplicateSuggestions: z.number().int(),
    merges: z.number().int(),
    dealsUnlinked: z.number().int(),
    redactedAuditEvents: z.number().int(),
    importRows: z.number().int().describe('Rows blanked in stored import files'),
  })
  .meta({ id: 'ContactErasure' });
