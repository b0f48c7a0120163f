// Checks every row of an import with its mapping, without writing contacts: the row errors are stored
// on the import (for errors.csv) and answered with counts.
import type { Executor } from '../../../db/client.js';
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { listCustomFields, type CustomFieldDefinition } from '../../contacts/custom-fields.js';
import { parseCsv, type ParsedCsv } from '../csv.js';
import { checkMapping, checkRows, suggestMapping, type CheckedFile, type ImportMapping } from '../mapping.js';
import * as repo from '../repository.js';
import { MAX_ERRORS_SHOWN, readOptions } from '../schema.js';
import { invalidMapping } from './configure-import.js';

export type CheckedImport = { file: ParsedCsv; checked: CheckedFile; mapping: ImportMapping; definitions: CustomFieldDefinition[] };

/** Parses the stored file and checks every row; shared by validation, start and the import job. */
// Validate, start and the import job each need the checked file. An upload's content never changes,
// so the result is kept for the last few (import, mapping, options, field definitions) in this
// process: in a single-process install the job reuses the check its start just made. Read-only.
const recentChecks = new Map<string, CheckedImport>();
const RECENT_CHECKS = 2;

export async function checkImport(db: Executor, row: repo.ImportRow): Promise<CheckedImport> {
  const definitions = await listCustomFields(db, row.workspaceId, 'contact');
  const key = JSON.stringify([row.id, row.mapping, row.options, definitions.map((d) => [d.id, d.updatedAt.toISOString()])]);
  const cached = recentChecks.get(key);
  if (cached) return cached;
  const file = parseCsv(row.content);
  const mapping = row.mapping ?? suggestMapping(file.headers, definitions);
  const problems = checkMapping(file.headers, mapping, definitions);
  if (problems.length > 0) throw invalidMapping(problems);
  const checked = checkRows(file.headers, file.rows, mapping, definitions, readOptions(row.options));
  const result = { file, checked, mapping, definitions };
  recentChecks.set(key, result);
  while (recentChecks.size > RECENT_CHECKS) recentChecks.delete(recentChecks.keys().next().value!);
  return result;
}

export const summarizeCheck = ({ file, checked }: CheckedImport) => ({
  totalRows: file.rows.length,
  validRows: checked.candidates.length,
  invalidRows: checked.invalidRows.size,
  blankRows: checked.blankRows,
  errorCount: checked.errors.length,
  errors: checked.errors.slice(0, MAX_ERRORS_SHOWN),
});

export async function validateImport(ctx: CommandContext, importId: string) {
  const workspaceId = ctx.workspace.workspaceId;
  const row = await repo.findImport(ctx.db, workspaceId, importId);
  if (!row) throw notFound('contact_import', importId);
  const result = await checkImport(ctx.db, row);
  await repo.updateImport(ctx.db, workspaceId, importId, { rowErrors: result.checked.errors, totalRows: result.file.rows.length });
  return summarizeCheck(result);
}
