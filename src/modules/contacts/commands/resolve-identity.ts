// resolveIdentity: the one command every module calls when someone appears — a mention's author, a
// message's sender, a community sign-up, an order's buyer. It attaches the identity to the contact it
// certainly belongs to (same channel and external id, same email, same phone) or creates a contact,
// and schedules the search for probable duplicates. Safe under concurrency: advisory locks on the
// identity's keys make two webhooks for the same new person yield one contact.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../../db/client.js';
import { acquisitionSources, type IdentityChannel } from '../../../db/schema.js';
import { enqueueJob } from '../../../jobs/enqueue.js';
import { newId } from '../../../lib/ids.js';
import type { Actor } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { identityInputSchema, normalizeEmail, normalizeIdentity, normalizePhone, type NormalizedIdentity } from '../identity.js';
import * as repo from '../repository.js';
import { createContactInTransaction } from './create-contact.js';
import { recordInteraction } from './record-interaction.js';
import { refreshSignals } from './refresh-signals.js';

export const resolveIdentityInputSchema = z.object({
  identity: identityInputSchema,
  email: z.string().trim().max(320).optional().describe('An email the source knows for this person (certain match)'),
  phone: z.string().trim().max(50).optional().describe('A phone number the source knows for this person (certain match)'),
  name: z.string().trim().max(300).optional(),
  source: z.enum(acquisitionSources).optional(),
  sourceChannel: z.string().max(50).optional(),
});
export type ResolveIdentityInput = z.infer<typeof resolveIdentityInputSchema>;
export type ResolvedIdentity = { contactId: string; identityId: string; createdContact: boolean; createdIdentity: boolean };

const lockKey = (workspaceId: string, key: string) => sql`pg_advisory_xact_lock(hashtextextended(${`${workspaceId}|${key}`}, 0))`;

async function contactByCertainMatch(tx: Executor, workspaceId: string, email: string | null, phone: string | null): Promise<string | null> {
  if (email) {
    const byIdentity = await repo.findIdentity(tx, workspaceId, 'email', email);
    if (byIdentity) return byIdentity.contactId;
    const byField = await repo.findContactByEmail(tx, workspaceId, email);
    if (byField) return byField.id;
  }
  if (phone) {
    for (const channel of ['phone', 'whatsapp'] as IdentityChannel[]) {
      const byIdentity = await repo.findIdentity(tx, workspaceId, channel, phone);
      if (byIdentity) return byIdentity.contactId;
    }
    const byField = await repo.findContactByPhone(tx, workspaceId, phone);
    if (byField) return byField.id;
  }
  return null;
}

/** Profile facts that change over time (followers, name, avatar) are refreshed each time someone is seen. */
function profilePatch(identity: NormalizedIdentity) {
  const patch: Record<string, unknown> = { lastSeenAt: new Date() };
  for (const key of ['handle', 'displayName', 'profileUrl', 'avatarUrl', 'bio', 'followers', 'following', 'verified'] as const) {
    if (identity[key] !== undefined) patch[key] = identity[key];
  }
  return patch;
}

export async function resolveIdentity(db: Database, workspaceId: string, actor: Actor, input: ResolveIdentityInput): Promise<ResolvedIdentity> {
  const identity = normalizeIdentity(input.identity);
  const email = (input.email ? normalizeEmail(input.email) : null) ?? (identity.channel === 'email' ? identity.externalId : null);
  const phone = (input.phone ? normalizePhone(input.phone) : null) ?? (identity.channel === 'phone' || identity.channel === 'whatsapp' ? identity.externalId : null);
  const keys = [`${identity.channel}:${identity.externalId}`, ...(email ? [`email:${email}`] : []), ...(phone ? [`phone:${phone}`] : [])].sort();
  const ctx = { actor, workspace: { workspaceId, role: null, memberId: null }, requestId: null, ipAddress: null };

  return db.transaction(async (tx) => {
    // Sorted lock order: two resolutions sharing keys never deadlock.
    for (const key of keys) await tx.execute(sql`SELECT ${lockKey(workspaceId, key)}`);

    const existing = await repo.findIdentity(tx, workspaceId, identity.channel, identity.externalId);
    if (existing) {
      const followersChanged = identity.followers !== undefined && identity.followers !== existing.followers;
      await repo.updateIdentity(tx, workspaceId, existing.id, profilePatch(identity));
      if (followersChanged || (identity.verified !== undefined && identity.verified !== existing.verified)) {
        await refreshSignals(tx, workspaceId, existing.contactId);
      }
      return { contactId: existing.contactId, identityId: existing.id, createdContact: false, createdIdentity: false };
    }

    let contactId = await contactByCertainMatch(tx, workspaceId, email, phone);
    const createdContact = contactId === null;
    if (!contactId) {
      const contact = await createContactInTransaction(tx, ctx, {
        name: input.name ?? identity.displayName ?? identity.handle ?? undefined,
        email,
        phone,
        source: input.source ?? 'channel',
        sourceChannel: input.sourceChannel ?? identity.channel,
        avatarUrl: identity.avatarUrl ?? null,
      });
      contactId = contact.id;
    } else {
      // Known person, new email or phone: record those as identities too.
      if (email) await repo.insertIdentity(tx, { id: newId('idn'), workspaceId, contactId, channel: 'email', externalId: email, handle: email });
      if (phone) await repo.insertIdentity(tx, { id: newId('idn'), workspaceId, contactId, channel: 'phone', externalId: phone, handle: phone });
    }
    const created =
      (await repo.insertIdentity(tx, { id: newId('idn'), workspaceId, contactId, ...identity, lastSeenAt: new Date() })) ??
      (await repo.findIdentity(tx, workspaceId, identity.channel, identity.externalId))!;
    await recordInteraction(tx, {
      workspaceId,
      contactId,
      kind: 'identity',
      channel: identity.channel,
      summary: `Seen on ${identity.channel} as ${identity.handle ?? identity.displayName ?? identity.externalId}`,
      sourceModule: 'identities',
      sourceId: created.id,
      data: { identityId: created.id },
    });
    await refreshSignals(tx, workspaceId, contactId);
    // Probable duplicates are searched for a little later, once per contact however many identities arrive.
    await enqueueJob(tx, 'contacts.find_duplicates', { workspaceId, contactId }, { jobKey: `find-duplicates:${contactId}`, runAt: new Date(Date.now() + 5000) });
    await emitEvent(tx, workspaceId, createdContact ? 'contact.created' : 'contact.updated', { id: contactId });
    return { contactId, identityId: created.id, createdContact, createdIdentity: true };
  });
}
