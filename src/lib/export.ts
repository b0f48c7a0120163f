// Streams a list as CSV or JSON without holding it in memory: rows arrive page by page (keyset
// pages from the database) and leave as text chunks. Any list — contacts, companies, deals — plugs in
// its columns and its page reader.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

export const exportFormats = ['csv', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type ExportValue = string | number | boolean | Date | string[] | Record<string, unknown> | null | undefined;
export type ExportColumn<T> = { key: string; header: string; value: (row: T) => ExportValue };

/** Reads pages after the last row of the previous page until a short page says there is no more. */
export async function* keysetPages<T>(readPage: (after: T | null) => Promise<T[]>, pageSize: number): AsyncGenerator<T[]> {
  let after: T | null = null;
  for (;;) {
    const rows = await readPage(after);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!;
  }
}

// A cell starting with = + - @ would run as a formula in a spreadsheet; phone numbers (+44…) and
// negative numbers stay as they are.
const formulaStart = /^(?:[=@\t\r]|[+-](?![\d\s.]))/;

export function csvCell(value: ExportValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return csvCell(value.join('; '));
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return formulaStart.test(text) ? `'${text}` : text;
}

const jsonValue = (value: ExportValue) => (value instanceof Date ? value.toISOString() : (value ?? null));

export type ExportSummary = { rows: number; complete: boolean };

/** The export as a byte stream; `onDone` runs once, after the last row or when the stream stops early. */
export function exportStream<T>(
  pages: AsyncIterable<T[]>,
  columns: ExportColumn<T>[],
  format: ExportFormat,
  onDone?: (summary: ExportSummary) => Promise<void>,
): Readable {
  async function* generate() {
    let rows = 0;
    let complete = false;
    try {
      if (format === 'csv') {
        // The BOM makes spreadsheet programs read the file as UTF-8.
        yield `\ufeff${stringify([columns.map((column) => column.header)])}`;
        for await (const page of pages) {
          yield stringify(page.map((row) => columns.map((column) => csvCell(column.value(row)))));
          rows += page.length;
        }
      } else {
        yield '[';
        for await (const page of pages) {
          const chunk = page
            .map((row) => JSON.stringify(Object.fromEntries(columns.map((column) => [column.key, jsonValue(column.value(row))]))))
            .join(',\n');
          yield `${rows === 0 ? '\n' : ',\n'}${chunk}`;
          rows += page.length;
        }
        yield rows === 0 ? ']\n' : '\n]\n';
      }
      complete = true;
    } finally {
      await onDone?.({ rows, complete });
    }
  }
  return Readable.from(generate(), { objectMode: false });
}

/** Sends an export as a download named `<name>-<date>.<format>`. */
export function sendExport(reply: FastifyReply, name: string, format: ExportFormat, stream: Readable) {
  const filename = `${name}-${new Date().toISOString().slice(0, 10)}.${format}`;
  reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${filename}"`);
  reply.header('cache-control', 'no-store');
  return reply.send(stream);
}
