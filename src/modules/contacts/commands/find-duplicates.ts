// Probable duplicates of one contact, each with a score and its reasons: similar names, the same handle
// on another network, the same phone number written with another country code, a profile bio that
// links to another contact's account, a shared company email domain. Certain matches never get here:
// resolveIdentity already joins them.
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { textArray } from '../../../lib/sql.js';
import type { Database, Executor } from '../../../db/client.js';
import { contacts, identities, type DuplicateReason } from '../../../db/schema.js';
import { newId } from '../../../lib/ids.js';
import { emailDomain } from '../identity.js';
import * as repo from '../repository.js';
import { findContact } from './get-contact.js';

export const DUPLICATE_THRESHOLD = 0.5;
/** The least trigram similarity of two names that counts as evidence */
const SIMILAR_NAME = 0.6;

type Candidate = { contactId: string; reasons: DuplicateReason[] };

/** Independent pieces of evidence combine like probabilities: 1 − Π(1 − weight). */
export function combineScore(reasons: DuplicateReason[]): number {
  return Math.round((1 - reasons.reduce((rest, reason) => rest * (1 - reason.weight), 1)) * 1000) / 1000;
}

/** Handles and profile links mentioned in a bio ("also @jane on insta", "jane.bsky.social", URLs). */
export function crossLinks(bio: string): { handles: string[]; urls: string[] } {
  const handles = [...bio.matchAll(/(?:^|[\s(])@([a-z0-9_.]{2,30}(?:@[a-z0-9.-]+\.[a-z]{2,})?)/gi)].map((m) => m[1]!.toLowerCase());
  const urls = [...bio.matchAll(/https?:\/\/[^\s)]+/gi)].map((m) => m[0].replace(/[.,;]+$/, '').toLowerCase());
  return { handles: [...new Set(handles)], urls: [...new Set(urls)] };
}

