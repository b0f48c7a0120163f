// Creates a contact with its email, phone and other identities. An identity that already belongs to
// another contact is a conflict (409) that names that contact, so the caller can merge instead.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../../db/client.js';
import { acquisitionSources, companies, duplicateChecks, lifecycleStages } from '../../../db/schema.js';
import { newSortableId } from '../../../lib/ids.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { assertMember } from '../../workspaces/commands/assert-member.js';
import { validateCustomFields } from '../custom-fields.js';
import { identityInputSchema, normalizeEmail, normalizeIdentity, normalizePhone } from '../identity.js';
import * as repo from '../repository.js';
import { getContact } from './get-contact.js';
import { refreshSignals } from './refresh-signals.js';

const text = (max = 300) => z.string().trim().max(max);

export const contactFieldsSchema = z.object({
  name: text().min(1).optional(),
  firstName: text().nullish(),
  lastName: text().nullish(),
  email: z.string().trim().max(320).nullish(),
  phone: z.string().trim().max(50).nullish(),
  jobTitle: text().nullish(),
  companyId: z.string().max(100).nullish(),
  ownerMemberId: z.string().max(100).nullish(),
  lifecycleStage: z.enum(lifecycleStages).optional(),
  source: z.enum(acquisitionSources).optional(),
  sourceChannel: text(50).nullish(),
  tags: z.array(text(60).min(1)).max(100).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  avatarUrl: z.url().max(2000).nullish(),
  bio: text(5000).nullish(),
  location: text().nullish(),
  language: text(10).nullish(),
  vip: z.boolean().optional(),
  communityMember: z.boolean().optional(),
});
export const contactCreateSchema = contactFieldsSchema.extend({ identities: z.array(identityInputSchema).max(50).optional() });
export type ContactCreateInput = z.infer<typeof contactCreateSchema>;

const fieldError = (path: string, message: string) =>
  new AppError('request.invalid', 400, `${path}: ${message}`, { fields: [{ in: 'body', path, message }] });

export function cleanEmail(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null || value === '') return value === '' ? null : value;
  const email = normalizeEmail(value);
  if (!email) throw fieldError('email', `"${value}" is not an email address`);
  return email;
}

export function cleanPhone(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null || value === '') return value === '' ? null : value;
  const phone = normalizePhone(value);
  if (!phone) throw fieldError('phone', `"${value}" is not a phone number; write it with its country code, e.g. +1 415 555 0100`);
  return phone;
}

export const normalizeTags = (tags: string[] | undefined) =>
  tags === undefined ? undefined : [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();

export async function assertCompany(db: Executor, workspaceId: string, companyId: string) {
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, companyId)));
  if (!row) throw fieldError('companyId', `no company ${companyId} in this workspace`);
}

export function displayName(input: { name?: string | null; firstName?: string | null; lastName?: string | null; email?: string | null; phone?: string | null }, fallback?: string | null) {
  const full = [input.firstName, input.lastName].filter(Boolean).join(' ').trim();
  return input.name?.trim() || full || fallback?.trim() || input.email?.split('@')[0] || input.phone || 'Unknown';
}

/** Inside the caller's transaction; returns the new contact. */
export async function createContactInTransaction(tx: Executor, ctx: Omit<CommandContext, 'db'>, input: ContactCreateInput) {
  const workspaceId = ctx.workspace.workspaceId;
  const email = cleanEmail(input.email) ?? null;
  const phone = cleanPhone(input.phone) ?? null;
  if (input.companyId) await assertCompany(tx, workspaceId, input.companyId);
  if (input.ownerMemberId) await assertMember(tx, workspaceId, input.ownerMemberId);
  const customFields = await validateCustomFields(tx, workspaceId, 'contact', {}, input.customFields ?? {});
  const identitiesToAdd = [
    ...(email ? [normalizeIdentity({ channel: 'email', externalId: email })] : []),
    ...(phone ? [normalizeIdentity({ channel: 'phone', externalId: phone })] : []),
    ...(input.identities ?? []).map((identity) => normalizeIdentity(identity)),
  ];
  for (const identity of identitiesToAdd) {
    const taken = await repo.findIdentity(tx, workspaceId, identity.channel, identity.externalId);
    if (taken) {
      throw new AppError('contact.identity_taken', 409, `The ${identity.channel} identity ${identity.handle ?? identity.externalId} already belongs to another contact.`, {
        contactId: taken.contactId,
        channel: identity.channel,
      });
    }
  }
  const firstSocial = identitiesToAdd.find((identity) => identity.channel !== 'email' && identity.channel !== 'phone');
  const contact = await repo.insertContact(tx, {
    id: newSortableId('ct'),
    workspaceId,
    name: displayName({ ...input, email, phone }, firstSocial?.displayName ?? firstSocial?.handle),
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    email,
    phone,
    jobTitle: input.jobTitle ?? null,
    companyId: input.companyId ?? null,
    ownerMemberId: input.ownerMemberId ?? null,
    lifecycleStage: input.lifecycleStage ?? 'subscriber',
    becameCustomerAt: input.lifecycleStage === 'customer' ? new Date() : null,
    source: input.source ?? 'manual',
    sourceChannel: input.sourceChannel ?? null,
    tags: normalizeTags(input.tags) ?? [],
    customFields,
    avatarUrl: input.avatarUrl ?? firstSocial?.avatarUrl ?? null,
    bio: input.bio ?? null,
    location: input.location ?? null,
    language: input.language ?? null,
    vip: input.vip ?? false,
    communityMember: input.communityMember ?? false,
  });
  for (const identity of identitiesToAdd) {
    await repo.insertIdentity(tx, { id: newSortableId('idn'), workspaceId, contactId: contact.id, ...identity, lastSeenAt: new Date() });
  }
  if (identitiesToAdd.length > 0) await refreshSignals(tx, workspaceId, contact.id);
  await tx.insert(duplicateChecks).values({ contactId: contact.id, workspaceId }).onConflictDoNothing();
  await recordAuditEvent(tx, ctx, {
    action: 'contact.created',
    entityType: 'contact',
    entityId: contact.id,
    after: { name: contact.name, email, phone, lifecycleStage: contact.lifecycleStage, source: contact.source, identities: identitiesToAdd.map((i) => `${i.channel}:${i.handle ?? i.externalId}`) },
  });
  await emitEvent(tx, workspaceId, 'contact.created', { id: contact.id });
  return contact;
}

export async function createContact(ctx: CommandContext, input: ContactCreateInput) {
  const contact = await ctx.db.transaction((tx) => createContactInTransaction(tx, ctx, input));
  return getContact(ctx.db, ctx.workspace.workspaceId, contact.id); // with the signals computed in the transaction
}
