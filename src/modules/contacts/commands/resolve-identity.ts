// resolveIdentity: the one command every module calls when someone appears — a mention's author, a
// message's sender, a community sign-up, an order's buyer. It attaches the identity to the contact it
// certainly belongs to (same channel and external id, same email, same phone) or creates a contact,
// and queues it for the search for probable duplicates (contacts.find_duplicates drains the queue).
//
// It sits on the firehose path, so it works on batches (resolveIdentities; calls of resolveIdentity
// that arrive together are batched too) and is written for round trips: the people seen before cost
// one statement for the whole batch (touchKnownIdentities); the new ones three in a transaction
// (createPendingIdentities: advisory locks on their keys, a lookup of certain matches, and one
// statement that writes the contacts, their identities, the audit records, the duplicate-search
// queue entries and the events). The locks make two webhooks for the same new person at once yield
// one contact. New people of one batch who share a key (an email, a phone) are resolved one by one
// after it, so the second finds the first. What happened (the mention, the message) is the caller's
// to put on the timeline, with recordInteraction — or, for the inbound batch, in the transaction
// that creates the new people, whose contacts are then written with the signals of the messages
// they arrive with (FirstSignals) rather than created and updated.
import { z } from 'zod';
import type { Database, Executor } from '../../../db/client.js';
import { retryingConflicts } from '../../../db/errors.js';
import { acquisitionSources } from '../../../db/schema.js';
import { newSortableId } from '../../../lib/ids.js';
import { positional } from '../../../lib/sql.js';
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

// The statements below are run with the same text every time (positional), so the client prepares each
// once per connection: on the firehose path, planning these CTEs on every call costs more than running
// them. Their rows travel as one JSON document, not as arrays: PostgreSQL estimates a document's rows
// alike whatever it holds, so a prepared statement settles on one generic plan, whereas an array's
// length is known to a custom plan only, which then always looks cheaper: TOUCH_KNOWN was planned
// again at every execution, which took more than half its time.
const INFLUENCE = (followers: string, verified: string, networks: string) => influenceSqlText(followers, 'c.engagement_score', verified, networks);

