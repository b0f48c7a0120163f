// The only SQL of personal-data requests: everything held about a contact and the contacts merged
// into it, and its erasure. Every function takes the workspace id and filters by it.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  auditEvents,
  contactConsents,
  contactImports,
  contactMerges,
  contacts,
  deals,
  duplicateSuggestions,
  identities,
  interactions,
  notes,
  tasks,
} from '../../db/schema.js';

export async function contactsById(db: Executor, workspaceId: string, ids: string[]) {
  return db.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids))).orderBy(asc(contacts.createdAt));
}

export async function identitiesOf(db: Executor, workspaceId: string, ids: string[]) {
  return db.select().from(identities).where(and(eq(identities.workspaceId, workspaceId), inArray(identities.contactId, ids))).orderBy(asc(identities.createdAt));
}

export async function consentsOf(db: Executor, workspaceId: string, ids: string[]) {
  return db.select().from(contactConsents).where(and(eq(contactConsents.workspaceId, workspaceId), inArray(contactConsents.contactId, ids)));
}

export async function interactionsOf(db: Executor, workspaceId: string, ids: string[]) {
  return db.select().from(interactions).where(and(eq(interactions.workspaceId, workspaceId), inArray(interactions.contactId, ids))).orderBy(asc(interactions.occurredAt), asc(interactions.id));
}

export async function dealsOf(db: Executor, workspaceId: string, ids: string[]) {
  return db.select().from(deals).where(and(eq(deals.workspaceId, workspaceId), inArray(deals.contactId, ids))).orderBy(asc(deals.createdAt));
}

export async function tasksOf(db: Executor, workspaceId: string, ids: string[]) {
  return db.select().from(tasks).where(and(eq(tasks.workspaceId, workspaceId), inArray(tasks.contactId, ids))).orderBy(asc(tasks.createdAt));
}

export async function notesOf(db: Executor, workspaceId: string, ids: string[]) {
  return db.select().from(notes).where(and(eq(notes.workspaceId, workspaceId), inArray(notes.contactId, ids))).orderBy(asc(notes.createdAt));
}

export async function duplicatesOf(db: Executor, workspaceId: string, ids: string[]) {
  return db
    .select()
    .from(duplicateSuggestions)
    .where(and(eq(duplicateSuggestions.workspaceId, workspaceId), or(inArray(duplicateSuggestions.contactAId, ids), inArray(duplicateSuggestions.contactBId, ids))));
}

export async function mergesOf(db: Executor, workspaceId: string, ids: string[]) {
  return db
    .select()
    .from(contactMerges)
    .where(and(eq(contactMerges.workspaceId, workspaceId), or(inArray(contactMerges.winnerId, ids), inArray(contactMerges.loserId, ids))))
    .orderBy(asc(contactMerges.createdAt));
}

export async function auditEventsAbout(db: Executor, workspaceId: string, entityIds: string[]) {
  if (entityIds.length === 0) return [];
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), inArray(auditEvents.entityId, entityIds)))
    .orderBy(asc(auditEvents.id));
}

// --- erasure ---

/** Deletes rows of the contacts (children first) and answers how many of each went. */
export async function deleteContactData(db: Executor, workspaceId: string, ids: string[]) {
  const count = async (query: Promise<unknown[]>) => (await query).length;
  const removed = {
    identities: await count(db.delete(identities).where(and(eq(identities.workspaceId, workspaceId), inArray(identities.contactId, ids))).returning({ id: identities.id })),
    consents: await count(db.delete(contactConsents).where(and(eq(contactConsents.workspaceId, workspaceId), inArray(contactConsents.contactId, ids))).returning({ id: contactConsents.contactId })),
    interactions: await count(db.delete(interactions).where(and(eq(interactions.workspaceId, workspaceId), inArray(interactions.contactId, ids))).returning({ id: interactions.id })),
    notes: await count(db.delete(notes).where(and(eq(notes.workspaceId, workspaceId), inArray(notes.contactId, ids))).returning({ id: notes.id })),
    tasks: await count(db.delete(tasks).where(and(eq(tasks.workspaceId, workspaceId), inArray(tasks.contactId, ids))).returning({ id: tasks.id })),
    duplicateSuggestions: await count(
      db
        .delete(duplicateSuggestions)
        .where(and(eq(duplicateSuggestions.workspaceId, workspaceId), or(inArray(duplicateSuggestions.contactAId, ids), inArray(duplicateSuggestions.contactBId, ids))))
        .returning({ id: duplicateSuggestions.id }),
    ),
    merges: await count(
      db
        .delete(contactMerges)
        .where(and(eq(contactMerges.workspaceId, workspaceId), or(inArray(contactMerges.winnerId, ids), inArray(contactMerges.loserId, ids))))
        .returning({ id: contactMerges.id }),
    ),
    // Deals stay (they are the business's records) but no longer point at the person.
    dealsUnlinked: await count(
      db.update(deals).set({ contactId: null, updatedAt: new Date() }).where(and(eq(deals.workspaceId, workspaceId), inArray(deals.contactId, ids))).returning({ id: deals.id }),
    ),
    contacts: await count(db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids))).returning({ id: contacts.id })),
  };
  return removed;
}

/**
 * Blanks the before/after of audit events about the erased records, and of any other event whose
 * values mention one of the identifying terms (ids, email, phone, handles, name). Who did what and
 * when stays; what it said about the person does not.
 */
export async function redactAuditEvents(db: Executor, workspaceId: string, entityIds: string[], terms: string[]): Promise<number> {
  const lowered = [...new Set(terms.map((term) => term.toLowerCase()).filter((term) => term.length >= 3))];
  const result = await db.execute(sql`
    UPDATE ${auditEvents} SET
      before = CASE WHEN before IS NULL THEN NULL ELSE '{"redacted": true}'::jsonb END,
      after = CASE WHEN after IS NULL THEN NULL ELSE '{"redacted": true}'::jsonb END
    WHERE workspace_id = ${workspaceId}
      AND (before IS NOT NULL OR after IS NOT NULL)
      AND (
        entity_id = ANY(${sql.param(entityIds)}::text[])
        OR EXISTS (
          SELECT 1 FROM unnest(${sql.param(lowered)}::text[]) AS term
           WHERE strpos(lower(coalesce(before::text, '') || ' ' || coalesce(after::text, '')), term) > 0
        )
      )`);
  return result.rowCount ?? 0;
}

/** Imports whose stored file mentions one of the terms (a finished import's file is kept for errors.csv). */
export async function importsMentioning(db: Executor, workspaceId: string, terms: string[]) {
  const lowered = [...new Set(terms.map((term) => term.toLowerCase()).filter((term) => term.length >= 3))];
  if (lowered.length === 0) return [];
  return db
    .select({ id: contactImports.id, status: contactImports.status, content: contactImports.content })
    .from(contactImports)
    .where(
      and(
        eq(contactImports.workspaceId, workspaceId),
        sql`EXISTS (SELECT 1 FROM unnest(${sql.param(lowered)}::text[]) AS term WHERE strpos(lower(${contactImports.content}), term) > 0)`,
      ),
    );
}

export async function replaceImportContent(db: Executor, workspaceId: string, importId: string, content: string) {
  await db
    .update(contactImports)
    .set({ content, updatedAt: new Date() })
    .where(and(eq(contactImports.workspaceId, workspaceId), eq(contactImports.id, importId)));
}
