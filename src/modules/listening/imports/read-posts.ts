// Turns the records of an import file into incoming posts, or into the reason a line is rejected:
// NDJSON lines are IncomingPost objects; CSV rows are read through the column mapping. A post without
// an external id gets one from a hash of its line, so importing the same file again stores nothing twice.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { ListeningImportCsvLayout, ListeningImportLineError } from '../../../db/schema.js';
import { incomingPostSchema, type IncomingPost } from '../pipeline/incoming.js';
import type { PostField } from './mapping.js';
import type { FileRecord } from './records.js';

export type RecordOutcome = { kind: 'blank' } | { kind: 'post'; post: IncomingPost } | { kind: 'rejected'; error: ListeningImportLineError };

const MAX_MESSAGE = 300;
const clip = (value: string, max = 60) => (value.length > max ? `${value.slice(0, max)}…` : value);
const rejected = (line: number, message: string): RecordOutcome => ({ kind: 'rejected', error: { line, message: clip(message, MAX_MESSAGE) } });

/** The id of a post that came without one: the same line always gets the same id. */
export const contentId = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;

function describeIssues(error: z.ZodError, raw: Record<string, unknown>, columnOf: (field: string) => string | undefined): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const field = issue.path.join('.');
      const column = columnOf(field);
      const where = column ? `${field} (column "${column}")` : field;
      if (field === 'publishedAt' || field === 'author.accountCreatedAt') {
        const value = field === 'publishedAt' ? raw.publishedAt : undefined;
        return `${where}: ${value !== undefined ? `${JSON.stringify(value)} is not` : 'is not'} an ISO 8601 date-time such as 2024-05-01T12:00:00Z`;
      }
      return `${where || 'post'}: ${issue.message}`;
    })
    .join('; ');
}

function validPost(line: number, candidate: Record<string, unknown>, hashOf: string, columnOf: (field: string) => string | undefined = () => undefined): RecordOutcome {
  if (typeof candidate.text !== 'string' || candidate.text.trim() === '') {
    const column = columnOf('text');
    return rejected(line, column ? `text is missing (column "${column}" is empty)` : 'text is missing');
  }
  const withId = candidate.externalId === undefined || candidate.externalId === null || candidate.externalId === '' ? { ...candidate, externalId: contentId(hashOf) } : candidate;
  const parsed = incomingPostSchema.safeParse(withId);
  if (!parsed.success) return rejected(line, describeIssues(parsed.error, candidate, columnOf));
  return { kind: 'post', post: parsed.data };
}

/** One NDJSON line: a JSON object with the fields of IncomingPost. */
export function readNdjsonRecord(record: FileRecord): RecordOutcome {
  if (record.problem || record.text === null) return rejected(record.line, `the line is ${record.problem ?? 'unreadable'}`);
  const text = record.text.trim();
  if (text === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return rejected(record.line, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return rejected(record.line, 'not a JSON object: each line must be one post, e.g. {"text": "…", "externalId": "…"}');
  return validPost(record.line, value as Record<string, unknown>, text);
}

/** The cells of one CSV record, or why they cannot be read. */
export function csvCells(text: string, delimiter: string): string[] | string {
  try {
    const [cells] = parse(text, { delimiter, relax_column_count: true, bom: false }) as string[][];
    return cells ?? [];
  } catch (error) {
    return `not a valid CSV row: ${(error as Error).message}`;
  }
}

const FOLLOWERS = /^\d{1,12}$/;
const TRUE = new Set(['true', 'yes', 'y', '1', 'verified']);
const FALSE = new Set(['false', 'no', 'n', '0', '']);

/** Dates as spreadsheets write them: ISO 8601 (UTC when no offset), a date alone, or Unix seconds or milliseconds. */
export function readDate(value: string): string | null {
  const trimmed = value.trim();
  if (/^\d{10}$/.test(trimmed)) return new Date(Number(trimmed) * 1000).toISOString();
  if (/^\d{13}$/.test(trimmed)) return new Date(Number(trimmed)).toISOString();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(trimmed);
  if (!iso) return null;
  const [, day, time, zone] = iso;
  const at = new Date(`${day}T${time ?? '00:00:00'}${zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

type Conversion = { value: unknown } | { error: string };

function convert(field: PostField, raw: string): Conversion {
  const value = raw.trim();
  switch (field) {
    case 'publishedAt': {
      const date = readDate(value);
      return date ? { value: date } : { error: `"${clip(value)}" is not a date (use ISO 8601 such as 2024-05-01T12:00:00Z, or Unix seconds)` };
    }
    case 'author.followers': {
      const digits = value.replace(/[,_\s]/g, '');
      return FOLLOWERS.test(digits) ? { value: Number(digits) } : { error: `"${clip(value)}" is not a number of followers` };
    }
    case 'author.verified': {
      const lower = value.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { error: `"${clip(value)}" is not yes or no` };
    }
    case 'author.handle':
      return { value: value.replace(/^@/, '') };
    case 'lang':
    case 'country':
      return { value: value.toLowerCase() };
    case 'text':
      return { value: raw };
    default:
      return { value };
  }
}

/** One CSV data record read through the layout's mapping. */
export function readCsvRecord(record: FileRecord, layout: ListeningImportCsvLayout): RecordOutcome {
  if (record.problem || record.text === null) return rejected(record.line, `the row is unreadable: ${record.problem ?? 'unknown reason'}`);
  if (record.text.trim() === '') return { kind: 'blank' };
  const cells = csvCells(record.text, layout.delimiter);
  if (typeof cells === 'string') return rejected(record.line, cells);
  if (cells.length !== layout.headers.length) {
    return rejected(record.line, `has ${cells.length} field${cells.length === 1 ? '' : 's'} where the header has ${layout.headers.length}`);
  }
  const post: Record<string, unknown> = {};
  const author: Record<string, unknown> = {};
  const data: Record<string, string> = {};
  const columnOf = new Map<string, string>();
  for (const [index, header] of layout.headers.entries()) {
    const field = layout.mapping[header] as PostField | undefined;
    const raw = cells[index] ?? '';
    if (!field || field === 'skip') continue;
    columnOf.set(field, header);
    if (raw.trim() === '') continue;
    if (field === 'data') {
      data[header] = raw;
      continue;
    }
    const converted = convert(field, raw);
    if ('error' in converted) return rejected(record.line, `${field} (column "${header}"): ${converted.error}`);
    if (field.startsWith('author.')) author[field.slice('author.'.length)] = converted.value;
    else post[field] = converted.value;
  }
  if (Object.keys(author).length > 0) post.author = author;
  if (Object.keys(data).length > 0) post.data = data;
  return validPost(record.line, post, record.text, (field) => columnOf.get(field));
}