// $1 workspace, $2 the identities (json, one object each: channel, external id, handle, display
// name, profile url, avatar, bio, followers, following, verified). A contact's follower count moves
// by the sum of its identities' changes. An identity is rewritten (and locked) only when the source
// says something new of it or it was last seen over a minute ago: a customer's burst of messages
// does not rewrite the row, and its seven indexes, at every one.
const TOUCH_KNOWN = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb)
      AS t(channel text, external_id text, handle text, display_name text, profile_url text, avatar_url text, bio text, followers int, following int, verified boolean)
  ), found AS (
    SELECT i.id, i.contact_id, input.*,
           i.last_seen_at IS NULL OR i.last_seen_at < now() - interval '1 minute'
           OR (input.handle IS NOT NULL AND input.handle IS DISTINCT FROM i.handle)
           OR (input.display_name IS NOT NULL AND input.display_name IS DISTINCT FROM i.display_name)
           OR (input.profile_url IS NOT NULL AND input.profile_url IS DISTINCT FROM i.profile_url)
           OR (input.avatar_url IS NOT NULL AND input.avatar_url IS DISTINCT FROM i.avatar_url)
           OR (input.bio IS NOT NULL AND input.bio IS DISTINCT FROM i.bio)
           OR (input.followers IS NOT NULL AND input.followers IS DISTINCT FROM i.followers)
           OR (input.following IS NOT NULL AND input.following IS DISTINCT FROM i.following)
           OR (input.verified IS NOT NULL AND input.verified IS DISTINCT FROM i.verified) AS stale
      FROM identities i JOIN input ON i.workspace_id = $1 AND i.channel = input.channel AND i.external_id = input.external_id
  ), old AS (
    SELECT i.id, i.contact_id, i.followers AS old_followers, i.verified AS old_verified, found.channel, found.external_id, found.handle, found.display_name,
           found.profile_url, found.avatar_url, found.bio, found.followers, found.following, found.verified
      FROM found JOIN identities i ON i.id = found.id
     WHERE found.stale
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
  SELECT found.id, found.contact_id, found.channel, found.external_id,
         coalesce(old.verified IS NOT NULL AND old.old_verified IS DISTINCT FROM old.verified, false) AS verified_changed,
         (SELECT count(*) FROM updated) + (SELECT count(*) FROM signals) AS writes
    FROM found LEFT JOIN old ON old.id = found.id`;

// Keys sorted by the caller: two resolutions sharing keys never deadlock.
const LOCK = `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM jsonb_array_elements_text($1::jsonb) WITH ORDINALITY AS t(k, n)`;

// Certain matches of each identity ($2 json, one object each: n, channel, external id, email,
// phone, '' for none: that arm is skipped), best first: this very identity (made while we waited),
// the email, the phone. The phone arm names the phone-suffix index's key too, so that index, when
// the planner picks it, is probed rather than scanned for the workspace.
const CERTAIN_MATCH = `
  SELECT t.n::int AS n, m.kind, m.contact_id, m.identity_id
    FROM jsonb_to_recordset($2::jsonb) AS t(n int, channel text, external_id text, email text, phone text)
    CROSS JOIN LATERAL (
      SELECT 'identity' AS kind, contact_id, id AS identity_id, 0 AS rank FROM identities WHERE workspace_id = $1 AND channel = t.channel AND external_id = t.external_id
      UNION ALL SELECT 'email', contact_id, NULL, 1 FROM identities WHERE t.email <> '' AND workspace_id = $1 AND channel = 'email' AND external_id = t.email
      UNION ALL SELECT 'email', id, NULL, 2 FROM contacts WHERE t.email <> '' AND workspace_id = $1 AND lower(email) = t.email AND merged_into_id IS NULL
      UNION ALL SELECT 'phone', contact_id, NULL, 3 FROM identities WHERE t.phone <> '' AND workspace_id = $1 AND channel IN ('phone', 'whatsapp')
                                                          AND right(external_id, 9) = right(t.phone, 9) AND external_id = t.phone
      UNION ALL SELECT 'phone', id, NULL, 4 FROM contacts WHERE t.phone <> '' AND workspace_id = $1 AND phone = t.phone AND merged_into_id IS NULL
      ORDER BY rank LIMIT 1) m`;

// $1 workspace, $2 now, $3 the new identities (json, one object each, fields as in the input CTE, with
// who the audit record names, and a new contact's first signals when the caller gives them). Each
// contact appears once: new people of one batch sharing a contact are resolved one by one after it.
const WRITE_NEW = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(
      contact_id text, created boolean, name text, email text, phone text, source text, source_channel text, avatar_url text,
      followers_total int, influence real, identity_id text, channel text, external_id text, handle text, display_name text,
      profile_url text, bio text, followers int, following int, verified boolean, data jsonb, extra jsonb, social int,
      audit jsonb, event text, extra_prefix text, actor_type text, actor_id text, actor_label text,
      interactions int, last_interaction_at timestamptz, sentiment_total real, sentiment_scored int)
  ), new_contact AS (
    INSERT INTO contacts (id, workspace_id, name, email, phone, source, source_channel, avatar_url, followers_total, influence_score,
                          interaction_count, last_interaction_at, sentiment_avg, sentiment_count, created_at, updated_at)
    SELECT contact_id, $1, name, email, phone, source, source_channel, avatar_url, followers_total, influence,
           coalesce(interactions, 0), last_interaction_at, CASE WHEN sentiment_scored > 0 THEN sentiment_total / sentiment_scored END, coalesce(sentiment_scored, 0),
           $2::timestamptz, $2::timestamptz FROM input WHERE created
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

export async function resolveIdentity(db: Database, workspaceId: string, actor: Actor, input: ResolveIdentityInput): Promise<ResolvedIdentity> {
  return new Promise((resolve, reject) => {
    const lanes = waiting.get(db) ?? new Map<string, Lane>();
    waiting.set(db, lanes);
    const lane = lanes.get(workspaceId) ?? { running: 0, calls: [] };
    lanes.set(workspaceId, lane);
    lane.calls.push({ actor, input, resolve, reject });
    if (lane.running < IN_FLIGHT) void drain(db, workspaceId, lane, lanes);
  });
}

// Calls of resolveIdentity that arrive together (webhooks of several people at once, an author-linking
// job's mentions) are resolved together, as resolveIdentities batches: a few batches in flight per
// database and workspace, each taking every call waiting when it starts. A lone call goes at once, as a
// batch of one; under load, the statements' fixed costs (plan start-up, round trips, the commit) are
// shared instead of paid per person. Two in flight: while one is in PostgreSQL the next gathers; more
// split the waiting calls into smaller batches (16 callers on this 2-core machine: 2,371-2,500 calls/s
// with 2, 1,784-2,067 with 3, 1,616 with 8).
const IN_FLIGHT = 2;
const BATCH_MAX = 100;
type Call = { actor: Actor; input: ResolveIdentityInput; resolve: (resolved: ResolvedIdentity) => void; reject: (error: Error) => void };
type Lane = { running: number; calls: Call[] };
const waiting = new WeakMap<Database, Map<string, Lane>>();

async function drain(db: Database, workspaceId: string, lane: Lane, lanes: Map<string, Lane>): Promise<void> {
  lane.running += 1;
  while (lane.calls.length > 0) {
    const calls = lane.calls.splice(0, BATCH_MAX);
    let results: (ResolvedIdentity | Error)[];
    try {
      results = await resolveIdentities(db, workspaceId, (i) => calls[i]!.actor, calls.map((call) => call.input));
    } catch (error) {
      // A failure of the batch is not each caller's: with others in it, each is resolved on its own.
      results = calls.length === 1 ? [error as Error] : await Promise.all(calls.map((call) => resolveIdentities(db, workspaceId, call.actor, [call.input]).then(([one]) => one!, (one: Error) => one)));
    }
    results.forEach((result, i) => (result instanceof Error ? calls[i]!.reject(result) : calls[i]!.resolve(result)));
  }
  lane.running -= 1;
  if (lane.running === 0 && lane.calls.length === 0) lanes.delete(workspaceId);
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
 * What the messages a new person arrives with set on the contact created for them, when the caller
 * stores those messages in the same transaction (receiveMessages): the contact is written once, with
 * its signals, instead of created and then updated.
 */
export type FirstSignals = { interactions: number; lastAt: Date; sentimentTotal: number; sentimentScored: number };

// The total adds up in single precision, as PostgreSQL sums the timeline's real sentiments.
const addSignals = (a: FirstSignals | undefined, b: FirstSignals): FirstSignals =>
  a
    ? {
        interactions: a.interactions + b.interactions,
        lastAt: a.lastAt > b.lastAt ? a.lastAt : b.lastAt,
        sentimentTotal: Math.fround(a.sentimentTotal + b.sentimentTotal),
        sentimentScored: a.sentimentScored + b.sentimentScored,
      }
    : b;

/** A batch's resolution under way: the known identities are settled; `fresh` and `later` are still to create or attach. */
export type PendingResolution = {
  workspaceId: string;
  results: (ResolvedIdentity | Error | undefined)[];
  byKey: Map<string, { prepared: Prepared; at: number[] }>;
  fresh: Prepared[];
  later: Prepared[];
  /** First signals by identity key (the inputs of one identity summed) */
  signals: Map<string, FirstSignals>;
};

/**
 * resolveIdentity for many people at once (a batch of inbound messages): one result per input, in
 * order — an Error for an input that is not a valid identity, which does not stop the others. The same
 * identity twice resolves to one contact. `actor`: who creates the contacts, or each input's (by index).
 */
export async function resolveIdentities(db: Database, workspaceId: string, actor: Actor | ((index: number) => Actor), inputs: ResolveIdentityInput[]): Promise<(ResolvedIdentity | Error)[]> {
  const pending = await touchKnownIdentities(db, workspaceId, actor, inputs);
  if (pending.fresh.length > 0 || pending.later.length > 0) await retryingConflicts(() => db.transaction((tx) => createPendingIdentities(tx, pending)));
  return pending.results as (ResolvedIdentity | Error)[];
}

/**
 * The first half of resolveIdentities, in one statement outside any transaction: the identities seen
 * before are touched (profile, followers) and settled; the others are left pending, for
 * createPendingIdentities in a transaction. `signals` (by input) are what each input's messages set on
 * a contact created for it.
 */
export async function touchKnownIdentities(
  db: Database,
  workspaceId: string,
  actor: Actor | ((index: number) => Actor),
  inputs: ResolveIdentityInput[],
  signals: (FirstSignals | undefined)[] = [],
): Promise<PendingResolution> {
  const actorOf = typeof actor === 'function' ? actor : () => actor;
  const results: (ResolvedIdentity | Error | undefined)[] = new Array(inputs.length);
  const byKey = new Map<string, { prepared: Prepared; at: number[] }>();
  const signalsByKey = new Map<string, FirstSignals>();
  inputs.forEach((input, i) => {
    try {
      const prepared = prepare(input, actorOf(i));
      const first = signals[i];
      if (first) signalsByKey.set(prepared.key, addSignals(signalsByKey.get(prepared.key), first));
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
  const pending: PendingResolution = { workspaceId, results, byKey, fresh: [], later: [], signals: signalsByKey };
  const people = [...byKey.values()].map((entry) => entry.prepared);
  if (people.length === 0) return pending;

  await settleKnown(db, pending, await retryingConflicts(() => touch(db, workspaceId, people)));

  // New people; those sharing a key with an earlier one are resolved after them, one by one.
  const taken = new Set<string>();
  for (const person of people) {
    if (results[byKey.get(person.key)!.at[0]!]) continue;
    if (person.keys.some((key) => taken.has(key))) pending.later.push(person);
    else {
      pending.fresh.push(person);
      person.keys.forEach((key) => taken.add(key));
    }
  }
  return pending;
}

function settle(pending: PendingResolution, key: string, result: ResolvedIdentity): void {
  pending.byKey.get(key)!.at.forEach((i, n) => (pending.results[i] = n === 0 ? result : { ...result, createdContact: false, createdIdentity: false }));
}

/** The identities TOUCH_KNOWN found, settled on their contacts (whose signals move when an identity's verification changed). */
async function settleKnown(db: Executor, pending: PendingResolution, found: Awaited<ReturnType<typeof touch>>): Promise<void> {
  for (const seen of found) {
    if (seen.verified_changed) await refreshSignals(db, pending.workspaceId, seen.contact_id);
    settle(pending, `${seen.channel}:${seen.external_id}`, { contactId: seen.contact_id, identityId: seen.id, createdContact: false, createdIdentity: false });
  }
}

/** TOUCH_KNOWN for these people: the identities found, each with its contact. */
async function touch(db: Executor, workspaceId: string, people: Prepared[]) {
  const identities = people.map(({ identity: i }) => ({
    channel: i.channel, external_id: i.externalId, handle: i.handle ?? null, display_name: i.displayName ?? null, profile_url: i.profileUrl ?? null,
    avatar_url: i.avatarUrl ?? null, bio: i.bio ?? null, followers: i.followers ?? null, following: i.following ?? null, verified: i.verified ?? null,
  }));
  const found = await db.execute<{ id: string; contact_id: string; channel: string; external_id: string; verified_changed: boolean }>(positional(TOUCH_KNOWN, [workspaceId, JSON.stringify(identities)]));
  return found.rows;
}

/**
 * The second half of resolveIdentities, in the caller's transaction (whose commit the advisory locks on
 * the new people's keys last to): the new people attached to their certain matches or given contacts,
 * then those deferred, one by one, each finding the ones before. Returns the signals it set on the
 * contacts it created, by contact; the results are in `pending.results`. Run again whole when the
 * transaction is retried.
 */
export async function createPendingIdentities(tx: Executor, pending: PendingResolution): Promise<Map<string, FirstSignals>> {
  const applied = new Map<string, FirstSignals>();
  const later = [...pending.later];
  if (pending.fresh.length > 0) {
    const created = await createIdentities(tx, pending.workspaceId, pending.fresh, later, pending.signals);
    for (const [key, result] of created) {
      settle(pending, key, result);
      const first = pending.signals.get(key);
      if (result.createdContact && first) applied.set(result.contactId, first);
    }
  }
  for (const person of later) {
    const one = await touchWithin(tx, pending.workspaceId, person, pending.signals.get(person.key));
    const inner = await createPendingIdentities(tx, one);
    inner.forEach((first, contactId) => applied.set(contactId, first));
    settle(pending, person.key, one.results[0] as ResolvedIdentity);
  }
  return applied;
}

/** touchKnownIdentities for one deferred person, inside the transaction that made the people before it. */
async function touchWithin(tx: Executor, workspaceId: string, person: Prepared, first: FirstSignals | undefined): Promise<PendingResolution> {
  const pending: PendingResolution = { workspaceId, results: [undefined], byKey: new Map([[person.key, { prepared: person, at: [0] }]]), fresh: [], later: [], signals: new Map(first ? [[person.key, first]] : []) };
  const found = await touch(tx, workspaceId, [person]);
  await settleKnown(tx, pending, found);
  if (found.length === 0) pending.fresh.push(person);
  return pending;
}

/**
 * Attaches new identities to the contacts they certainly belong to, or creates contacts (with their
 * first signals), in the caller's transaction. A person whose certain match is a contact another person
 * of this batch also attaches to goes to `later`.
 */
async function createIdentities(tx: Executor, workspaceId: string, people: Prepared[], later: Prepared[], signals: Map<string, FirstSignals>): Promise<Map<string, ResolvedIdentity>> {
  const resolved = new Map<string, ResolvedIdentity>();
  const keys = [...new Set(people.flatMap((person) => person.keys))].sort().map((key) => lockKey(workspaceId, key));
  await tx.execute(positional(LOCK, [JSON.stringify(keys)]));
  const wanted = people.map((p, i) => ({ n: i + 1, channel: p.identity.channel, external_id: p.identity.externalId, email: p.email ?? '', phone: p.phone ?? '' }));
  const matches = await tx.execute<{ n: number; kind: string; contact_id: string; identity_id: string | null }>(positional(CERTAIN_MATCH, [workspaceId, JSON.stringify(wanted)]));
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
    const contactId = match?.contact_id ?? newSortableId('ct');
    contactsTaken.add(contactId);
    const identityId = newSortableId('idn');
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
    const first = signals.get(person.key);
    rows.push({
      contact_id: contactId, created: createdContact, name, email, phone, source, source_channel: person.input.sourceChannel ?? identity.channel,
      avatar_url: identity.avatarUrl ?? null, followers_total: followers,
      influence: influenceScore({ followersTotal: followers, engagement: 0, verified: identity.verified ?? false, networks: social ? 1 : 0 }),
      identity_id: identityId, channel: identity.channel, external_id: identity.externalId, handle: identity.handle ?? null, display_name: identity.displayName ?? null,
      profile_url: identity.profileUrl ?? null, bio: identity.bio ?? null, followers: identity.followers ?? null, following: identity.following ?? null,
      verified: identity.verified ?? false, data: identity.data ?? {}, extra, social: social ? 1 : 0,
      audit: { name, email, phone, source, identities: [`${identity.channel}:${label}`] },
      event: JSON.stringify({ workspaceId, type: createdContact ? 'contact.created' : 'contact.updated', data: { id: contactId }, at: now }),
      extra_prefix: newSortableId('idn'),
      actor_type: person.actor.type,
      actor_id: person.actor.id,
      actor_label: person.actor.label,
      ...(first && createdContact
        ? { interactions: first.interactions, last_interaction_at: first.lastAt.toISOString(), sentiment_total: first.sentimentTotal, sentiment_scored: first.sentimentScored }
        : {}),
    });
    resolved.set(person.key, { contactId, identityId, createdContact, createdIdentity: true });
  });
  if (rows.length > 0) await tx.execute(positional(WRITE_NEW, [workspaceId, now, JSON.stringify(rows)]));
  return resolved;
}
