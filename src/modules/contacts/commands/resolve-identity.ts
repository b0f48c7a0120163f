// resolveIdentity: the one command every module calls when someone appears — a mention's author, a
// message's sender, a community sign-up, an order's buyer. It attaches the identity to the contact it
// certainly belongs to (same channel and external id, same email, same phone) or creates a contact,
// and queues it for the search for probable duplicates (contacts.find_duplicates drains the queue).
//
// It sits on the firehose path, so it works on batches (resolveIdentities; resolveIdentity is a batch
// of one) and is written for round trips: the people seen before cost one statement for the whole
// batch; the new ones one transaction of three (advisory locks on their keys, a lookup of certain
// matches, and one statement that writes the contacts, their identities, the audit records, the
// duplicate-search queue entries and the events). The locks make two webhooks for the same new person
// at once yield one contact. New people of one batch who share a key (an email, a phone) are resolved
// one by one after it, so the second finds the first. What happened (the mention, the message) is the
// caller's to put on the timeline, with recordInteraction.
import type pg from 'pg';
import { z } from 'zod';
import type { Database } from '../../../db/client.js';
import { retryingConflicts } from '../../../db/errors.js';
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

// $1 workspace; then one array per field, one element per identity: $2 channel, $3 external id, $4 handle,
// $5 display name, $6 profile url, $7 avatar, $8 bio, $9 followers, $10 following, $11 verified. A
// contact's follower count moves by the sum of its identities' changes.
const TOUCH_KNOWN = `
  WITH input AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::boolean[])
      AS t(channel, external_id, handle, display_name, profile_url, avatar_url, bio, followers, following, verified)
  ), old AS (
    SELECT i.id, i.contact_id, i.followers AS old_followers, i.verified AS old_verified, input.*
      FROM identities i JOIN input ON i.workspace_id = $1 AND i.channel = input.channel AND i.external_id = input.external_id
     ORDER BY i.id
     FOR NO KEY UPDATE OF i
  ), updated AS (
    UPDATE identities i SET
      handle = coalesce(old.handle, i.handle), display_name = coalesce(old.display_name, i.display_name), profile_url = coalesce(old.profile_url, i.profile_url),
      avatar_url = coalesce(old.avatar_url, i.avatar_url), bio = coalesce(old.bio, i.bio), followers = coalesce(old.followers, i.followers),
      following = coalesce(old.following, i.following), verified = coalesce(old.verified, i.verified), last_seen_at = now(), updated_at = now()
     FROM old WHERE i.id = old.id
     RETURNING i.id
  ), moved AS (
    SELECT contact_id, sum(followers - coalesce(old_followers, 0))::int AS delta, bool_or(coalesce(verified, false)) AS verified
      FROM old WHERE followers IS NOT NULL AND old_followers IS DISTINCT FROM followers
     GROUP BY contact_id
  ), signals AS (
    UPDATE contacts c SET
      followers_total = c.followers_total + moved.delta,
      influence_score = ${INFLUENCE(
        'c.followers_total + moved.delta',
        '(moved.verified OR EXISTS (SELECT 1 FROM identities v WHERE v.contact_id = c.id AND v.verified))',
        "(SELECT count(DISTINCT n.channel) FROM identities n WHERE n.contact_id = c.id AND n.channel NOT IN ('email', 'phone'))",
      )}
     FROM moved
     WHERE c.id = moved.contact_id
     RETURNING c.id
  )
  SELECT old.id, old.contact_id, old.channel, old.external_id, (old.verified IS NOT NULL AND old.old_verified IS DISTINCT FROM old.verified) AS verified_changed,
         (SELECT count(*) FROM updated) + (SELECT count(*) FROM signals) AS writes
    FROM old`;

// Keys sorted by the caller: two resolutions sharing keys never deadlock.
const LOCK = `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n)`;

// Certain matches of each identity ($2 channels, $3 external ids, $4 emails, $5 phones, '' for none: that
// arm is skipped), best first: this very identity (made while we waited), the email, the phone. The
// phone arm names the phone-suffix index's key too, so that index, when the planner picks it, is probed
// rather than scanned for the workspace.
const CERTAIN_MATCH = `
  SELECT t.n::int AS n, m.kind, m.contact_id, m.identity_id
    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(channel, external_id, email, phone, n)
    CROSS JOIN LATERAL (
      SELECT 'identity' AS kind, contact_id, id AS identity_id, 0 AS rank FROM identities WHERE workspace_id = $1 AND channel = t.channel AND external_id = t.external_id
      UNION ALL SELECT 'email', contact_id, NULL, 1 FROM identities WHERE t.email <> '' AND workspace_id = $1 AND channel = 'email' AND external_id = t.email
      UNION ALL SELECT 'email', id, NULL, 2 FROM contacts WHERE t.email <> '' AND workspace_id = $1 AND lower(email) = t.email AND merged_into_id IS NULL
      UNION ALL SELECT 'phone', contact_id, NULL, 3 FROM identities WHERE t.phone <> '' AND workspace_id = $1 AND channel IN ('phone', 'whatsapp')
                                                          AND right(external_id, 9) = right(t.phone, 9) AND external_id = t.phone
      UNION ALL SELECT 'phone', id, NULL, 4 FROM contacts WHERE t.phone <> '' AND workspace_id = $1 AND phone = t.phone AND merged_into_id IS NULL
      ORDER BY rank LIMIT 1) m`;

