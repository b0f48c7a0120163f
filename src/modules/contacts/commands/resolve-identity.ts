// resolveIdentity: the one command every module calls when someone appears — a mention's author, a
// message's sender, a community sign-up, an order's buyer. It attaches the identity to the contact it
// certainly belongs to (same channel and external id, same email, same phone) or creates a contact,
// and schedules the search for probable duplicates.
//
// It sits on the firehose path, so it is written for round trips: a person seen before costs one
// statement; a new person costs one transaction of four statements (advisory locks on the identity's
// keys, a lookup of certain matches, and one statement that writes the contact, its identities, the
// timeline entry, the audit record, the duplicate-search job and the event). The locks make two
// webhooks for the same new person at once yield one contact.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { acquisitionSources } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import type { Actor } from '../../../server/context.js';
import { EVENTS_CHANNEL } from '../../../server/events.js';
import { identityInputSchema, normalizeEmail, normalizeIdentity, normalizePhone, type NormalizedIdentity } from '../identity.js';
import { influenceScore, influenceSqlText } from '../signals.js';
import { displayName } from './create-contact.js';
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

const lockKey = (workspaceId: string, key: string) => `${workspaceId}|${key}`;
const DUPLICATE_SEARCH_DELAY_MS = 5000;

/** A person seen before: refresh the profile facts that change (followers, name, avatar) in one statement. */
async function touchKnownIdentity(db: Database, workspaceId: string, identity: NormalizedIdentity) {
  const result = await db.execute<{ id: string; contact_id: string; followers_changed: boolean; verified_changed: boolean }>(sql`
    WITH old AS (
      SELECT id, contact_id, followers, verified FROM identities
       WHERE workspace_id = ${workspaceId} AND channel = ${identity.channel} AND external_id = ${identity.externalId}
       FOR UPDATE
    ), updated AS (
      UPDATE identities i SET
        handle = coalesce(${identity.handle ?? null}, i.handle),
        display_name = coalesce(${identity.displayName ?? null}, i.display_name),
        profile_url = coalesce(${identity.profileUrl ?? null}, i.profile_url),
        avatar_url = coalesce(${identity.avatarUrl ?? null}, i.avatar_url),
        bio = coalesce(${identity.bio ?? null}, i.bio),
        followers = coalesce(${identity.followers ?? null}::int, i.followers),
        following = coalesce(${identity.following ?? null}::int, i.following),
        verified = coalesce(${identity.verified ?? null}::boolean, i.verified),
        last_seen_at = now(),
        updated_at = now()
       FROM old WHERE i.id = old.id
       RETURNING i.id
    ), signals AS (
      UPDATE contacts c SET
        followers_total = c.followers_total - coalesce(old.followers, 0) + ${identity.followers ?? 0}::int,
        influence_score = ${sql.raw(influenceSqlText(`c.followers_total - coalesce(old.followers, 0) + ${Math.max(0, Math.trunc(identity.followers ?? 0))}`, 'c.engagement_score', `(c.influence_score >= 0 AND EXISTS (SELECT 1 FROM identities v WHERE v.contact_id = c.id AND v.verified))`, `(SELECT count(DISTINCT n.channel) FROM identities n WHERE n.contact_id = c.id AND n.channel NOT IN ('email', 'phone'))`))}
       FROM old
       WHERE c.id = old.contact_id AND ${identity.followers ?? null}::int IS NOT NULL AND old.followers IS DISTINCT FROM ${identity.followers ?? null}::int
       RETURNING c.id
    )
    SELECT old.id, old.contact_id,
           (SELECT count(*) FROM signals) > 0 AS followers_changed,
           (${identity.verified ?? null}::boolean IS NOT NULL AND old.verified IS DISTINCT FROM ${identity.verified ?? null}::boolean) AS verified_changed,
           (SELECT count(*) FROM updated) AS touched
      FROM old`);
  return result.rows[0];
}

