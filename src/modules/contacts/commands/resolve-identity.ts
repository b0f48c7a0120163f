// resolveIdentity: the one command every module calls when someone appears — a mention's author, a
// message's sender, a community sign-up, an order's buyer. It attaches the identity to the contact it
// certainly belongs to (same channel and external id, same email, same phone) or creates a contact,
// and queues it for the search for probable duplicates (contacts.find_duplicates drains the queue).
//
// It sits on the firehose path, so it is written for round trips: a person seen before costs one
// prepared statement; a new person costs one transaction of three (advisory locks on the identity's
// keys, a lookup of certain matches, and one statement that writes the contact, its identities, the
// audit record, the duplicate-search queue entry and the event). The locks make two webhooks for the
// same new person at once yield one contact. What happened (the mention, the message) is the caller's
// to put on the timeline, with recordInteraction.
import type pg from 'pg';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { acquisitionSources } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import type { Actor } from '../../../server/context.js';
import { EVENTS_CHANNEL } from '../../../server/events.js';
import { identityInputSchema, normalizeEmail, normalizeIdentity, normalizePhone } from '../identity.js';
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

// The statements below are prepared once per connection (named queries): on the firehose path,
// planning these CTEs on every call costs more than running them.
const INFLUENCE = (followers: string, verified: string, networks: string) => influenceSqlText(followers, 'c.engagement_score', verified, networks);

const TOUCH_KNOWN = `
  WITH old AS (
    SELECT id, contact_id, followers, verified FROM identities
     WHERE workspace_id = $1 AND channel = $2 AND external_id = $3
     FOR UPDATE
  ), updated AS (
    UPDATE identities i SET
      handle = coalesce($4, i.handle), display_name = coalesce($5, i.display_name), profile_url = coalesce($6, i.profile_url),
      avatar_url = coalesce($7, i.avatar_url), bio = coalesce($8, i.bio), followers = coalesce($9::int, i.followers),
      following = coalesce($10::int, i.following), verified = coalesce($11::boolean, i.verified), last_seen_at = now(), updated_at = now()
     FROM old WHERE i.id = old.id
     RETURNING i.id
  ), signals AS (
    UPDATE contacts c SET
      followers_total = c.followers_total - coalesce(old.followers, 0) + $9::int,
      influence_score = ${INFLUENCE(
        'c.followers_total - coalesce(old.followers, 0) + $9::int',
        '(coalesce($11::boolean, false) OR EXISTS (SELECT 1 FROM identities v WHERE v.contact_id = c.id AND v.verified))',
        "(SELECT count(DISTINCT n.channel) FROM identities n WHERE n.contact_id = c.id AND n.channel NOT IN ('email', 'phone'))",
      )}
     FROM old
     WHERE c.id = old.contact_id AND $9::int IS NOT NULL AND old.followers IS DISTINCT FROM $9::int
     RETURNING c.id
  )
  SELECT old.id, old.contact_id, ($11::boolean IS NOT NULL AND old.verified IS DISTINCT FROM $11::boolean) AS verified_changed,
         (SELECT count(*) FROM updated) + (SELECT count(*) FROM signals) AS writes
    FROM old`;

const LOCK = (count: number) =>
  `SELECT ${Array.from({ length: count }, (_, i) => `pg_advisory_xact_lock(hashtextextended($${i + 1}, 0))`).join(', ')}`;

const CERTAIN_MATCH = `
  SELECT 'identity' AS kind, contact_id, id AS identity_id, 0 AS rank FROM identities WHERE workspace_id = $1 AND channel = $2 AND external_id = $3
  UNION ALL SELECT 'email', contact_id, NULL, 1 FROM identities WHERE workspace_id = $1 AND channel = 'email' AND external_id = $4
  UNION ALL SELECT 'email', id, NULL, 2 FROM contacts WHERE workspace_id = $1 AND lower(email) = $4 AND merged_into_id IS NULL
  UNION ALL SELECT 'phone', contact_id, NULL, 3 FROM identities WHERE workspace_id = $1 AND channel IN ('phone', 'whatsapp') AND external_id = $5
  UNION ALL SELECT 'phone', id, NULL, 4 FROM contacts WHERE workspace_id = $1 AND phone = $5 AND merged_into_id IS NULL
  ORDER BY rank LIMIT 1`;