// $1 workspace, $2 now, $3 the new identities (json, one object each, fields as in the input CTE, with
// who the audit record names). Each contact appears once: new people of one batch sharing
// a contact are resolved one by one after it.
const WRITE_NEW = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(
      contact_id text, created boolean, name text, email text, phone text, source text, source_channel text, avatar_url text,
      followers_total int, influence real, identity_id text, channel text, external_id text, handle text, display_name text,
      profile_url text, bio text, followers int, following int, verified boolean, data jsonb, extra jsonb, social int,
      audit jsonb, event text, extra_prefix text, actor_type text, actor_id text, actor_label text)
  ), new_contact AS (
    INSERT INTO contacts (id, workspace_id, name, email, phone, source, source_channel, avatar_url, followers_total, influence_score, created_at, updated_at)
    SELECT contact_id, $1, name, email, phone, source, source_channel, avatar_url, followers_total, influence, $2::timestamptz, $2::timestamptz FROM input WHERE created
    RETURNING id
  ), new_identity AS (
    INSERT INTO identities (id, workspace_id, contact_id, channel, external_id, handle, display_name, profile_url, avatar_url, bio, followers, following, verified, data, last_seen_at, created_at, updated_at)
    SELECT identity_id, $1, contact_id, channel, external_id, handle, display_name, profile_url, avatar_url, bio, followers, following, verified, data,
           $2::timestamptz, $2::timestamptz, $2::timestamptz FROM input
    RETURNING id
  ), extra_identities AS (
    INSERT INTO identities (id, workspace_id, contact_id, channel, external_id, handle, created_at, updated_at)
    SELECT input.extra_prefix || '_' || e.ordinality, $1, input.contact_id, e.channel, e.external_id, e.external_id, $2::timestamptz, $2::timestamptz
      FROM input, ROWS FROM (jsonb_to_recordset(input.extra) AS (channel text, external_id text)) WITH ORDINALITY AS e(channel, external_id, ordinality)
    ON CONFLICT DO NOTHING
    RETURNING id
  ), counters AS (
    UPDATE contacts c SET
      followers_total = c.followers_total + input.followers_total,
      influence_score = ${INFLUENCE(
        'c.followers_total + input.followers_total',
        '(input.verified OR EXISTS (SELECT 1 FROM identities v WHERE v.contact_id = c.id AND v.verified))',
        "(SELECT count(DISTINCT n.channel) FROM identities n WHERE n.contact_id = c.id AND n.channel NOT IN ('email', 'phone')) + input.social",
      )},
      updated_at = $2::timestamptz
     FROM input WHERE c.id = input.contact_id AND NOT input.created
    RETURNING c.id
  ), audit AS (
    INSERT INTO audit_events (workspace_id, actor_type, actor_id, actor_label, action, entity_type, entity_id, after, created_at)
    SELECT $1, actor_type, actor_id, actor_label, 'contact.created', 'contact', contact_id, audit, $2::timestamptz FROM input WHERE created
    RETURNING id
  ), duplicate_check AS (
    INSERT INTO duplicate_checks (contact_id, workspace_id, enqueued_at) SELECT contact_id, $1, $2::timestamptz FROM input
    ON CONFLICT DO NOTHING
    RETURNING contact_id
  ), notify AS (
    SELECT pg_notify('${EVENTS_CHANNEL}', event) AS n FROM input
  )
  SELECT (SELECT count(*) FROM new_contact) + (SELECT count(*) FROM new_identity) + (SELECT count(*) FROM extra_identities)
       + (SELECT count(*) FROM counters) + (SELECT count(*) FROM audit)
       + (SELECT count(*) FROM duplicate_check) + (SELECT count(*) FROM notify) AS writes`;

const poolOf = (db: Database) => db.$client as pg.Pool;

export async function resolveIdentity(db: Database, workspaceId: string, actor: Actor, input: ResolveIdentityInput): Promise<ResolvedIdentity> {
  const [resolved] = await resolveIdentities(db, workspaceId, actor, [input]);
  if (resolved instanceof Error) throw resolved;
  return resolved!;
}

type Prepared = {
  identity: ReturnType<typeof normalizeIdentity>;
  email: string | null;
  phone: string | null;
  /** channel and external id: the identity's own key */
  key: string;
  /** every key to lock: the identity's, its email's and its phone's */
  keys: string[];
  input: ResolveIdentityInput;
  /** who the audit record of a new contact names */
  actor: Actor;
};

function prepare(input: ResolveIdentityInput, actor: Actor): Prepared {
  const identity = normalizeIdentity(input.identity);
  const email = (input.email ? normalizeEmail(input.email) : null) ?? (identity.channel === 'email' ? identity.externalId : null);
  const phone = (input.phone ? normalizePhone(input.phone) : null) ?? (identity.channel === 'phone' || identity.channel === 'whatsapp' ? identity.externalId : null);
  const key = `${identity.channel}:${identity.externalId}`;
  return { identity, email, phone, key, keys: [key, ...(email ? [`email:${email}`] : []), ...(phone ? [`phone:${phone}`] : [])], input, actor };
}

/**
 * resolveIdentity for many people at once (a batch of inbound messages): one result per input, in
 * order — an Error for an input that is not a valid identity, which does not stop the others. The same
 * identity twice resolves to one contact. `actor`: who creates the contacts, or each input's (by index).
 */
export async function resolveIdentities(db: Database, workspaceId: string, actor: Actor | ((index: number) => Actor), inputs: ResolveIdentityInput[]): Promise<(ResolvedIdentity | Error)[]> {
  const actorOf = typeof actor === 'function' ? actor : () => actor;
  const results: (ResolvedIdentity | Error | undefined)[] = new Array(inputs.length);
  const byKey = new Map<string, { prepared: Prepared; at: number[] }>();
  inputs.forEach((input, i) => {
    try {
      const prepared = prepare(input, actorOf(i));
      const seen = byKey.get(prepared.key);
      // The same identity again: its latest profile counts, with the email, phone and name either occurrence knew.
      if (seen) {
        const email = prepared.email ?? seen.prepared.email;
        const phone = prepared.phone ?? seen.prepared.phone;
        const name = prepared.input.name ?? seen.prepared.input.name;
        seen.prepared = {
          ...prepared,
          email,
          phone,
          keys: [prepared.key, ...(email ? [`email:${email}`] : []), ...(phone ? [`phone:${phone}`] : [])],
          input: { ...prepared.input, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(name ? { name } : {}) },
        };
        seen.at.push(i);
      } else byKey.set(prepared.key, { prepared, at: [i] });
    } catch (error) {
      results[i] = error as Error;
    }
  });
  const settle = (key: string, result: ResolvedIdentity) => byKey.get(key)!.at.forEach((i, n) => (results[i] = n === 0 ? result : { ...result, createdContact: false, createdIdentity: false }));
  const people = [...byKey.values()].map((entry) => entry.prepared);
  if (people.length === 0) return results as (ResolvedIdentity | Error)[];
  const pool = poolOf(db);

  const column = <T>(pick: (identity: Prepared['identity']) => T | undefined) => people.map((person) => pick(person.identity) ?? null);
  const known = await retryingConflicts(() => pool.query<{ id: string; contact_id: string; channel: string; external_id: string; verified_changed: boolean }>({
    name: 'resolve_identities_touch',
    text: TOUCH_KNOWN,
    values: [workspaceId, column((i) => i.channel), column((i) => i.externalId), column((i) => i.handle), column((i) => i.displayName), column((i) => i.profileUrl),
      column((i) => i.avatarUrl), column((i) => i.bio), column((i) => i.followers), column((i) => i.following), column((i) => i.verified)],
  }));
  for (const seen of known.rows) {
    if (seen.verified_changed) await refreshSignals(db, workspaceId, seen.contact_id);
    settle(`${seen.channel}:${seen.external_id}`, { contactId: seen.contact_id, identityId: seen.id, createdContact: false, createdIdentity: false });
  }

  // New people; those sharing a key with an earlier one are resolved after this batch, one by one.
  const taken = new Set<string>();
  const fresh: Prepared[] = [];
  const later: Prepared[] = [];
  for (const person of people) {
    if (results[byKey.get(person.key)!.at[0]!]) continue;
    if (person.keys.some((key) => taken.has(key))) later.push(person);
    else {
      fresh.push(person);
      person.keys.forEach((key) => taken.add(key));
    }
  }
  if (fresh.length > 0) {
    const deferred = later.length;
    const created = await retryingConflicts(() => {
      later.length = deferred; // a retried attempt defers afresh
      return createIdentities(pool, workspaceId, fresh, later);
    });
    for (const [key, result] of created) settle(key, result);
  }
  for (const person of later) {
    try {
      const [result] = await resolveIdentities(db, workspaceId, person.actor, [person.input]);
      if (result instanceof Error) throw result;
      settle(person.key, result!);
    } catch (error) {
      byKey.get(person.key)!.at.forEach((i) => (results[i] = error as Error));
    }
  }
  return results as (ResolvedIdentity | Error)[];
}

/**
 * Attaches new identities to the contacts they certainly belong to, or creates contacts, in one
 * transaction. A person whose certain match is a contact another person of this batch also attaches to
 * goes to `later`.
 */
async function createIdentities(pool: pg.Pool, workspaceId: string, people: Prepared[], later: Prepared[]): Promise<Map<string, ResolvedIdentity>> {
  const resolved = new Map<string, ResolvedIdentity>();
  const keys = [...new Set(people.flatMap((person) => person.keys))].sort().map((key) => lockKey(workspaceId, key));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query({ name: 'resolve_identities_lock', text: LOCK, values: [keys] });
    const matches = await client.query<{ n: number; kind: string; contact_id: string; identity_id: string | null }>({
      name: 'resolve_identities_match',
      text: CERTAIN_MATCH,
      values: [workspaceId, people.map((p) => p.identity.channel), people.map((p) => p.identity.externalId), people.map((p) => p.email ?? ''), people.map((p) => p.phone ?? '')],
    });
    const matchOf = new Map(matches.rows.map((row) => [Number(row.n) - 1, row]));
    const now = new Date().toISOString();
    const contactsTaken = new Set<string>();
    const rows: Record<string, unknown>[] = [];
    people.forEach((person, i) => {
      const match = matchOf.get(i);
      if (match?.kind === 'identity') {
        resolved.set(person.key, { contactId: match.contact_id, identityId: match.identity_id!, createdContact: false, createdIdentity: false });
        return;
      }
      if (match && contactsTaken.has(match.contact_id)) {
        later.push(person);
        return;
      }
      const { identity, email, phone } = person;
      const createdContact = !match;
      const contactId = match?.contact_id ?? newId('ct');
      contactsTaken.add(contactId);
      const identityId = newId('idn');
      const name = displayName({ name: person.input.name ?? identity.displayName ?? null, email, phone }, identity.handle);
      const social = identity.channel !== 'email' && identity.channel !== 'phone';
      const followers = Math.max(0, Math.trunc(identity.followers ?? 0));
      const label = identity.handle ?? identity.displayName ?? identity.externalId;
      // Email and phone known for this person become identities too (ON CONFLICT: already someone's).
      const extra = [
        ...(email && identity.channel !== 'email' ? [{ channel: 'email', external_id: email }] : []),
        ...(phone && identity.channel !== 'phone' && identity.channel !== 'whatsapp' ? [{ channel: 'phone', external_id: phone }] : []),
      ];
      const source = person.input.source ?? 'channel';
      rows.push({
        contact_id: contactId, created: createdContact, name, email, phone, source, source_channel: person.input.sourceChannel ?? identity.channel,
        avatar_url: identity.avatarUrl ?? null, followers_total: followers,
        influence: influenceScore({ followersTotal: followers, engagement: 0, verified: identity.verified ?? false, networks: social ? 1 : 0 }),
        identity_id: identityId, channel: identity.channel, external_id: identity.externalId, handle: identity.handle ?? null, display_name: identity.displayName ?? null,
        profile_url: identity.profileUrl ?? null, bio: identity.bio ?? null, followers: identity.followers ?? null, following: identity.following ?? null,
        verified: identity.verified ?? false, data: identity.data ?? {}, extra, social: social ? 1 : 0,
        audit: { name, email, phone, source, identities: [`${identity.channel}:${label}`] },
        event: JSON.stringify({ workspaceId, type: createdContact ? 'contact.created' : 'contact.updated', data: { id: contactId }, at: now }),
        extra_prefix: newId('idn'),
        actor_type: person.actor.type,
        actor_id: person.actor.id,
        actor_label: person.actor.label,
      });
      resolved.set(person.key, { contactId, identityId, createdContact, createdIdentity: true });
    });
    if (rows.length > 0) {
      await client.query({ name: 'resolve_identities_write', text: WRITE_NEW, values: [workspaceId, now, JSON.stringify(rows)] });
    }
    await client.query('COMMIT');
    return resolved;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
