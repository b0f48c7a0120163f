// Stores an uploaded CSV and answers what the wizard needs next: its columns, a preview of the first
// rows and a suggested mapping. Nothing is imported yet.
import { newId } from '../../../lib/ids.js';
import type { CommandContext } from '../../../server/context.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import { listCustomFields } from '../../contacts/custom-fields.js';
import { parseCsv } from '../csv.js';
import { mappingTargets, suggestMapping } from '../mapping.js';
import * as repo from '../repository.js';

export const PREVIEW_ROWS = 20;

export async function uploadImport(ctx: CommandContext, input: { filename: string; content: string }) {
  const workspaceId = ctx.workspace.workspaceId;
  const file = parseCsv(input.content);
  const definitions = await listCustomFields(ctx.db, workspaceId, 'contact');
  const suggestedMapping = suggestMapping(file.headers, definitions);
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertImport(tx, {
      id: newId('imp'),
      workspaceId,
      filename: input.filename,
      status: 'uploaded',
      content: input.content,
      headers: file.headers,
      mapping: suggestedMapping,
      options: { onDuplicate: 'update', skipInvalid: false },
      totalRows: file.rows.length,
      createdBy: ctx.actor.id,
    });
    await recordAuditEvent(tx, ctx, {
      action: 'contact_import.uploaded',
      entityType: 'contact_import',
      entityId: created.id,
      after: { filename: created.filename, totalRows: created.totalRows, columns: file.headers.length },
    });
    await emitEvent(tx, workspaceId, 'contact_import.uploaded', { id: created.id });
    return created;
  });
  const preview = file.rows.slice(0, PREVIEW_ROWS).map((cells) => file.headers.map((_header, index) => cells[index] ?? ''));
  return { row, preview, suggestedMapping, targets: mappingTargets(definitions) };
}
