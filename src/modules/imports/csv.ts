// Reads an uploaded CSV: finds its delimiter (comma, semicolon or tab), drops a UTF-8 BOM, follows
// quoted fields (with delimiters and line breaks inside) and CRLF, and names every column uniquely.
import { parse } from 'csv-parse/sync';
import { AppError } from '../../server/errors.js';

export type ParsedCsv = { delimiter: string; headers: string[]; rows: string[][] };

const invalidFile = (message: string) => new AppError('import.invalid_file', 400, message);

/** The candidate that splits the first record (outside quotes) into the most fields. */
export function detectDelimiter(content: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of content.slice(0, 64 * 1024)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [candidate, count] of counts) if (count > counts.get(best)!) best = candidate;
  return best;
}

/** Spreadsheet-style row numbers: the header is row 1, so data row i (0-based) is row i + 2. */
export const fileRowNumber = (index: number) => index + 2;

export function parseCsv(raw: string): ParsedCsv {
  const content = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (content.trim() === '') throw invalidFile('The file is empty: upload a CSV whose first row names the columns.');
  if (content.includes('\u0000')) throw invalidFile('This is not a CSV file (it contains binary data). Export your spreadsheet as CSV and upload that.');
  const delimiter = detectDelimiter(content);
  let records: string[][];
  try {
    records = parse(content, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    throw invalidFile(`The file could not be read as CSV: ${(error as Error).message}`);
  }
  const [headerRecord, ...rows] = records;
  const rawHeaders = (headerRecord ?? []).map((header) => header.trim());
  if (rawHeaders.length === 0 || rawHeaders.every((header) => header === '')) {
    throw invalidFile('The first row of the file must name the columns (e.g. "Name,Email,Phone").');
  }
  const seen = new Map<string, number>();
  const headers = rawHeaders.map((header, index) => {
    const base = header || `Column ${index + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
  return { delimiter, headers, rows };
}

export const isBlankRow = (row: string[]) => row.every((cell) => cell.trim() === '');
