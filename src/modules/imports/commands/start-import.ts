// Starts an import: refuses when rows are invalid (unless told to skip them), then hands the work to
// the contacts.import job, enqueued in the same transaction as the status change.
import { enqueueJob } from '../../../jobs/enqueue.js';
import type { CommandContext } from '../../../server/context.js';
import { AppError, notFound } from '../../../server/errors.js';
import { emitEvent } from '../../../server/events.js';
import { recordAuditEvent } from '../../audit/commands/record-audit-event.js';
import * as repo from '../repository.js';
import { readOptions } from '../schema.js';
import { assertEditable } from './configure-import.js';
import { checkImport } from './validate-import.js';

export const IMPORT_JOB_ID = 'contacts.import';

export async function startImport(ctx: CommandContext, importId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  const row = await repo.findImport(ctx.db, workspaceId, importId);
  if (!row) throw notFound('contact_import', importId);
  assertEditable(row);
  const { checked, file, mapping } = await checkImport(ctx.db, row);
  const options = readOptions(row.options);
  if (checked.invalidRows.size > 0 && !options.skipInvalid) {
    await repo.updateImport(ctx.db, workspaceId, importId, { rowErrors: checked.errors });
    throw new AppError(
      'import.invalid_rows',
      422,
      `${checked.invalidRows.size} row(s) are not valid: fix them and upload again, or choose to skip invalid rows.`,
      { invalidRows: checked.invalidRows.size, errors: checked.errors.slice(0, 20) },
    );
  }
  return ctx.db.transaction(async (tx) => {
    const locked = await repo.findImportSummary(tx, workspaceId, importId);
    if (!locked) throw notFound('contact_import', importId);
    assertEditable(locked);
    const resuming = locked.status === 'failed';
    const started = await repo.updateImport(tx, workspaceId, importId, {
      status: 'importing',
      mapping,
      rowErrors: checked.errors,
      totalRows: file.rows.length,
      error: null,
      startedAt: locked.startedAt ?? new Date(),
      finishedAt: null,
    });
    await recordAuditEvent(tx, ctx, {
      action: resuming ? 'contact_import.resumed' : 'contact_import.started',
      entityType: 'contact_import',
      entityId: importId,
      after: { totalRows: file.rows.length, invalidRows: checked.invalidRows.size, onDuplicate: options.onDuplicate, skipInvalid: options.skipInvalid },
    });
    await enqueueJob(tx, IMPORT_JOB_ID, { workspaceId, importId }, { jobKey: `${IMPORT_JOB_ID}:${importId}` });
    await emitEvent(tx, workspaceId, 'contact_import.progress', { id: importId, status: 'importing', processedRows: started.processedRows, totalRows: started.totalRows });
    return started;
  });
}