export async function resolveIdentity(db: Database, workspaceId: string, actor: Actor, input: ResolveIdentityInput): Promise<ResolvedIdentity> {
  const identity = normalizeIdentity(input.identity);
  const email = (input.email ? normalizeEmail(input.email) : null) ?? (identity.channel === 'email' ? identity.externalId : null);
  const phone = (input.phone ? normalizePhone(input.phone) : null) ?? (identity.channel === 'phone' || identity.channel === 'whatsapp' ? identity.externalId : null);

  const known = await touchKnownIdentity(db, workspaceId, identity);
  if (known) {
    if (known.verified_changed) await refreshSignals(db, workspaceId, known.contact_id);
    return { contactId: known.contact_id, identityId: known.id, createdContact: false, createdIdentity: false };
  }

  const keys = [`${identity.channel}:${identity.externalId}`, ...(email ? [`email:${email}`] : []), ...(phone ? [`phone:${phone}`] : [])].sort();
  return db.transaction(async (tx) => {
    // Sorted lock order: two resolutions sharing keys never deadlock.
    await tx.execute(sql`SELECT ${sql.join(keys.map((key) => sql`pg_advisory_xact_lock(hashtextextended(${lockKey(workspaceId, key)}, 0))`), sql`, `)}`);

    // Certain matches, best first: this very identity (it may have been created while we waited), the email, the phone.
    const matches = await tx.execute<{ kind: string; contact_id: string; identity_id: string | null }>(sql`
      SELECT 'identity' AS kind, contact_id, id AS identity_id, 0 AS rank FROM identities
       WHERE workspace_id = ${workspaceId} AND channel = ${identity.channel} AND external_id = ${identity.externalId}
      UNION ALL
      SELECT 'email', contact_id, NULL, 1 FROM identities WHERE workspace_id = ${workspaceId} AND channel = 'email' AND external_id = ${email ?? ''}
      UNION ALL
      SELECT 'email', id, NULL, 2 FROM contacts WHERE workspace_id = ${workspaceId} AND lower(email) = ${email ?? ''} AND merged_into_id IS NULL
      UNION ALL
      SELECT 'phone', contact_id, NULL, 3 FROM identities WHERE workspace_id = ${workspaceId} AND channel IN ('phone', 'whatsapp') AND external_id = ${phone ?? ''}
      UNION ALL
      SELECT 'phone', id, NULL, 4 FROM contacts WHERE workspace_id = ${workspaceId} AND phone = ${phone ?? ''} AND merged_into_id IS NULL
      ORDER BY rank LIMIT 1`);
    const match = matches.rows[0];
    if (match?.kind === 'identity') return { contactId: match.contact_id, identityId: match.identity_id!, createdContact: false, createdIdentity: false };

    const createdContact = !match;
    const contactId = match?.contact_id ?? newId('ct');
    const identityId = newId('idn');
    const now = new Date().toISOString();
    const name = displayName({ name: input.name ?? identity.displayName ?? null, email, phone }, identity.handle);
    const social = identity.channel !== 'email' && identity.channel !== 'phone';
    const followers = identity.followers ?? 0;
    const influence = influenceScore({ followersTotal: followers, engagement: 0, verified: identity.verified ?? false, networks: social ? 1 : 0 });
    const label = identity.handle ?? identity.displayName ?? identity.externalId;
    // Email and phone known for this person become identities too (ON CONFLICT: already someone's).
    const extra = [
      ...(email && identity.channel !== 'email' ? [{ channel: 'email', externalId: email }] : []),
      ...(phone && identity.channel !== 'phone' && identity.channel !== 'whatsapp' ? [{ channel: 'phone', externalId: phone }] : []),
    ];
    const event = (type: string) => JSON.stringify({ workspaceId, type, data: { id: contactId }, at: now });

    await tx.execute(sql`
      WITH new_contact AS (
        INSERT INTO contacts (id, workspace_id, name, email, phone, source, source_channel, avatar_url, followers_total, influence_score, created_at, updated_at)
        SELECT ${contactId}, ${workspaceId}, ${name}, ${email}, ${phone}, ${input.source ?? 'channel'}, ${input.sourceChannel ?? identity.channel},
               ${identity.avatarUrl ?? null}, ${followers}, ${influence}, ${now}, ${now}
         WHERE ${createdContact}
        RETURNING id
      ), new_identity AS (
        INSERT INTO identities (id, workspace_id, contact_id, channel, external_id, handle, display_name, profile_url, avatar_url, bio, followers, following, verified, data, last_seen_at, created_at, updated_at)
        VALUES (${identityId}, ${workspaceId}, ${contactId}, ${identity.channel}, ${identity.externalId}, ${identity.handle ?? null}, ${identity.displayName ?? null},
                ${identity.profileUrl ?? null}, ${identity.avatarUrl ?? null}, ${identity.bio ?? null}, ${identity.followers ?? null}, ${identity.following ?? null},
                ${identity.verified ?? false}, ${JSON.stringify(identity.data ?? {})}::jsonb, ${now}, ${now}, ${now})
        RETURNING id
      ), extra_identities AS (
        INSERT INTO identities (id, workspace_id, contact_id, channel, external_id, handle, created_at, updated_at)
        SELECT ${newId('idn')} || '_' || ordinality, ${workspaceId}, ${contactId}, e.channel, e.external_id, e.external_id, ${now}, ${now}
          FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(extra.map((e) => ({ channel: e.channel, external_id: e.externalId })))}::jsonb) AS (channel text, external_id text))
               WITH ORDINALITY AS e(channel, external_id, ordinality)
        ON CONFLICT DO NOTHING
        RETURNING id
      ), timeline AS (
        INSERT INTO interactions (workspace_id, contact_id, kind, channel, direction, occurred_at, summary, source_module, source_id, data, created_at)
        SELECT ${workspaceId}, ${contactId}, 'identity', ${identity.channel}, 'internal', ${now}, ${`Seen on ${identity.channel} as ${label}`}, 'identities', ${identityId},
               ${JSON.stringify({ identityId })}::jsonb, ${now}
          FROM new_identity
        RETURNING id
      ), counters AS (
        UPDATE contacts c SET interaction_count = c.interaction_count + 1, last_interaction_at = greatest(c.last_interaction_at, ${now}::timestamptz),
               followers_total = c.followers_total + ${followers},
               influence_score = ${sql.raw(influenceSqlText(`c.followers_total + ${Math.max(0, Math.trunc(followers))}`, 'c.engagement_score', `(${identity.verified ? 'true' : 'false'} OR EXISTS (SELECT 1 FROM identities v WHERE v.contact_id = c.id AND v.verified))`, `(SELECT count(DISTINCT n.channel) FROM identities n WHERE n.contact_id = c.id AND n.channel NOT IN ('email', 'phone')) + ${social ? 1 : 0}`))},
               updated_at = ${now}
         WHERE c.id = ${contactId} AND NOT ${createdContact}
        RETURNING c.id
      ), audit AS (
        INSERT INTO audit_events (workspace_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, after, created_at)
        SELECT ${workspaceId}, ${actor.type}, ${actor.id}, ${actor.label}, 'contact.created', 'contact', ${contactId},
               ${JSON.stringify({ name, email, phone, source: input.source ?? 'channel', identities: [`${identity.channel}:${label}`] })}::jsonb, ${now}
         WHERE ${createdContact}
        RETURNING id
      ), job AS (
        SELECT graphile_worker.add_job('contacts.find_duplicates', ${JSON.stringify({ workspaceId, contactId })}::json,
               run_at := now() + make_interval(secs => ${DUPLICATE_SEARCH_DELAY_MS / 1000}), job_key := ${`find-duplicates:${contactId}`}) AS j
      ), notify AS (
        SELECT pg_notify(${EVENTS_CHANNEL}, ${event(createdContact ? 'contact.created' : 'contact.updated')}) AS n
      )
      SELECT (SELECT count(*) FROM new_contact) AS contacts, (SELECT count(*) FROM new_identity) AS identities,
             (SELECT count(*) FROM extra_identities) AS extras, (SELECT count(*) FROM timeline) AS interactions,
             (SELECT count(*) FROM counters) AS counters, (SELECT count(*) FROM audit) AS audits,
             (SELECT count(*) FROM job) AS jobs, (SELECT count(*) FROM notify) AS notifies`);
    return { contactId, identityId, createdContact, createdIdentity: true };
  });
}
