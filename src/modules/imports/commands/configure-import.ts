// Sets the column mapping and the options of an import that has not started.
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { listCustomFields } from '../../contacts/custom-fields.js';
import { checkMapping, type ImportMapping, type ImportOptions } from '../mapping.js';
import * as repo from '../repository.js';
import { readOptions } from '../schema.js';

export const editableStatuses = ['uploaded', 'failed'] as const;

export function assertEditable(row: { id: string; status: string }) {
  if (!(editableStatuses as readonly string[]).includes(row.status)) {
    throw new AppError('import.not_editable', 409, `This import is ${row.status}; upload the file again to import it another way.`, { id: row.id, status: row.status });
  }
}

export function invalidMapping(problems: { field: string; message: string }[]) {
  return new AppError('request.invalid', 400, `The mapping is not valid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, {
    fields: problems.map((problem) => ({ in: 'body', path: `mapping.${problem.field}`, message: problem.message })),
  });
}

export async function configureImport(ctx: CommandContext, importId: string, input: { mapping?: ImportMapping; options?: ImportOptions }) {
  const workspaceId = ctx.workspace.workspaceId;
  const definitions = await listCustomFields(ctx.db, workspaceId, 'contact');
  return ctx.db.transaction(async (tx) => {
    const current = await repo.findImportSummary(tx, workspaceId, importId);
    if (!current) throw notFound('contact_import', importId);
    assertEditable(current);
    let mapping = current.mapping;
    if (input.mapping) {
      const requested = input.mapping;
      mapping = Object.fromEntries(current.headers.map((header) => [header, requested[header] ?? 'skip']));
      const problems = [
        ...Object.keys(requested).filter((column) => !current.headers.includes(column)).map((field) => ({ field, message: 'is not a column of the file' })),
        ...checkMapping(current.headers, mapping, definitions),
      ];
      if (problems.length > 0) throw invalidMapping(problems);
    }
    const options = input.options ?? readOptions(current.options);
    // A new mapping or new options make the last validation stale.
    const updated = await repo.updateImport(tx, workspaceId, importId, { mapping, options, rowErrors: [] });
    await emitEvent(tx, workspaceId, 'contact_import.updated', { id: importId });
    return updated;
  });
}
