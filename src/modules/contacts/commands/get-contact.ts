// Reads one contact of the workspace, following merges: an id of a contact that was merged into
// another resolves to the contact it now lives in. Other domains call this to check a contact exists.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { contacts } from '../../../db/schema.js';
import { notFound } from '../../../server/errors.js';

export type ContactRow = typeof contacts.$inferSelect;

export async function findContact(db: Executor, workspaceId: string, contactId: string): Promise<ContactRow | undefined> {
  let id = contactId;
  // A merge chain is short (each merge adds one link); the bound guards against a corrupted cycle.
  for (let hops = 0; hops < 20; hops++) {
    const [row] = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
    if (!row) return undefined;
    if (!row.mergedIntoId) return row;
    id = row.mergedIntoId;
  }
  return undefined;
}

export async function getContact(db: Executor, workspaceId: string, contactId: string): Promise<ContactRow> {
  const contact = await findContact(db, workspaceId, contactId);
  if (!contact) throw notFound('contact', contactId);
  return contact;
}