// $1 workspace, $2 contact, $3 created?, $4 name, $5 email, $6 phone, $7 source, $8 source channel, $9 avatar,
// $10 followers (0 when unknown), $11 influence of a new contact, $12 identity id, $13 channel, $14 external id,
// $15 handle, $16 display name, $17 profile url, $18 bio, $19 followers (null when unknown), $20 following,
// $21 verified, $22 data, $23 extra identities (json), $24 now, $25 social (0/1), $26 actor type,
// $27 actor id, $28 actor label, $29 audit after, $30 event, $31 extra identities' id prefix
const WRITE_NEW = `
  WITH new_contact AS (
    INSERT INTO contacts (id, workspace_id, name, email, phone, source, source_channel, avatar_url, followers_total, influence_score, created_at, updated_at)
    SELECT $2, $1, $4, $5, $6, $7, $8, $9, $10::int, $11::real, $24::timestamptz, $24::timestamptz WHERE $3::boolean
    RETURNING id
  ), new_identity AS (
    INSERT INTO identities (id, workspace_id, contact_id, channel, external_id, handle, display_name, profile_url, avatar_url, bio, followers, following, verified, data, last_seen_at, created_at, updated_at)
    VALUES ($12, $1, $2, $13, $14, $15, $16, $17, $9, $18, $19::int, $20::int, $21::boolean, $22::jsonb, $24::timestamptz, $24::timestamptz, $24::timestamptz)
    RETURNING id
  ), extra_identities AS (
    INSERT INTO identities (id, workspace_id, contact_id, channel, external_id, handle, created_at, updated_at)
    SELECT $31 || '_' || e.ordinality, $1, $2, e.channel, e.external_id, e.external_id, $24::timestamptz, $24::timestamptz
      FROM ROWS FROM (jsonb_to_recordset($23::jsonb) AS (channel text, external_id text)) WITH ORDINALITY AS e(channel, external_id, ordinality)
    ON CONFLICT DO NOTHING
    RETURNING id
  ), counters AS (
    UPDATE contacts c SET
      followers_total = c.followers_total + $10::int,
      influence_score = ${INFLUENCE(
        'c.followers_total + $10::int',
        '($21::boolean OR EXISTS (SELECT 1 FROM identities v WHERE v.contact_id = c.id AND v.verified))',
        "(SELECT count(DISTINCT n.channel) FROM identities n WHERE n.contact_id = c.id AND n.channel NOT IN ('email', 'phone')) + $25::int",
      )},
      updated_at = $24::timestamptz
     WHERE c.id = $2 AND NOT $3::boolean
    RETURNING c.id
  ), audit AS (
    INSERT INTO audit_events (workspace_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, after, created_at)
    SELECT $1, $26, $27, $28, 'contact.created', 'contact', $2, $29::jsonb, $24::timestamptz WHERE $3::boolean
    RETURNING id
  ), duplicate_check AS (
    INSERT INTO duplicate_checks (contact_id, workspace_id, enqueued_at) VALUES ($2, $1, $24::timestamptz)
    ON CONFLICT DO NOTHING
    RETURNING contact_id
  ), notify AS (
    SELECT pg_notify('${EVENTS_CHANNEL}', $30) AS n
  )
  SELECT (SELECT count(*) FROM new_contact) + (SELECT count(*) FROM new_identity) + (SELECT count(*) FROM extra_identities)
       + (SELECT count(*) FROM counters) + (SELECT count(*) FROM audit)
       + (SELECT count(*) FROM duplicate_check) + (SELECT count(*) FROM notify) AS writes`;

const poolOf = (db: Database) => db.$client as pg.Pool;

