// GDPR erasure: deletes a contact, the contacts merged into it and everything that identifies them
// (identities, consents, timeline, notes, tasks, duplicate suggestions, merge records), unlinks their
// deals, blanks what earlier audit events said about them and their rows in stored import files —
// in one transaction — and leaves one audit event that records the erasure without personal data.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { findContact } from '../../contacts/commands/get-contact.js';
import { mergedFamily } from '../../contacts/repository.js';
import { detectDelimiter } from '../../imports/csv.js';
import * as repo from '../repository.js';

/** Blanks the cells of every row that mentions a term; rows stay in place so import progress and row numbers hold. */
export function scrubCsv(content: string, terms: string[]): { content: string; rows: number } {
  const lowered = terms.map((term) => term.toLowerCase());
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const delimiter = detectDelimiter(text);
  const records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  let rows = 0;
  const scrubbed = records.map((record, index) => {
    if (index === 0 || !record.some((cell) => lowered.some((term) => cell.toLowerCase().includes(term)))) return record;
    rows++;
    return record.map(() => '');
  });
  return { content: stringify(scrubbed, { delimiter }), rows };
}

export async function eraseContact(ctx: CommandContext, contactId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  return ctx.db.transaction(async (tx) => {
    const contact = await findContact(tx, workspaceId, contactId);
    if (!contact) throw notFound('contact', contactId);
    const family = await mergedFamily(tx, workspaceId, contact.id);
    // One after the other: a transaction's connection runs one statement at a time.
    const people = await repo.contactsById(tx, workspaceId, family);
    const identities = await repo.identitiesOf(tx, workspaceId, family);
    const tasks = await repo.tasksOf(tx, workspaceId, family);
    const notes = await repo.notesOf(tx, workspaceId, family);
    const merges = await repo.mergesOf(tx, workspaceId, family);
    const duplicates = await repo.duplicatesOf(tx, workspaceId, family);
    // What identifies the person strongly enough to look for elsewhere.
    const strongTerms = [
      ...people.flatMap((person) => [person.email, person.phone]),
      ...identities.flatMap((identity) => [identity.externalId.replace(/^handle:/, ''), identity.handle]),
    ].filter((term): term is string => Boolean(term && term.length >= 5));
    const terms = [...strongTerms, ...people.map((person) => person.name).filter((name) => name.trim().includes(' '))];
    const entityIds = [...family, ...identities.map((row) => row.id), ...tasks.map((row) => row.id), ...notes.map((row) => row.id), ...merges.map((row) => row.id), ...duplicates.map((row) => row.id)];

    const removed = await repo.deleteContactData(tx, workspaceId, family);
    const redactedAuditEvents = await repo.redactAuditEvents(tx, workspaceId, entityIds, terms);
    let importRows = 0;
    for (const file of await repo.importsMentioning(tx, workspaceId, strongTerms)) {
      const scrubbed = scrubCsv(file.content, strongTerms);
      if (scrubbed.rows === 0) continue;
      importRows += scrubbed.rows;
      await repo.replaceImportContent(tx, workspaceId, file.id, scrubbed.content);
    }
    const summary = { erased: true as const, ...removed, redactedAuditEvents, importRows };
    await recordAuditEvent(tx, ctx, { action: 'contact.erased', entityType: 'contact', entityId: contact.id, after: summary });
    await emitEvent(tx, workspaceId, 'contact.erased', { id: contact.id, contactIds: family });
    return { id: contact.id, ...summary };
  });
}
