// The invalid rows of an import as a CSV in the file's own delimiter, with an "error" column that
// says what to fix, so the file can be corrected and uploaded again.
import { stringify } from 'csv-stringify/sync';
import type { CommandContext } from '../../../server/context.js';
import { notFound } from '../../../server/errors.js';
import { fileRowNumber, parseCsv } from '../csv.js';
import * as repo from '../repository.js';

export async function importErrorsCsv(ctx: CommandContext, importId: string) {
  const row = await repo.findImport(ctx.db, ctx.workspace.workspaceId, importId);
  if (!row) throw notFound('contact_import', importId);
  const file = parseCsv(row.content);
  const reasons = new Map<number, string[]>();
  for (const error of row.rowErrors) {
    const list = reasons.get(error.row) ?? [];
    list.push(error.field ? `${error.field}: ${error.message}` : error.message);
    reasons.set(error.row, list);
  }
  const records = [[...file.headers, 'error']];
  file.rows.forEach((cells, index) => {
    const messages = reasons.get(fileRowNumber(index));
    if (messages) records.push([...file.headers.map((_header, column) => cells[column] ?? ''), messages.join('; ')]);
  });
  const base = row.filename.replace(/\.(csv|tsv|txt)$/i, '');
  return { filename: `${base}-errors.csv`.replace(/["\\\r\n]/g, '_'), csv: `\ufeff${stringify(records, { delimiter: file.delimiter })}` };
}