export async function findDuplicateCandidates(db: Executor, workspaceId: string, contactId: string) {
  const contact = await findContact(db, workspaceId, contactId);
  if (!contact || contact.mergedIntoId) return [];
  const own = await repo.identitiesOf(db, workspaceId, [contact.id]);
  const candidates = new Map<string, Candidate>();
  const add = (otherId: string, reason: DuplicateReason) => {
    if (otherId === contact.id) return;
    const entry = candidates.get(otherId) ?? { contactId: otherId, reasons: [] };
    if (!entry.reasons.some((r) => r.kind === reason.kind)) entry.reasons.push(reason);
    candidates.set(otherId, entry);
  };
  const live = and(eq(contacts.workspaceId, workspaceId), isNull(contacts.mergedIntoId), ne(contacts.id, contact.id));
  const name = contact.name.trim().toLowerCase();

  // Names. The same full name is evidence enough; a name only similar (trigram similarity, at least 0.6)
  // weighs less than the threshold and counts with other evidence. So the same name is looked up by
  // the name index, and similarity is computed for the candidates the other evidence finds (below) —
  // the trigram index is searched only when a company email domain could be that other evidence: that
  // search costs tens of milliseconds on hundreds of thousands of contacts, for every new person.
  const searchable = name.length >= 3 && name !== 'unknown';
  const named = new Set<string>();
  const addName = (row: { id: string; name: string; similarity: number }) => {
    named.add(row.id);
    if (row.similarity >= 0.999 && name.includes(' ')) add(row.id, { kind: 'same_name', detail: `Same name: ${row.name}`, weight: 0.55 });
    else if (row.similarity >= SIMILAR_NAME) add(row.id, { kind: 'similar_name', detail: `Similar name: ${row.name} (${Math.round(row.similarity * 100)}%)`, weight: 0.45 * row.similarity });
  };
  const domain = emailDomain(contact.email);
  if (searchable) {
    const same = await db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(and(live, sql`lower(${contacts.name}) = ${name}`)).limit(20);
    for (const row of same) addName({ ...row, similarity: 1 });
  }
  if (searchable && domain) {
    // The index is asked for names at least as similar as the weakest that counts (0.6, not pg_trgm's
    // default 0.3): it then hands over a fraction of the candidates.
    const similar = await (db as Database).transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(SIMILAR_NAME)}, true)`);
      return tx
        .select({ id: contacts.id, name: contacts.name, similarity: sql<number>`similarity(lower(${contacts.name}), ${name})` })
        .from(contacts)
        .where(and(live, sql`lower(${contacts.name}) % ${name}`))
        .orderBy(sql`similarity(lower(${contacts.name}), ${name}) DESC`)
        .limit(20);
    });
    for (const row of similar) if (!named.has(row.id)) addName(row);
  }

  // The same handle on another network.
  const handles = [...new Set(own.filter((i) => i.handle && i.channel !== 'email' && i.channel !== 'phone').map((i) => i.handle!.toLowerCase().split('@')[0]!))];
  if (handles.length > 0) {
    const rows = await db
      .select({ contactId: identities.contactId, channel: identities.channel, handle: identities.handle })
      .from(identities)
      .where(and(eq(identities.workspaceId, workspaceId), ne(identities.contactId, contact.id), sql`split_part(lower(${identities.handle}), '@', 1) = ANY(${textArray(handles)})`))
      .limit(50);
    for (const row of rows) add(row.contactId, { kind: 'same_handle', detail: `Same handle @${row.handle} on ${row.channel}`, weight: 0.6 });
  }

  // The same phone number under another country code or format (same last nine digits).
  const phones = own.filter((i) => i.channel === 'phone' || i.channel === 'whatsapp').map((i) => i.externalId);
  if (contact.phone) phones.push(contact.phone);
  const suffixes = [...new Set(phones.map((phone) => phone.slice(-9)).filter((suffix) => suffix.length === 9))];
  if (suffixes.length > 0) {
    const rows = await db
      .select({ contactId: identities.contactId, externalId: identities.externalId })
      .from(identities)
      .where(
        and(
          eq(identities.workspaceId, workspaceId),
          sql`${identities.channel} IN ('phone', 'whatsapp')`,
          sql`right(${identities.externalId}, 9) = ANY(${textArray(suffixes)})`,
          ne(identities.contactId, contact.id),
        ),
      )
      .limit(20);
    for (const row of rows) {
      if (!phones.includes(row.externalId)) add(row.contactId, { kind: 'similar_phone', detail: `Phone ${row.externalId} matches in another format`, weight: 0.7 });
    }
  }

  // Cross-links: this contact's bios point at another contact's account.
  const bioText = [contact.bio ?? '', ...own.map((i) => i.bio ?? '')].join('\n');
  const links = crossLinks(bioText);
  if (links.handles.length > 0 || links.urls.length > 0) {
    const rows = await db
      .select({ contactId: identities.contactId, channel: identities.channel, handle: identities.handle })
      .from(identities)
      .where(
        and(
          eq(identities.workspaceId, workspaceId),
          ne(identities.contactId, contact.id),
          sql`(lower(${identities.handle}) = ANY(${textArray(links.handles.length ? links.handles : [''])}) OR lower(${identities.profileUrl}) = ANY(${textArray(links.urls.length ? links.urls : [''])}))`,
        ),
      )
      .limit(20);
    for (const row of rows) add(row.contactId, { kind: 'bio_link', detail: `Profile bio links to ${row.channel} @${row.handle}`, weight: 0.75 });
  }

  // How similar the names of the candidates other evidence found are.
  const unnamed = [...candidates.keys()].filter((id) => !named.has(id));
  if (searchable && unnamed.length > 0) {
    const rows = await db
      .select({ id: contacts.id, name: contacts.name, similarity: sql<number>`similarity(lower(${contacts.name}), ${name})` })
      .from(contacts)
      .where(and(live, sql`${contacts.id} = ANY(${textArray(unnamed)})`));
    for (const row of rows) addName({ ...row, similarity: Number(row.similarity) });
  }

  // A company email domain adds weight to pairs already suspected.
  if (domain && candidates.size > 0) {
    const rows = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(live, sql`${contacts.id} = ANY(${textArray([...candidates.keys()])})`, sql`lower(split_part(${contacts.email}, '@', 2)) = ${domain}`));
    for (const row of rows) add(row.id, { kind: 'same_email_domain', detail: `Both at ${domain}`, weight: 0.25 });
  }

  // Only contacts that still exist on their own count.
  const ids = [...candidates.keys()];
  if (ids.length === 0) return [];
  const alive = new Set(
    (await db.select({ id: contacts.id }).from(contacts).where(and(live, sql`${contacts.id} = ANY(${textArray(ids)})`))).map((row) => row.id),
  );
  return [...candidates.values()]
    .filter((candidate) => alive.has(candidate.contactId))
    .map((candidate) => ({ ...candidate, score: combineScore(candidate.reasons) }))
    .filter((candidate) => candidate.score >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.score - a.score);
}

/** Stores the suggestions for one contact; decisions people already made are kept. */
export async function suggestDuplicates(db: Executor, workspaceId: string, contactId: string): Promise<number> {
  const found = await findDuplicateCandidates(db, workspaceId, contactId);
  for (const candidate of found) {
    const [a, b] = contactId < candidate.contactId ? [contactId, candidate.contactId] : [candidate.contactId, contactId];
    await repo.upsertDuplicate(db, { id: newId('dup'), workspaceId, contactAId: a, contactBId: b, score: candidate.score, reasons: candidate.reasons });
  }
  return found.length;
}