export async function resolveIdentity(db: Database, workspaceId: string, actor: Actor, input: ResolveIdentityInput): Promise<ResolvedIdentity> {
  const identity = normalizeIdentity(input.identity);
  const email = (input.email ? normalizeEmail(input.email) : null) ?? (identity.channel === 'email' ? identity.externalId : null);
  const phone = (input.phone ? normalizePhone(input.phone) : null) ?? (identity.channel === 'phone' || identity.channel === 'whatsapp' ? identity.externalId : null);
  const pool = poolOf(db);

  const known = await pool.query<{ id: string; contact_id: string; verified_changed: boolean }>({
    name: 'resolve_identity_touch',
    text: TOUCH_KNOWN,
    values: [workspaceId, identity.channel, identity.externalId, identity.handle ?? null, identity.displayName ?? null, identity.profileUrl ?? null,
      identity.avatarUrl ?? null, identity.bio ?? null, identity.followers ?? null, identity.following ?? null, identity.verified ?? null],
  });
  const seen = known.rows[0];
  if (seen) {
    if (seen.verified_changed) await refreshSignals(db, workspaceId, seen.contact_id);
    return { contactId: seen.contact_id, identityId: seen.id, createdContact: false, createdIdentity: false };
  }

  const keys = [`${identity.channel}:${identity.externalId}`, ...(email ? [`email:${email}`] : []), ...(phone ? [`phone:${phone}`] : [])].sort();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Sorted lock order: two resolutions sharing keys never deadlock.
    await client.query({ name: `resolve_identity_lock_${keys.length}`, text: LOCK(keys.length), values: keys.map((key) => lockKey(workspaceId, key)) });
    // Certain matches, best first: this very identity (made while we waited), the email, the phone.
    const match = (
      await client.query<{ kind: string; contact_id: string; identity_id: string | null }>({
        name: 'resolve_identity_match',
        text: CERTAIN_MATCH,
        values: [workspaceId, identity.channel, identity.externalId, email ?? '', phone ?? ''],
      })
    ).rows[0];
    if (match?.kind === 'identity') {
      await client.query('COMMIT');
      return { contactId: match.contact_id, identityId: match.identity_id!, createdContact: false, createdIdentity: false };
    }

    const createdContact = !match;
    const contactId = match?.contact_id ?? newId('ct');
    const identityId = newId('idn');
    const now = new Date().toISOString();
    const name = displayName({ name: input.name ?? identity.displayName ?? null, email, phone }, identity.handle);
    const social = identity.channel !== 'email' && identity.channel !== 'phone';
    const followers = Math.max(0, Math.trunc(identity.followers ?? 0));
    const label = identity.handle ?? identity.displayName ?? identity.externalId;
    // Email and phone known for this person become identities too (ON CONFLICT: already someone's).
    const extra = [
      ...(email && identity.channel !== 'email' ? [{ channel: 'email', external_id: email }] : []),
      ...(phone && identity.channel !== 'phone' && identity.channel !== 'whatsapp' ? [{ channel: 'phone', external_id: phone }] : []),
    ];
    const source = input.source ?? 'channel';
    await client.query({
      name: 'resolve_identity_write',
      text: WRITE_NEW,
      values: [
        workspaceId, contactId, createdContact, name, email, phone, source, input.sourceChannel ?? identity.channel, identity.avatarUrl ?? null,
        followers, influenceScore({ followersTotal: followers, engagement: 0, verified: identity.verified ?? false, networks: social ? 1 : 0 }),
        identityId, identity.channel, identity.externalId, identity.handle ?? null, identity.displayName ?? null, identity.profileUrl ?? null,
        identity.bio ?? null, identity.followers ?? null, identity.following ?? null, identity.verified ?? false, JSON.stringify(identity.data ?? {}),
        JSON.stringify(extra), now, social ? 1 : 0,
        actor.type, actor.id, actor.label, JSON.stringify({ name, email, phone, source, identities: [`${identity.channel}:${label}`] }),
        JSON.stringify({ workspaceId, type: createdContact ? 'contact.created' : 'contact.updated', data: { id: contactId }, at: now }),
        newId('idn'),
      ],
    });
    await client.query('COMMIT');
    return { contactId, identityId, createdContact, createdIdentity: true };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
