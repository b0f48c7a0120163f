// What an import of a file would do, from its first bytes: the format, a CSV's columns, first rows and
// mapping (given or guessed), and the first lines read as posts or rejected with their reasons.
// Nothing is stored; the web app calls it again as a person changes the mapping, so a mapping still
// incomplete is answered with what it lacks rather than refused.
import type { ListeningImportFormat } from '../../../../db/schema.js';
import { AppError } from '../../../../server/errors.js';
import { checkMapping, postFieldLabels, postFields, readHead, suggestMapping, type PostField } from '../mapping.js';
import { csvCells, readCsvRecord, readNdjsonRecord } from '../read-posts.js';

export const PREVIEW_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 10;

export function previewListeningImport(bytes: Buffer, options: { format?: ListeningImportFormat; mapping?: Record<string, string>; whole: boolean }) {
  const head = readHead(bytes, options.format, options.whole);
  const records = head.records.filter((record) => record.text === null || record.text.trim() !== '').slice(0, PREVIEW_ROWS);
  const csv = head.csv;
  let mapping: Record<string, PostField> = {};
  let mappingProblem: string | null = null;
  if (csv) {
    const wanted = options.mapping ?? suggestMapping(csv.headers);
    try {
      mapping = checkMapping(csv.headers, wanted);
    } catch (error) {
      // A mapping still being made (no text column yet) is shown with what it lacks, not refused.
      if (!(error instanceof AppError)) throw error;
      mappingProblem = error.message;
      mapping = Object.fromEntries(csv.headers.map((header) => [header, (postFields as readonly string[]).includes(wanted[header] ?? '') ? (wanted[header] as PostField) : 'skip']));
    }
  }
  const sample = (mappingProblem ? [] : records).map((record) => {
    const outcome = csv ? readCsvRecord(record, { delimiter: csv.delimiter, headers: csv.headers, mapping }) : readNdjsonRecord(record);
    if (outcome.kind !== 'post') return { line: record.line, text: null, externalId: null, publishedAt: null, author: null, error: outcome.kind === 'rejected' ? outcome.error.message : null };
    const { post } = outcome;
    return { line: record.line, text: post.text, externalId: post.externalId, publishedAt: post.publishedAt ?? null, author: post.author?.handle ?? post.author?.name ?? null, error: null };
  });
  const rows = csv
    ? records.map((record) => {
        const cells = record.text === null ? [] : csvCells(record.text, csv.delimiter);
        return typeof cells === 'string' ? [] : cells;
      })
    : [];
  return {
    format: head.format,
    delimiter: csv?.delimiter ?? null,
    headers: csv?.headers ?? [],
    rows,
    mapping,
    mappingProblem,
    fields: postFields.map((value) => ({ value, label: postFieldLabels[value] })),
    sample,
  };
}
